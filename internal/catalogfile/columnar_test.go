package catalogfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

var attributeStruct = arrow.StructOf(
	arrow.Field{Name: "kind", Type: arrow.BinaryTypes.String},
	arrow.Field{Name: "value", Type: arrow.BinaryTypes.String},
)

// productSchema has every product column, each in a type that the
// readers accept.
var productSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.BinaryTypes.String},
	{Name: "category", Type: arrow.BinaryTypes.LargeString},
	{Name: "title", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "attributes", Type: arrow.ListOf(attributeStruct), Nullable: true},
	{Name: "attr.color", Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true},
	{Name: "attr.length", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "image_embedding", Type: arrow.FixedSizeListOf(3, arrow.PrimitiveTypes.Float32), Nullable: true},
}, nil)

// buildProducts returns a record batch of n products; product i has
// title "T<i>" except every third, which has none.
func buildProducts(t testing.TB, mem memory.Allocator, first, n int) arrow.RecordBatch {
	t.Helper()

	b := array.NewRecordBuilder(mem, productSchema)
	defer b.Release()

	for i := first; i < first+n; i++ {
		b.Field(0).(*array.StringBuilder).Append(idOf(i))
		b.Field(1).(*array.LargeStringBuilder).Append("Dress")

		if i%3 == 0 {
			b.Field(2).AppendNull()
		} else {
			b.Field(2).(*array.StringBuilder).Append("T" + idOf(i))
		}

		attrs := b.Field(3).(*array.ListBuilder)
		attrs.Append(true)
		st := attrs.ValueBuilder().(*array.StructBuilder)
		st.Append(true)
		st.FieldBuilder(0).(*array.StringBuilder).Append("Material")
		st.FieldBuilder(1).(*array.StringBuilder).Append("silk")

		colors := b.Field(4).(*array.ListBuilder)
		colors.Append(true)
		colors.ValueBuilder().(*array.StringBuilder).AppendValues([]string{"red", "white"}, nil)

		b.Field(5).(*array.StringBuilder).Append("midi")

		vec := b.Field(6).(*array.FixedSizeListBuilder)
		vec.Append(true)
		vec.ValueBuilder().(*array.Float32Builder).AppendValues([]float32{float32(i), 0.5, -1}, nil)
	}

	return b.NewRecordBatch()
}

func idOf(i int) string { return "sku-" + string(rune('a'+i%26)) + string(rune('a'+i/26)) }

// writeColumnar writes batches of products to a file of the format.
func writeColumnar(t testing.TB, format Format, batches ...arrow.RecordBatch) string {
	t.Helper()

	path := filepath.Join(t.TempDir(), "products")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	switch format {
	case Parquet:
		props := parquet.NewWriterProperties(parquet.WithMaxRowGroupLength(7))
		w, err := pqarrow.NewFileWriter(productSchema, f, props, pqarrow.DefaultWriterProps())
		if err != nil {
			t.Fatal(err)
		}

		for _, b := range batches {
			if err := w.Write(b); err != nil {
				t.Fatal(err)
			}
		}

		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	case ArrowFile:
		w, err := ipc.NewFileWriter(f, ipc.WithSchema(productSchema))
		if err != nil {
			t.Fatal(err)
		}

		for _, b := range batches {
			if err := w.Write(b); err != nil {
				t.Fatal(err)
			}
		}

		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	default:
		w := ipc.NewWriter(f, ipc.WithSchema(productSchema))
		for _, b := range batches {
			if err := w.Write(b); err != nil {
				t.Fatal(err)
			}
		}

		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}

	return path
}

