package export

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
)

func discardLogger() *slog.Logger { return slog.New(slog.DiscardHandler) }

// checkedAllocator returns an allocator that fails the test when Arrow
// memory is still allocated at its end.
func checkedAllocator(t *testing.T) *memory.CheckedAllocator {
	t.Helper()

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() { mem.AssertSize(t, 0) })

	return mem
}

// peakAllocator records the most Arrow memory allocated at once.
type peakAllocator struct {
	*memory.CheckedAllocator

	mu   sync.Mutex
	peak int
}

func (p *peakAllocator) Allocate(size int) []byte {
	b := p.CheckedAllocator.Allocate(size)
	p.note()

	return b
}

func (p *peakAllocator) Reallocate(size int, b []byte) []byte {
	out := p.CheckedAllocator.Reallocate(size, b)
	p.note()

	return out
}

func (p *peakAllocator) note() {
	p.mu.Lock()
	defer p.mu.Unlock()

	p.peak = max(p.peak, p.CurrentAlloc())
}

// readBack reads an exported file into one table with mem. The caller
// releases the table.
func readBack(t *testing.T, f Format, path string, mem memory.Allocator) arrow.Table {
	t.Helper()

	switch f {
	case Arrow:
		return readArrowFile(t, path, mem)
	case Parquet:
		return readParquetFile(t, path, mem)
	default:
		t.Fatalf("unknown format %q", f)
		return nil
	}
}

func readArrowFile(t *testing.T, path string, mem memory.Allocator) arrow.Table {
	t.Helper()

	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()

	r, err := ipc.NewFileReader(fh, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatalf("open arrow file %s: %v", path, err)
	}
	defer r.Close()

	var recs []arrow.RecordBatch
	for i := range r.NumRecords() {
		rec, err := r.RecordBatch(i)
		if err != nil {
			t.Fatalf("read batch %d of %s: %v", i, path, err)
		}

		rec.Retain()
		recs = append(recs, rec)
	}

	tbl := array.NewTableFromRecords(r.Schema(), recs)
	for _, rec := range recs {
		rec.Release()
	}

	return tbl
}

func readParquetFile(t *testing.T, path string, mem memory.Allocator) arrow.Table {
	t.Helper()

	pf, err := file.OpenParquetFile(path, false, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		t.Fatalf("open parquet file %s: %v", path, err)
	}
	defer pf.Close()

	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1024}, mem)
	if err != nil {
		t.Fatalf("read parquet file %s: %v", path, err)
	}

	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("read parquet table %s: %v", path, err)
	}
	defer tbl.Release()

	// ReadTable's schema lacks the schema-level metadata that the file
	// stores; FileReader.Schema restores it from the footer.
	schema, err := fr.Schema()
	if err != nil {
		t.Fatalf("read parquet schema %s: %v", path, err)
	}

	cols := make([]arrow.Column, tbl.NumCols())
	for i := range cols {
		cols[i] = *tbl.Column(i)
	}

	return array.NewTable(schema, cols, tbl.NumRows())
}

// tableRows converts every row of tbl into a map from column name to a
// Go value: string, int64, time.Time, []any, map[string]any, []float32
// or nil for null.
func tableRows(t *testing.T, tbl arrow.Table) []map[string]any {
	t.Helper()

	tr := array.NewTableReader(tbl, 0)
	defer tr.Release()

	var rows []map[string]any
	for tr.Next() {
		rec := tr.RecordBatch()
		for i := range int(rec.NumRows()) {
			row := map[string]any{}
			for j, f := range rec.Schema().Fields() {
				row[f.Name] = goValue(t, rec.Column(j), i)
			}

			rows = append(rows, row)
		}
	}

	return rows
}

func goValue(t *testing.T, col arrow.Array, i int) any {
	t.Helper()

	if col.IsNull(i) {
		return nil
	}

	switch c := col.(type) {
	case *array.String:
		return c.Value(i)
	case *array.Int64:
		return c.Value(i)
	case *array.Timestamp:
		unit := c.DataType().(*arrow.TimestampType).Unit
		return c.Value(i).ToTime(unit).UTC()
	case *array.List:
		lo, hi := c.ValueOffsets(i)
		out := []any{}
		for j := lo; j < hi; j++ {
			out = append(out, goValue(t, c.ListValues(), int(j)))
		}

		return out
	case *array.Struct:
		st := c.DataType().(*arrow.StructType)
		out := map[string]any{}
		for j := range st.NumFields() {
			out[st.Field(j).Name] = goValue(t, c.Field(j), i)
		}

		return out
	case *array.FixedSizeList:
		n := int(c.DataType().(*arrow.FixedSizeListType).Len())
		values := c.ListValues().(*array.Float32)
		out := make([]float32, n)
		for j := range n {
			out[j] = values.Value(i*n + j)
		}

		return out
	default:
		t.Fatalf("no conversion for column type %s", col.DataType())
		return nil
	}
}

