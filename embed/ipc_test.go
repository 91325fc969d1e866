package embed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// memTables is a TableSource over record batches built in memory.
type memTables map[string]arrow.RecordBatch

func (m memTables) OpenTable(_ context.Context, name string) (array.RecordReader, error) {
	rec, ok := m[name]
	if !ok {
		return nil, fmt.Errorf("no table %q", name)
	}

	return array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
}

func (m memTables) release() {
	for _, rec := range m {
		rec.Release()
	}
}

// table builds a record batch of string and string-list columns; a row
// value "" is null, and a list column takes []string values.
func table(t *testing.T, mem memory.Allocator, names []string, rows [][]any) arrow.RecordBatch {
	t.Helper()

	fields := make([]arrow.Field, len(names))
	for i, n := range names {
		fields[i] = arrow.Field{Name: n, Type: arrow.BinaryTypes.String, Nullable: true}
		if len(rows) > 0 {
			if _, ok := rows[0][i].([]string); ok {
				fields[i].Type = arrow.ListOf(arrow.BinaryTypes.String)
			}
		}
	}

	b := array.NewRecordBuilder(mem, arrow.NewSchema(fields, nil))
	defer b.Release()

	for _, row := range rows {
		for i, v := range row {
			switch v := v.(type) {
			case string:
				if v == "" {
					b.Field(i).AppendNull()
				} else {
					b.Field(i).(*array.StringBuilder).Append(v)
				}
			case []string:
				lb := b.Field(i).(*array.ListBuilder)
				lb.Append(true)
				for _, s := range v {
					lb.ValueBuilder().(*array.StringBuilder).Append(s)
				}
			}
		}
	}

	return b.NewRecordBatch()
}

func corpusTables(t *testing.T, mem memory.Allocator) memTables {
	t.Helper()

	return memTables{
		TableProducts: table(t, mem, []string{"id", "source", "categories", "image_url"}, [][]any{
			{"p1", "test", []string{"dress"}, ""}, {"p2", "test", []string{"dress"}, "http://127.0.0.1/p2.jpg"},
		}),
		TableAttributeEdges: table(t, mem, []string{"product", "kind", "value"}, [][]any{
			{"p1", "texture", "floral print"}, {"p2", "texture", "lace"}, {"p2", "shape", "mini"},
		}),
		TablePreferences: table(t, mem, []string{"product", "other"}, [][]any{{"p1", "p2"}}),
		TableQueries: table(t, mem, []string{"id", "source", "category", "split", "candidate", "target", "text", "words"}, [][]any{
			{"q1", "test", "dress", "train", "p1", "p2", "is lace", []string{"is", "lace"}},
		}),
		TableGalleries: table(t, mem, []string{"product", "dataset", "category", "split"}, [][]any{{"p1", "test", "dress", "train"}}),
	}
}

func TestIPCTablesRoundTrip(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	src := corpusTables(t, mem)
	defer src.release()

	dir := t.TempDir()
	if err := WriteIPCTables(context.Background(), src, dir, CorpusTables); err != nil {
		t.Fatal(err)
	}

	want, err := ReadCorpus(context.Background(), src, NewBuilder(nil))
	if err != nil {
		t.Fatal(err)
	}

	got, err := ReadCorpus(context.Background(), IPCTables{Dir: dir, Mem: mem}, NewBuilder(nil))
	if err != nil {
		t.Fatal(err)
	}

	gw, gg := want.Builder.Graph(), got.Builder.Graph()
	if !slices.Equal(gw.Products, gg.Products) || !slices.Equal(gw.Words, gg.Words) || len(gg.Attributes) != 3 {
		t.Errorf("graph from IPC files: products %v, words %v; want %v, %v", gg.Products, gg.Words, gw.Products, gw.Words)
	}

	if fmt.Sprint(got.Queries) != fmt.Sprint(want.Queries) || fmt.Sprint(gg.Preferences) != fmt.Sprint(gw.Preferences) {
		t.Errorf("queries %v, preferences %v; want %v, %v", got.Queries, gg.Preferences, want.Queries, gw.Preferences)
	}
}

func TestIPCTablesMissingFile(t *testing.T) {
	_, err := IPCTables{Dir: t.TempDir()}.OpenTable(context.Background(), TableProducts)
	if err == nil {
		t.Error("opening a table without its file returned no error")
	}
}

func (m memTables) HasTable(name string) bool {
	_, ok := m[name]
	return ok
}

func TestReadCorpusImageFeatures(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	src := corpusTables(t, mem)
	defer src.release()

	b := array.NewRecordBuilder(mem, arrow.NewSchema([]arrow.Field{
		{Name: "product", Type: arrow.BinaryTypes.String},
		{Name: "vector", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64)},
	}, nil))
	defer b.Release()

	b.Field(0).(*array.StringBuilder).AppendValues([]string{"p2", "unknown"}, nil)
	lb := b.Field(1).(*array.ListBuilder)
	for _, v := range [][]float64{{0.5, -1, 2}, {1, 1, 1}} {
		lb.Append(true)
		lb.ValueBuilder().(*array.Float64Builder).AppendValues(v, nil)
	}

	src[TableImageFeatures] = b.NewRecordBatch()

	c, err := ReadCorpus(context.Background(), src, NewBuilder(nil))
	if err != nil {
		t.Fatal(err)
	}

	g := c.Builder.Graph()
	if got := g.imageRow(1); !slices.Equal(got, []float32{0.5, -1, 2}) {
		t.Errorf("image features of p2 = %v, want [0.5 -1 2]", got)
	}

	if got := g.imageRow(0); got != nil {
		t.Errorf("p1 has image features %v, want none", got)
	}

	m, err := NewModel(g, 4, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}

	if m.P.Shape.ImageDim != 3 {
		t.Errorf("model image dim %d, want 3", m.P.Shape.ImageDim)
	}
}
