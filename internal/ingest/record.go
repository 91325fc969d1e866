package ingest

import (
	"context"
	"fmt"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// Position locates a record in its input: a line of a text file, or a
// row of a Parquet or Arrow IPC file. Both count from 1.
type Position struct {
	File string
	Line int // line of a text file; 0 for columnar files
	Row  int // row of a columnar file; 0 for text files
}

// String formats the position as "file:line" or "file: row N".
func (p Position) String() string {
	switch {
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	case p.Row > 0:
		return fmt.Sprintf("%s: row %d", p.File, p.Row)
	default:
		return p.File
	}
}

// Product is one product as a reader yields it.
type Product struct {
	catalog.Product

	Pos Position

	// Caption is the product's full caption, stored as p.caption even
	// when some of the attributes made from it are hidden. It is empty
	// when the source has no captions.
	Caption string

	// DetectionScore is the detector confidence of a Fashion200K label
	// line, or nil when the source has none.
	DetectionScore *float64

	// Galleries are galleries that the product is in without their
	// category becoming one of its categories, such as Fashion200K's
	// all-category test gallery.
	Galleries []catalog.Membership
}

// Query is one modification query as a reader yields it.
type Query struct {
	catalog.Query

	Pos Position

	// Mentions are the attributes that the query asks to add and to
	// remove. Nil makes the loader find them in the text with a
	// modtext.Matcher over the attributes of the loaded products.
	Mentions *modtext.Mentions
}

// Stream yields the records of one load: every product, then every query.
//
// An error that wraps ErrInvalidRecord concerns one record only, and the
// stream continues after it. Any other error ends the stream.
type Stream interface {
	// NextProduct returns the next product, or io.EOF after the last one.
	NextProduct(ctx context.Context) (Product, error)

	// NextQuery returns the next query, or io.EOF after the last one. The
	// loader calls it only after NextProduct returned io.EOF.
	NextQuery(ctx context.Context) (Query, error)

	// Close releases the stream's open files.
	Close() error
}
