package embed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ExportTables is a TableSource over the Arrow IPC files that "tailor
// export --format arrow" writes (products.arrow, edges.arrow,
// queries.arrow, preferences.arrow). It serves the tables that ReadCorpus
// reads by reshaping them: attribute_edges from the HAS_ATTRIBUTE rows of
// edges, preferences as pairs of each group's products, and galleries
// from each product's source, categories and splits.
//
// NOTE: the export has no gallery table, so a product listed under two
// categories or two splits joins every combination of them, which can
// put it in a gallery it is not in.
type ExportTables struct {
	Dir string
	Mem memory.Allocator // nil means memory.DefaultAllocator
}

// HasTable reports whether the export serves the named table.
func (t ExportTables) HasTable(name string) bool {
	switch name {
	case TableProducts, TableAttributeEdges, TablePreferences, TableQueries, TableGalleries:
		return true
	default:
		return false
	}
}

// OpenTable reads the export file behind the named table. It reads the
// whole file before returning, so memory grows with the file.
func (t ExportTables) OpenTable(ctx context.Context, name string) (array.RecordReader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	switch name {
	case TableProducts, TableQueries:
		return t.reshape(name, name, nil, nil)
	case TableAttributeEdges:
		return t.reshape("edges", name, edgeSchema, attributeEdgeRows)
	case TablePreferences:
		return t.reshape("preferences", name, preferenceSchema, preferencePairs)
	case TableGalleries:
		return t.reshape("products", name, gallerySchema, galleryRows)
	default:
		return nil, fmt.Errorf("open table %s: the export has no such table", name)
	}
}

var (
	edgeSchema = arrow.NewSchema([]arrow.Field{
		{Name: "product", Type: arrow.BinaryTypes.String}, {Name: "kind", Type: arrow.BinaryTypes.String},
		{Name: "value", Type: arrow.BinaryTypes.String},
	}, nil)
	preferenceSchema = arrow.NewSchema([]arrow.Field{
		{Name: "product", Type: arrow.BinaryTypes.String}, {Name: "other", Type: arrow.BinaryTypes.String},
	}, nil)
	gallerySchema = arrow.NewSchema([]arrow.Field{
		{Name: "product", Type: arrow.BinaryTypes.String}, {Name: "dataset", Type: arrow.BinaryTypes.String},
		{Name: "category", Type: arrow.BinaryTypes.String}, {Name: "split", Type: arrow.BinaryTypes.String},
	}, nil)
)

// rowFunc appends the rows that one export record batch becomes, one
// []string per row in the order of the target schema's columns.
type rowFunc func(rec arrow.RecordBatch, emit func(...string)) error

// reshape reads file.arrow and returns its batches as they are (when
// rows is nil) or turned into batches of schema by rows.
func (t ExportTables) reshape(file, name string, schema *arrow.Schema, rows rowFunc) (rr array.RecordReader, err error) {
	mem := t.Mem
	if mem == nil {
		mem = memory.DefaultAllocator
	}

	f, err := os.Open(filepath.Join(t.Dir, file+".arrow"))
	if err != nil {
		return nil, fmt.Errorf("open table %s: %w", name, err)
	}
	defer f.Close()

	r, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
	if err != nil {
		return nil, fmt.Errorf("open table %s: %w", name, err)
	}
	defer r.Close()

	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("read table %s from %s.arrow: %v", name, file, p)
		}
	}()

	var out []arrow.RecordBatch
	defer func() {
		for _, rec := range out {
			rec.Release()
		}
	}()

	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		if err != nil {
			return nil, fmt.Errorf("read table %s from %s.arrow: %w", name, file, err)
		}

		if rows == nil {
			rec.Retain()
			out = append(out, rec)

			continue
		}

		converted, err := convert(mem, schema, rec, rows)
		if err != nil {
			return nil, fmt.Errorf("read table %s from %s.arrow: %w", name, file, err)
		}

		out = append(out, converted)
	}

	if schema == nil {
		schema = r.Schema()
	}

	return array.NewRecordReader(schema, out)
}

func convert(mem memory.Allocator, schema *arrow.Schema, rec arrow.RecordBatch, rows rowFunc) (arrow.RecordBatch, error) {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()

	emit := func(values ...string) {
		for i, v := range values {
			b.Field(i).(*array.StringBuilder).Append(v)
		}
	}

	if err := rows(rec, emit); err != nil {
		return nil, err
	}

	return b.NewRecordBatch(), nil
}

func attributeEdgeRows(rec arrow.RecordBatch, emit func(...string)) error {
	source, target := column[*array.String](rec, "source"), column[*array.String](rec, "target")
	kind, typ := column[*array.String](rec, "target_kind"), column[*array.String](rec, "type")

	for i := range source.Len() {
		if typ.Value(i) == "HAS_ATTRIBUTE" && kind.IsValid(i) {
			emit(source.Value(i), kind.Value(i), target.Value(i))
		}
	}

	return nil
}

func preferencePairs(rec arrow.RecordBatch, emit func(...string)) error {
	products := column[*array.List](rec, "products")
	ids := products.ListValues().(*array.String)

	for i := range products.Len() {
		lo, hi := products.ValueOffsets(i)
		for a := lo; a < hi; a++ {
			for b := a + 1; b < hi; b++ {
				emit(ids.Value(int(a)), ids.Value(int(b)))
			}
		}
	}

	return nil
}

func galleryRows(rec arrow.RecordBatch, emit func(...string)) error {
	ids, source := column[*array.String](rec, "id"), column[*array.String](rec, "source")
	cats, splits := column[*array.List](rec, "categories"), column[*array.List](rec, "splits")
	catValues, splitValues := cats.ListValues().(*array.String), splits.ListValues().(*array.String)

	for i := range ids.Len() {
		clo, chi := cats.ValueOffsets(i)
		slo, shi := splits.ValueOffsets(i)

		for c := clo; c < chi; c++ {
			for s := slo; s < shi; s++ {
				emit(ids.Value(i), source.Value(i), catValues.Value(int(c)), splitValues.Value(int(s)))
			}
		}
	}

	return nil
}
