package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"

	"github.com/tailorsearch/tailor/graphdb"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"arrow", Arrow}, {"parquet", Parquet}, {" Parquet ", Parquet}, {"ARROW", Arrow},
	}

	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}

	for _, bad := range []string{"", "csv", "arrows", "feather"} {
		if _, err := ParseFormat(bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%q", bad)) {
			t.Errorf("ParseFormat(%q): error %v, want one that names the value", bad, err)
		}
	}
}

func TestParseCompression(t *testing.T) {
	for in, want := range map[string]Compression{"snappy": Snappy, "ZSTD": Zstd, "none": Uncompressed} {
		got, err := ParseCompression(in)
		if err != nil || got != want {
			t.Errorf("ParseCompression(%q) = %q, %v; want %q", in, got, err, want)
		}
	}

	if _, err := ParseCompression("gzip"); err == nil || !strings.Contains(err.Error(), `"gzip"`) {
		t.Errorf("ParseCompression(gzip): error %v, want one that names the value", err)
	}
}

func FuzzParseFormat(f *testing.F) {
	for _, seed := range []string{"arrow", "parquet", " Arrow", "csv", ""} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseFormat(s)
		if err != nil {
			return
		}

		if got != Arrow && got != Parquet {
			t.Fatalf("ParseFormat(%q) = %q, not a known format", s, got)
		}
	})
}

// batchJSON are two record batches of the products schema, with the
// values that stress the writers: nulls, empty lists and non-ASCII text.
var batchJSON = []string{
	`[{"id": "P1", "source": "fixture", "title": "Robe à fleurs", "image_url": null,
	   "categories": ["dress"], "splits": ["train", "val"],
	   "attributes": [{"kind": "texture", "value": "floral"}, {"kind": "style", "value": "3:4"}]},
	  {"id": "P2", "source": null, "title": "", "image_url": "http://127.0.0.1/2.jpg",
	   "categories": [], "splits": null, "attributes": []}]`,
	`[{"id": "P3", "source": "fixture", "title": "plain", "image_url": null,
	   "categories": ["shirt", "toptee"], "splits": ["test"], "attributes": [{"kind": "fabric", "value": "silk"}]}]`,
}

func TestWritersRoundTrip(t *testing.T) {
	products, _ := Lookup("products")
	stamp := Stamp{TailorVersion: "v-test", Model: Model{Version: 7, Dim: 4}, ExportedAt: exportTime}

	for _, f := range []Format{Arrow, Parquet} {
		t.Run(string(f), func(t *testing.T) {
			mem := checkedAllocator(t)
			schema := annotate(products, graphdb.ProductDetailsTable.Schema, stamp)
			path := writeBatches(t, f, schema, batchJSON, mem)

			tbl := readBack(t, f, path, mem)
			defer tbl.Release()

			if got := tbl.NumRows(); got != 3 {
				t.Fatalf("read back %d rows, want 3", got)
			}

			if md := tbl.Schema().Metadata(); md.FindKey(KeyModelVersion) < 0 || md.Values()[md.FindKey(KeyModelVersion)] != "7" {
				t.Errorf("model version metadata lost: %v", md)
			}

			rows := tableRows(t, tbl)
			want := []string{
				"map[attributes:[map[kind:texture value:floral] map[kind:style value:3:4]] categories:[dress] id:P1 image_url:<nil> source:fixture splits:[train val] title:Robe à fleurs]",
				"map[attributes:[] categories:[] id:P2 image_url:http://127.0.0.1/2.jpg source:<nil> splits:<nil> title:]",
				"map[attributes:[map[kind:fabric value:silk]] categories:[shirt toptee] id:P3 image_url:<nil> source:fixture splits:[test] title:plain]",
			}

			for i, w := range want {
				if got := fmt.Sprint(rows[i]); got != w {
					t.Errorf("row %d:\n got  %s\n want %s", i, got, w)
				}
			}
		})
	}
}