// fixture is the small catalog in testdata/catalog.json.
type fixture struct {
	Products []catalog.Product `json:"products"`
	Queries  []catalog.Query   `json:"queries"`
}

func readFixture(t *testing.T) fixture {
	t.Helper()

	b, err := os.ReadFile(filepath.Join("testdata", "catalog.json"))
	if err != nil {
		t.Fatal(err)
	}

	var f fixture
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("testdata/catalog.json: %v", err)
	}

	return f
}

// testDim is the vector dimension of the fixture model.
const testDim = 4

// seedOptions selects what seedGraph adds besides the fixture catalog.
type seedOptions struct {
	model bool // a model version with vectors, and one product added after it
}

// seedGraph loads the fixture catalog, a user-added attribute edge and a
// preference group into the wiped test database.
func seedGraph(t *testing.T, client *graphdb.Client, opts seedOptions) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if err := client.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	f := readFixture(t)
	if _, err := client.Load(ctx, "fixture", f.Products, f.Queries, 0); err != nil {
		t.Fatalf("load fixture: %v", err)
	}

	writeOne(t, client, "attribute_add", map[string]any{"product": "B000000003", "kind": "texture", "value": "plaid", "user": "tester"})
	writeOne(t, client, "preference_create", map[string]any{
		"id": "group-1", "products": []string{"B000000005", "B000000001"}, "context": "summer", "user": "tester",
	})

	if opts.model {
		seedModel(t, client)
	}
}

// seedModel stores a model version and writes a vector for each product,
// attribute and word, then adds a product that has no vector.
func seedModel(t *testing.T, client *graphdb.Client) {
	t.Helper()

	ctx := context.Background()

	version, err := client.CreateModel(ctx, graphdb.ModelRecord{Dim: testDim, Params: []byte{0}, Config: "{}"})
	if err != nil {
		t.Fatal(err)
	}

	vec := func(seed int) []float64 {
		return []float64{float64(seed) + 0.1, -float64(seed) / 3, 1.0 / float64(seed+1), 0.5}
	}

	var products, attrs, words []map[string]any
	for i, p := range readFixture(t).Products {
		products = append(products, map[string]any{"key": p.ID, "vector": vec(i)})
	}

	recs, err := client.Read(ctx, "MATCH (a:Attribute) RETURN a.kind AS kind, a.value AS value ORDER BY kind, value", nil)
	if err != nil {
		t.Fatal(err)
	}

	for i, r := range recs {
		attrs = append(attrs, map[string]any{"kind": r["kind"], "value": r["value"], "vector": vec(10 + i)})
	}

	for i, w := range []string{"striped", "darker", "floral"} {
		words = append(words, map[string]any{"key": w, "vector": vec(100 + i)})
	}

	for target, rows := range map[graphdb.VectorTarget][]map[string]any{
		graphdb.ProductVectors: products, graphdb.AttributeVectors: attrs, graphdb.WordVectors: words,
	} {
		if err := client.WriteVectors(ctx, target, version, rows, nil); err != nil {
			t.Fatal(err)
		}
	}

	late := []catalog.Product{{ID: "B000000099", Source: "fixture", Memberships: []catalog.Membership{{Category: "dress", Split: "train"}}}}
	if _, err := client.Load(ctx, "late", late, nil, 0); err != nil {
		t.Fatalf("load late product: %v", err)
	}
}

// writeOne runs a named statement that must return one row.
func writeOne(t *testing.T, client *graphdb.Client, name string, params map[string]any) {
	t.Helper()

	recs, err := client.Write(context.Background(), cypher.MustStatement(name), params)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}

	if len(recs) != 1 {
		t.Fatalf("%s returned %d rows, want 1", name, len(recs))
	}
}

// diffRows reports the first difference between two row lists.
func diffRows(got, want []map[string]any) string {
	if len(got) != len(want) {
		return fmt.Sprintf("got %d rows, want %d", len(got), len(want))
	}

	for i := range got {
		if g, w := fmt.Sprint(got[i]), fmt.Sprint(want[i]); g != w {
			return fmt.Sprintf("row %d:\n got  %s\n want %s", i, g, w)
		}
	}

	return ""
}