func TestColumnarProducts(t *testing.T) {
	for _, format := range []Format{Parquet, ArrowFile, ArrowStream} {
		t.Run(format.String(), func(t *testing.T) {
			build := memory.NewGoAllocator()
			b1, b2 := buildProducts(t, build, 0, 10), buildProducts(t, build, 10, 5)
			path := writeColumnar(t, format, b1, b2)
			b1.Release()
			b2.Release()

			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)

			products, _ := readAll(t, []string{path}, mem)
			if len(products) != 15 {
				t.Fatalf("read %d products, want 15", len(products))
			}

			wantAttrs := []catalog.Attribute{{Kind: "color", Value: "red"}, {Kind: "color", Value: "white"}, {Kind: "length", Value: "midi"}, {Kind: "material", Value: "silk"}}

			for i, p := range products {
				if p.ID != idOf(i) || p.Pos != (ingest.Position{File: path, Row: i + 1}) || p.Memberships[0].Category != "dress" {
					t.Errorf("row %d: product %+v", i+1, p)
				}

				if wantTitle := "T" + idOf(i); i%3 != 0 && p.Title != wantTitle || i%3 == 0 && p.Title != "" {
					t.Errorf("row %d: title %q", i+1, p.Title)
				}

				if !slices.Equal(p.Attributes, wantAttrs) {
					t.Errorf("row %d: attributes %v, want %v", i+1, p.Attributes, wantAttrs)
				}

				if !slices.Equal(p.ImageEmbedding, []float32{float32(i), 0.5, -1}) {
					t.Errorf("row %d: embedding %v", i+1, p.ImageEmbedding)
				}
			}
		})
	}
}

func TestColumnarSchemaErrors(t *testing.T) {
	tests := []struct {
		name   string
		schema *arrow.Schema
	}{
		{"unknown column", arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}, {Name: "category", Type: arrow.BinaryTypes.String}, {Name: "colour", Type: arrow.BinaryTypes.String}}, nil)},
		{"integer id", arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64}, {Name: "category", Type: arrow.BinaryTypes.String}}, nil)},
		{"missing category", arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}}, nil)},
		{"integer vector", arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.BinaryTypes.String}, {Name: "category", Type: arrow.BinaryTypes.String}, {Name: "image_embedding", Type: arrow.ListOf(arrow.PrimitiveTypes.Int32)}}, nil)},
	}

	for _, tc := range tests {
		path := filepath.Join(t.TempDir(), "p.arrow")

		var buf bytes.Buffer
		w, err := ipc.NewFileWriter(&buf, ipc.WithSchema(tc.schema))
		if err != nil {
			t.Fatal(err)
		}

		if err := w.Close(); err != nil {
			t.Fatal(err)
		}

		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}

		mem := memory.NewCheckedAllocator(memory.NewGoAllocator())

		_, err = Open(t.Context(), []string{path}, Options{Allocator: mem})
		if !errors.Is(err, ErrInvalidFile) {
			t.Errorf("%s: error %v, want ErrInvalidFile", tc.name, err)
		}

		mem.AssertSize(t, 0)
	}
}

func TestColumnarNonFiniteVector(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{
		{Name: "id", Type: arrow.BinaryTypes.String},
		{Name: "category", Type: arrow.BinaryTypes.String},
		{Name: "image_embedding", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64)},
	}, nil)

	mem := memory.NewGoAllocator()
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()

	b.Field(0).(*array.StringBuilder).AppendValues([]string{"a", "b"}, nil)
	b.Field(1).(*array.StringBuilder).AppendValues([]string{"dress", "dress"}, nil)

	vec := b.Field(2).(*array.ListBuilder)
	values := vec.ValueBuilder().(*array.Float64Builder)
	vec.Append(true)
	values.AppendValues([]float64{1, 2}, nil)
	vec.Append(true)
	values.Append(1)
	values.AppendNull()

	rec := b.NewRecordBatch()
	defer rec.Release()

	path := filepath.Join(t.TempDir(), "p.arrows")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}

	w := ipc.NewWriter(f, ipc.WithSchema(schema))
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}

	w.Close()
	f.Close()

	err = nextProductError(t, path, 2)

	var re *ingest.RecordError
	if !errors.As(err, &re) || re.Field != "image_embedding" || re.Pos.Row != 2 {
		t.Fatalf("null vector element: %v, want a RecordError for image_embedding at row 2", err)
	}
}

func FuzzColumnarFile(f *testing.F) {
	mem := memory.NewGoAllocator()

	for _, format := range []Format{Parquet, ArrowFile, ArrowStream} {
		b := buildProducts(f, mem, 0, 3)
		path := writeColumnar(f, format, b)
		b.Release()

		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}

		f.Add(data)
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "f")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}

		ctx := t.Context()

		s, err := Open(ctx, []string{path}, Options{})
		if err != nil {
			return
		}
		defer s.Close()

		for range 50 {
			p, err := s.NextProduct(ctx)
			if err != nil {
				if !errors.Is(err, ingest.ErrInvalidRecord) {
					return
				}

				continue
			}

			checkProduct(t, p)
		}
	})
}
