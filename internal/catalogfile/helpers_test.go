package catalogfile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// readAll reads every product and query of files, failing the test on
// any error.
func readAll(t *testing.T, files []string, mem memory.Allocator) ([]ingest.Product, []ingest.Query) {
	t.Helper()

	ctx := context.Background()

	s, err := Open(ctx, files, Options{Dataset: "shop", Allocator: mem})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	var products []ingest.Product
	for {
		p, err := s.NextProduct(ctx)
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			t.Fatalf("product %d: %v", len(products)+1, err)
		}

		products = append(products, p)
	}

	var queries []ingest.Query
	for {
		q, err := s.NextQuery(ctx)
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			t.Fatalf("query %d: %v", len(queries)+1, err)
		}

		queries = append(queries, q)
	}

	return products, queries
}

// writeFile writes content to name in a new temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()

	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}

	return path
}

// nextProductError opens path and returns the error of product n (1-based),
// failing the test when an earlier product fails.
func nextProductError(t *testing.T, path string, n int) error {
	t.Helper()

	ctx := context.Background()

	s, err := Open(ctx, []string{path}, Options{})
	if err != nil {
		return err
	}
	defer s.Close()

	for i := 1; ; i++ {
		_, err := s.NextProduct(ctx)
		if i == n {
			return err
		}

		if err != nil {
			t.Fatalf("product %d: %v", i, err)
		}
	}
}

// rowPos is a position for conversions under test.
var rowPos = ingest.Position{File: "f", Line: 1}