func TestWritersEmbeddingsAndTimes(t *testing.T) {
	embeddings, _ := Lookup("embeddings")
	preferences, _ := Lookup("preferences")
	stamp := Stamp{TailorVersion: "v-test", Model: Model{Version: 2, Dim: 3}, ExportedAt: exportTime}

	cases := []struct {
		table Table
		json  string
		want  string
	}{
		{embeddings, `[{"node": "product", "id": "P1", "kind": null, "model_version": 2, "vector": [0.5, -1.25, 3]}]`,
			"map[id:P1 kind:<nil> model_version:2 node:product vector:[0.5 -1.25 3]]"},
		{preferences, `[{"id": "g1", "context": null, "created_at": "2026-02-03T04:05:06.123456Z", "products": ["P1", "P2"]}]`,
			"map[context:<nil> created_at:2026-02-03 04:05:06.123456 +0000 UTC id:g1 products:[P1 P2]]"},
	}

	for _, f := range []Format{Arrow, Parquet} {
		for _, tc := range cases {
			t.Run(string(f)+"/"+tc.table.Name, func(t *testing.T) {
				mem := checkedAllocator(t)
				gt, _ := tc.table.graph(stamp.Model)
				path := writeBatches(t, f, annotate(tc.table, gt.Schema, stamp), []string{tc.json}, mem)

				tbl := readBack(t, f, path, mem)
				defer tbl.Release()

				if !arrow.TypeEqual(tbl.Schema().Field(tbl.Schema().NumFields()-1).Type, gt.Schema.Field(gt.Schema.NumFields()-1).Type) {
					t.Errorf("last column type %s, want %s", tbl.Schema().Field(tbl.Schema().NumFields()-1).Type, gt.Schema.Field(gt.Schema.NumFields()-1).Type)
				}

				rows := tableRows(t, tbl)
				if len(rows) != 1 || fmt.Sprint(rows[0]) != tc.want {
					t.Errorf("rows %v, want [%s]", rows, tc.want)
				}
			})
		}
	}
}

func TestParquetRowGroups(t *testing.T) {
	mem := checkedAllocator(t)
	attributes, _ := Lookup("attributes")
	schema := annotate(attributes, graphdb.AttributesTable.Schema, Stamp{ExportedAt: exportTime})

	path := filepath.Join(t.TempDir(), "attributes.parquet")
	fh, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}

	w, err := newBatchWriter(Parquet, struct{ *os.File }{fh}, schema, Zstd, mem)
	if err != nil {
		t.Fatal(err)
	}

	const batches, rows = 4, 20000
	for b := range batches {
		rec := attributeBatch(mem, schema, b*rows, rows)
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}

		rec.Release()
	}

	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	_ = fh.Close()

	pf, err := file.OpenParquetFile(path, false, file.WithReadProps(parquet.NewReaderProperties(mem)))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()

	if got, want := pf.NumRows(), int64(batches*rows); got != want {
		t.Errorf("file has %d rows, want %d", got, want)
	}

	// 80,000 rows fill one row group of ParquetRowGroupRows and start a second.
	if got := pf.NumRowGroups(); got != 2 {
		t.Errorf("file has %d row groups, want 2", got)
	}
}

// writeBatches writes one record batch per JSON array to a file of
// format f and returns its path.
func writeBatches(t *testing.T, f Format, schema *arrow.Schema, batches []string, mem memory.Allocator) string {
	t.Helper()

	path := filepath.Join(t.TempDir(), "table"+f.Extension())

	var buf bytes.Buffer
	w, err := newBatchWriter(f, &buf, schema, Snappy, mem)
	if err != nil {
		t.Fatal(err)
	}

	for i, js := range batches {
		rec, _, err := array.RecordFromJSON(mem, schema, strings.NewReader(js))
		if err != nil {
			t.Fatalf("batch %d: %v", i, err)
		}

		if err := w.Write(rec); err != nil {
			t.Fatalf("write batch %d: %v", i, err)
		}

		rec.Release()
	}

	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	return path
}

func attributeBatch(mem memory.Allocator, schema *arrow.Schema, first, n int) arrow.RecordBatch {
	b := array.NewRecordBuilder(mem, schema)
	defer b.Release()

	for i := first; i < first+n; i++ {
		b.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("kind-%d", i%6))
		b.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("value-%d", i))
		b.Field(2).(*array.Int64Builder).Append(int64(i))
	}

	return b.NewRecordBatch()
}
