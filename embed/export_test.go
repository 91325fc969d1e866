package embed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// writeExportFile writes rec as an Arrow IPC file, as "tailor export" does.
func writeExportFile(t *testing.T, dir, name string, rec arrow.RecordBatch) {
	t.Helper()

	f, err := os.Create(filepath.Join(dir, name+".arrow"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	w, err := ipc.NewFileWriter(f, ipc.WithSchema(rec.Schema()))
	if err != nil {
		t.Fatal(err)
	}

	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}

	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestExportTablesReadCorpus(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	dir := t.TempDir()
	files := map[string]arrow.RecordBatch{
		"products": table(t, mem, []string{"id", "source", "categories", "splits", "image_url"}, [][]any{
			{"p1", "test", []string{"dress"}, []string{"train"}, ""},
			{"p2", "test", []string{"dress"}, []string{"train", "val"}, ""},
		}),
		"edges": table(t, mem, []string{"source", "target", "target_kind", "type", "provenance"}, [][]any{
			{"p2", "lace", "texture", "HAS_ATTRIBUTE", "dataset"},
			{"p1", "floral print", "texture", "HAS_ATTRIBUTE", "dataset"},
			{"p1", "p2", "", "LIKED_WITH", "preference"},
			{"p2", "mini", "shape", "HAS_ATTRIBUTE", "user"},
		}),
		"queries": table(t, mem, []string{"id", "source", "category", "split", "candidate", "target", "text", "words"}, [][]any{
			{"q1", "test", "dress", "train", "p1", "p2", "is lace", []string{"is", "lace"}},
		}),
		"preferences": table(t, mem, []string{"id", "products"}, [][]any{{"g1", []string{"p1", "p2"}}}),
	}

	for name, rec := range files {
		writeExportFile(t, dir, name, rec)
		rec.Release()
	}

	c, err := ReadCorpus(context.Background(), ExportTables{Dir: dir, Mem: mem}, NewBuilder(nil))
	if err != nil {
		t.Fatal(err)
	}

	g := c.Builder.Graph()
	if !slices.Equal(g.Products, []string{"p1", "p2"}) || len(g.Attributes) != 3 {
		t.Errorf("graph has products %v and %d attributes, want [p1 p2] and 3", g.Products, len(g.Attributes))
	}

	if got := fmt.Sprint(g.Preferences); got != "[[1] [0]]" {
		t.Errorf("preferences = %s, want [[1] [0]]", got)
	}

	if len(c.Queries) != 1 || c.Queries[0].Target != "p2" {
		t.Errorf("queries = %v, want q1 with target p2", c.Queries)
	}

	if got := c.Galleries["test/dress/val"]; !slices.Equal(got, []string{"p2"}) {
		t.Errorf("val gallery = %v, want [p2]", got)
	}
}

func TestExportTablesMissingFile(t *testing.T) {
	if _, err := (ExportTables{Dir: t.TempDir()}).OpenTable(context.Background(), TableQueries); err == nil {
		t.Error("opening a table without its export file returned no error")
	}
}
