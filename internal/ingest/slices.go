package ingest

import (
	"context"
	"io"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// sliceStream is a Stream over records already in memory.
type sliceStream struct {
	products []catalog.Product
	queries  []catalog.Query
	next     int
	nextQ    int
}

// Slices returns a Stream over products and queries held in memory. The
// position of each record is its 1-based index, as a row of the file
// name "products" or "queries".
func Slices(products []catalog.Product, queries []catalog.Query) Stream {
	return &sliceStream{products: products, queries: queries}
}

func (s *sliceStream) NextProduct(ctx context.Context) (Product, error) {
	if err := ctx.Err(); err != nil {
		return Product{}, err
	}

	if s.next >= len(s.products) {
		return Product{}, io.EOF
	}

	s.next++

	return Product{Product: s.products[s.next-1], Pos: Position{File: "products", Row: s.next}}, nil
}

func (s *sliceStream) NextQuery(ctx context.Context) (Query, error) {
	if err := ctx.Err(); err != nil {
		return Query{}, err
	}

	if s.nextQ >= len(s.queries) {
		return Query{}, io.EOF
	}

	s.nextQ++

	return Query{Query: s.queries[s.nextQ-1], Pos: Position{File: "queries", Row: s.nextQ}}, nil
}

func (s *sliceStream) Close() error { return nil }
