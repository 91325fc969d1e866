package export

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

// exportTime is the fixed export time of the tests.
var exportTime = time.Date(2026, 3, 1, 12, 30, 0, 0, time.UTC)

func newTestSource(client *graphdb.Client, mem memory.Allocator, batchRows int) *Source {
	return NewSource(client, discardLogger(), Options{
		TailorVersion: "test-version", BatchRows: batchRows, Allocator: mem,
		Now: func() time.Time { return exportTime },
	})
}

func TestExportMatchesNeo4j(t *testing.T) {
	client := neo4jtest.Open(t)
	seedGraph(t, client, seedOptions{model: true})

	want := expectedTables(t, client)

	for _, f := range []Format{Arrow, Parquet} {
		t.Run(string(f), func(t *testing.T) {
			mem := checkedAllocator(t)
			dir := t.TempDir()

			// Two rows per batch makes every table span several batches.
			rep, err := newTestSource(client, mem, 2).Export(context.Background(), Request{Dir: dir, Format: f})
			if err != nil {
				t.Fatal(err)
			}

			if len(rep.Tables) != len(TableNames()) {
				t.Fatalf("report lists %d tables, want %d", len(rep.Tables), len(TableNames()))
			}

			for _, tr := range rep.Tables {
				checkExportedTable(t, f, tr, want[tr.Table], mem)
			}
		})
	}
}

// checkExportedTable reads one exported file back and compares its rows,
// row count and metadata with what Neo4j holds.
func checkExportedTable(t *testing.T, f Format, tr TableReport, want []map[string]any, mem memory.Allocator) {
	t.Helper()

	if got := filepath.Base(tr.Path); got != tr.Table+f.Extension() {
		t.Errorf("%s: file name %s, want %s", tr.Table, got, tr.Table+f.Extension())
	}

	tbl := readBack(t, f, tr.Path, mem)
	defer tbl.Release()

	if tbl.NumRows() != tr.Rows {
		t.Errorf("%s: file has %d rows, report says %d", tr.Table, tbl.NumRows(), tr.Rows)
	}

	checkMetadata(t, tr.Table, tbl.Schema(), "1")

	got := tableRows(t, tbl)
	if !ordered[tr.Table] {
		sortRows(got)
		sortRows(want)
	}

	if d := diffRows(got, want); d != "" {
		t.Errorf("%s differs from neo4j: %s", tr.Table, d)
	}
}

// ordered lists the tables whose rows have a documented order.
var ordered = map[string]bool{"products": true, "attributes": true, "queries": true, "preferences": true}

func sortRows(rows []map[string]any) {
	slices.SortFunc(rows, func(a, b map[string]any) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
}

func checkMetadata(t *testing.T, table string, schema *arrow.Schema, model string) {
	t.Helper()

	want := map[string]string{
		KeyTable: table, KeyTailorVersion: "test-version", KeyModelVersion: model, KeyExportedAt: "2026-03-01T12:30:00Z",
	}

	md := schema.Metadata()
	for k, v := range want {
		if got, ok := md.GetValue(k); !ok || got != v {
			t.Errorf("%s: metadata %s = %q (present %v), want %q", table, k, got, ok, v)
		}
	}

	for _, fld := range schema.Fields() {
		if d, _ := fld.Metadata.GetValue(KeyDescription); d == "" {
			t.Errorf("%s: field %s has no description in its metadata", table, fld.Name)
		}
	}
}

func TestExportWithoutModel(t *testing.T) {
	client := neo4jtest.Open(t)
	seedGraph(t, client, seedOptions{})

	mem := checkedAllocator(t)
	dir := t.TempDir()
	src := newTestSource(client, mem, 0)

	_, err := src.Export(context.Background(), Request{Dir: dir, Format: Arrow})
	if !errors.Is(err, graphdb.ErrNoModel) {
		t.Fatalf("export of every table without a model: error %v, want ErrNoModel", err)
	}

	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a rejected export left %d files in the folder", len(entries))
	}

	tables, err := ParseTables("products,edges")
	if err != nil {
		t.Fatal(err)
	}

	rep, err := src.Export(context.Background(), Request{Dir: dir, Format: Parquet, Tables: tables})
	if err != nil {
		t.Fatalf("export without embeddings: %v", err)
	}

	for _, tr := range rep.Tables {
		tbl := readBack(t, Parquet, tr.Path, mem)
		checkMetadata(t, tr.Table, tbl.Schema(), "")
		tbl.Release()
	}
}

func TestExportUnknownModelVersion(t *testing.T) {
	client := neo4jtest.Open(t)
	seedGraph(t, client, seedOptions{model: true})

	src := NewSource(client, discardLogger(), Options{ModelVersion: 99})

	_, err := src.Export(context.Background(), Request{Dir: t.TempDir(), Format: Arrow})
	if !errors.Is(err, graphdb.ErrNoModel) {
		t.Fatalf("export of model 99: error %v, want ErrNoModel", err)
	}

	if !strings.Contains(err.Error(), "99") {
		t.Errorf("error %q does not name the version", err)
	}
}

func TestExportCanceled(t *testing.T) {
	client := neo4jtest.Open(t)
	seedGraph(t, client, seedOptions{model: true})

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	dir := t.TempDir()

	_, err := newTestSource(client, checkedAllocator(t), 0).Export(ctx, Request{Dir: dir, Format: Parquet})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}

	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a canceled export left %d files, want none", len(entries))
	}
}

func TestExportMemoryBounded(t *testing.T) {
	client := neo4jtest.Open(t)
	seedGraph(t, client, seedOptions{})
	loadManyProducts(t, client, 3000)

	mem := &peakAllocator{CheckedAllocator: checkedAllocator(t)}
	tables, _ := ParseTables("edges")

	rep, err := newTestSource(client, mem, 64).Export(context.Background(), Request{Dir: t.TempDir(), Format: Arrow, Tables: tables})
	if err != nil {
		t.Fatal(err)
	}

	edges := rep.Tables[0]
	if edges.Rows < 3000*4 {
		t.Fatalf("exported %d edges, want at least %d", edges.Rows, 3000*4)
	}

	// The file holds every row; the peak holds about one batch of 64.
	if limit := edges.Bytes / 20; int64(mem.peak) > limit {
		t.Errorf("peak Arrow memory %d bytes for a %d-byte file, want under %d", mem.peak, edges.Bytes, limit)
	}
}
