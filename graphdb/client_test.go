package graphdb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
	"github.com/tailorsearch/tailor/internal/testcatalog"
)

func count(t *testing.T, c *graphdb.Client, query string) int64 {
	t.Helper()

	recs, err := c.Read(context.Background(), query, nil)
	if err != nil {
		t.Fatalf("run %q: %v", query, err)
	}

	return recs[0]["n"].(int64)
}

func TestApplySchemaTwice(t *testing.T) {
	c := neo4jtest.Open(t)
	ctx := context.Background()

	for i := range 2 {
		if err := c.ApplySchema(ctx); err != nil {
			t.Fatalf("apply schema, round %d: %v", i+1, err)
		}
	}

	const q = "SHOW CONSTRAINTS YIELD name WHERE name IN ['product_id', 'attribute_kind_value', 'query_id'] RETURN count(*) AS n"
	if n := count(t, c, q); n != 3 {
		t.Fatalf("found %d of the 3 expected constraints", n)
	}
}

func TestLoadIsIdempotent(t *testing.T) {
	c := neo4jtest.Open(t)
	ctx := context.Background()

	if err := c.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	products, queries := testcatalog.Generate(60, 7)

	first, err := c.Load(ctx, testcatalog.Dataset, products, queries, 25)
	if err != nil {
		t.Fatalf("first load: %v", err)
	}

	if first.Changes.NodesCreated == 0 || first.Changes.RelationshipsCreated == 0 {
		t.Fatalf("first load created nothing: %+v", first.Changes)
	}

	counts := func() [3]int64 {
		return [3]int64{
			count(t, c, "MATCH (n) RETURN count(n) AS n"),
			count(t, c, "MATCH ()-[r]->() RETURN count(r) AS n"),
			count(t, c, "MATCH (p:Product) RETURN count(p) AS n"),
		}
	}

	before := counts()
	if before[2] != int64(len(products)) {
		t.Fatalf("graph holds %d products, want %d", before[2], len(products))
	}

	second, err := c.Load(ctx, testcatalog.Dataset, products, queries, 25)
	if err != nil {
		t.Fatalf("second load: %v", err)
	}

	if second.Changes.NodesCreated != 0 || second.Changes.RelationshipsCreated != 0 {
		t.Errorf("second load created %d nodes and %d relationships, want none", second.Changes.NodesCreated, second.Changes.RelationshipsCreated)
	}

	if after := counts(); after != before {
		t.Errorf("counts (nodes, relationships, products) changed from %v to %v", before, after)
	}

	loaded, err := c.DatasetLoaded(ctx, testcatalog.Dataset)
	if err != nil || !loaded {
		t.Errorf("DatasetLoaded = %v, %v; want true, nil", loaded, err)
	}
}

func TestStreamTableMatchesGraph(t *testing.T) {
	c := neo4jtest.Open(t)
	ctx := context.Background()

	if err := c.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	products, queries := testcatalog.Generate(40, 3)
	if _, err := c.Load(ctx, testcatalog.Dataset, products, queries, 100); err != nil {
		t.Fatal(err)
	}

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	rr, err := c.StreamTable(ctx, graphdb.AttributeEdgesTable, nil, 16, mem)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()

	rows, batches := 0, 0
	for rr.Next() {
		rec := rr.RecordBatch()
		if rec.NumRows() > 16 {
			t.Errorf("batch of %d rows exceeds the limit of 16", rec.NumRows())
		}

		if got := rec.Column(0).(*array.String).Value(0); got == "" {
			t.Error("first product id of a batch is empty")
		}

		rows += int(rec.NumRows())
		batches++
	}

	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}

	if want := 3 * len(products); rows != want {
		t.Errorf("streamed %d attribute edges, want %d", rows, want)
	}

	if batches < 2 {
		t.Errorf("streamed %d batches; want several with 16 rows each", batches)
	}
}

func TestOpenUnreachableServer(t *testing.T) {
	ctx := context.Background()

	_, err := graphdb.Open(ctx, graphdb.Config{URI: "bolt://127.0.0.1:1"}, neo4jtest.Logger())
	if !errors.Is(err, graphdb.ErrUnavailable) {
		t.Fatalf("Open on a closed port = %v, want ErrUnavailable", err)
	}
}

func TestInvalidStatementMapsToErrInvalid(t *testing.T) {
	c := neo4jtest.Open(t)

	_, err := c.Read(context.Background(), "MATCH (n RETURN n", nil)
	if !errors.Is(err, graphdb.ErrInvalid) {
		t.Fatalf("syntax error = %v, want ErrInvalid", err)
	}
}
