package ingest

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
)

func TestSlices(t *testing.T) {
	ctx := context.Background()
	s := Slices([]catalog.Product{{ID: "a"}, {ID: "b"}}, []catalog.Query{{ID: "q"}})

	for i, want := range []string{"a", "b"} {
		p, err := s.NextProduct(ctx)
		if err != nil || p.ID != want || p.Pos.Row != i+1 {
			t.Errorf("product %d = %+v, %v", i+1, p, err)
		}
	}

	if _, err := s.NextProduct(ctx); !errors.Is(err, io.EOF) {
		t.Errorf("after the products: %v, want io.EOF", err)
	}

	if q, err := s.NextQuery(ctx); err != nil || q.ID != "q" {
		t.Errorf("query = %+v, %v", q, err)
	}

	if _, err := s.NextQuery(ctx); !errors.Is(err, io.EOF) {
		t.Errorf("after the queries: %v, want io.EOF", err)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()

	if _, err := Slices([]catalog.Product{{ID: "a"}}, nil).NextProduct(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
}
