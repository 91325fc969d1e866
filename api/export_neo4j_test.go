package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/internal/export"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
	"github.com/tailorsearch/tailor/internal/pipeline"
	"github.com/tailorsearch/tailor/internal/testcatalog"
)

// exportCounts counts each export table's rows in Neo4j, with queries
// apart from the export's own.
var exportCounts = map[string]string{
	"products":    "MATCH (p:Product) RETURN count(p) AS n",
	"attributes":  "MATCH (a:Attribute) RETURN count(a) AS n",
	"edges":       "MATCH (:Product)-[r:HAS_ATTRIBUTE|LIKED_WITH]->() RETURN count(r) AS n",
	"queries":     "MATCH (q:Query) RETURN count(q) AS n",
	"preferences": "MATCH (g:PreferenceGroup) RETURN count(g) AS n",
	"embeddings":  "MATCH (n) WHERE n.model_version IS NOT NULL RETURN count(n) AS n",
}

func TestExportOverHTTPMatchesNeo4j(t *testing.T) {
	client := neo4jtest.Open(t)
	ctx := context.Background()

	if err := client.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	products, queries := testcatalog.Generate(60, 5)
	if _, err := client.Load(ctx, testcatalog.Dataset, products, queries, 1000); err != nil {
		t.Fatal(err)
	}

	cfg := embed.DefaultConfig()
	cfg.Dim, cfg.Epochs, cfg.BatchSize, cfg.Negatives = 8, 1, 16, 8

	if _, err := pipeline.Train(ctx, neo4jtest.Logger(), client, pipeline.TrainOptions{Config: cfg}); err != nil {
		t.Fatalf("train: %v", err)
	}

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	src := export.NewSource(client, neo4jtest.Logger(), export.Options{BatchRows: 50, Allocator: mem})
	srv := httptest.NewServer(api.NewServer(nil, client, neo4jtest.Logger(), api.DefaultLimits()).WithExporter(src).Handler())
	defer srv.Close()

	for _, table := range export.TableNames() {
		recs, err := client.Read(ctx, exportCounts[table], nil)
		if err != nil {
			t.Fatal(err)
		}

		want := recs[0]["n"].(int64)
		if got := streamRows(t, srv.URL+"/v1/export/"+table, table, mem); got != want {
			t.Errorf("GET /v1/export/%s streamed %d rows; neo4j has %d", table, got, want)
		}
	}
}

// streamRows reads an export stream and returns its row count.
func streamRows(t *testing.T, url, table string, mem memory.Allocator) int64 {
	t.Helper()

	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != api.ArrowStreamType {
		t.Fatalf("GET %s: status %d, content type %q", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	r, err := ipc.NewReader(resp.Body, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer r.Release()

	if got, _ := r.Schema().Metadata().GetValue(export.KeyTable); got != table {
		t.Errorf("stream of %s has table metadata %q", table, got)
	}

	var rows int64
	for r.Next() {
		rows += r.RecordBatch().NumRows()
	}

	if err := r.Err(); err != nil {
		t.Fatalf("GET %s: read stream: %v", url, err)
	}

	return rows
}
