package fashion200k

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// readAll opens files and reads every product and query, failing the
// test on any error.
func readAll(t *testing.T, files []string, opts Options) ([]ingest.Product, []ingest.Query) {
	t.Helper()

	s, err := Open(files, opts, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	ctx := context.Background()

	var products []ingest.Product
	for {
		p, err := s.NextProduct(ctx)
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			t.Fatalf("read product %d: %v", len(products)+1, err)
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
			t.Fatalf("read query %d: %v", len(queries)+1, err)
		}

		queries = append(queries, q)
	}

	return products, queries
}
