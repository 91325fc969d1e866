package graphdb_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

// recordStream is an ingest.Stream over prepared records, where an
// error in place of a record is returned as the reader's error.
type recordStream struct {
	products []any // ingest.Product or error
	queries  []any // ingest.Query or error
}

func (s *recordStream) NextProduct(ctx context.Context) (ingest.Product, error) {
	if len(s.products) == 0 {
		return ingest.Product{}, io.EOF
	}

	next := s.products[0]
	s.products = s.products[1:]

	if err, ok := next.(error); ok {
		return ingest.Product{}, err
	}

	return next.(ingest.Product), nil
}

func (s *recordStream) NextQuery(ctx context.Context) (ingest.Query, error) {
	if len(s.queries) == 0 {
		return ingest.Query{}, io.EOF
	}

	next := s.queries[0]
	s.queries = s.queries[1:]

	if err, ok := next.(error); ok {
		return ingest.Query{}, err
	}

	return next.(ingest.Query), nil
}

func (s *recordStream) Close() error { return nil }

// product returns a dress with the given attributes as kind=value.
func product(id string, line int, attrs ...string) ingest.Product {
	p := ingest.Product{Pos: ingest.Position{File: "products.jsonl", Line: line}}
	p.ID, p.Source = id, "shop"
	p.Memberships = []catalog.Membership{{Category: "dress", Split: "all"}}

	for _, a := range attrs {
		kind, value, _ := strings.Cut(a, "=")
		p.Attributes = append(p.Attributes, catalog.Attribute{Kind: kind, Value: value})
	}

	return p
}

func query(id, candidate, target, text string, line int) ingest.Query {
	q := ingest.Query{Pos: ingest.Position{File: "queries.csv", Line: line}}
	q.ID, q.Source, q.Split, q.Candidate, q.Target, q.Captions = id, "shop", "all", candidate, target, []string{text}

	return q
}

// openLoadDB opens the test server with the schema applied.
func openLoadDB(t *testing.T) *graphdb.Client {
	t.Helper()

	c := neo4jtest.Open(t)
	if err := c.ApplySchema(context.Background()); err != nil {
		t.Fatal(err)
	}

	return c
}

// scalar runs a read query that returns one integer column n.
func scalar(t *testing.T, c *graphdb.Client, query string, params map[string]any) int64 {
	t.Helper()

	recs, err := c.Read(context.Background(), query, params)
	if err != nil {
		t.Fatalf("run %q: %v", query, err)
	}

	if len(recs) != 1 {
		t.Fatalf("%q returned %d rows, want 1", query, len(recs))
	}

	return recs[0]["n"].(int64)
}

func catalogV1() *recordStream {
	return &recordStream{
		products: []any{
			product("p1", 1, "color=black", "length=short"),
			product("p2", 2, "color=red", "length=short"),
			product("p3", 3, "color=black", "length=long"),
		},
		queries: []any{
			query("q1", "p1", "p2", "is red", 1),
			query("q2", "p3", "", "shorter", 2),
		},
	}
}

func TestLoadStreamTwiceChangesNothing(t *testing.T) {
	c := openLoadDB(t)
	ctx := context.Background()
	opts := graphdb.LoadOptions{Dataset: "shop", BatchSize: 2}

	first, err := c.LoadStream(ctx, catalogV1(), opts)
	if err != nil {
		t.Fatal(err)
	}

	if first.Products != (graphdb.RecordCounts{Read: 3, Created: 3}) || first.Queries != (graphdb.RecordCounts{Read: 2, Created: 2}) {
		t.Errorf("first load: products %+v, queries %+v", first.Products, first.Queries)
	}

	if first.AttributeEdges != (graphdb.EdgeCounts{Total: 6, Created: 6}) {
		t.Errorf("first load edges = %+v", first.AttributeEdges)
	}

	if n := scalar(t, c, "MATCH (:Query {id: 'q1'})-[:MENTIONS {negated: false}]->(:Attribute {kind: 'color', value: 'red'}) RETURN count(*) AS n", nil); n != 1 {
		t.Errorf("query q1 mentions color=red %d times, want once", n)
	}

	if n := scalar(t, c, "MATCH (q:Query {id: 'q2'}) WHERE q.category = 'dress' AND NOT EXISTS { (q)-[:TARGET]->() } RETURN count(q) AS n", nil); n != 1 {
		t.Error("query q2 has no category from its candidate, or has a target")
	}

	nodes := scalar(t, c, "MATCH (n) RETURN count(n) AS n", nil)
	rels := scalar(t, c, "MATCH ()-[r]->() RETURN count(r) AS n", nil)

	second, err := c.LoadStream(ctx, catalogV1(), opts)
	if err != nil {
		t.Fatal(err)
	}

	if second.Changes != (graphdb.Counts{}) {
		t.Errorf("second load changed %+v, want nothing", second.Changes)
	}

	if second.Products.AlreadyThere() != 3 || second.Queries.AlreadyThere() != 2 || second.AttributeEdges.AlreadyThere() != 6 {
		t.Errorf("second load: products %+v, queries %+v, edges %+v; want everything already there", second.Products, second.Queries, second.AttributeEdges)
	}

	if n2, r2 := scalar(t, c, "MATCH (n) RETURN count(n) AS n", nil), scalar(t, c, "MATCH ()-[r]->() RETURN count(r) AS n", nil); n2 != nodes || r2 != rels {
		t.Errorf("graph went from %d nodes and %d relationships to %d and %d", nodes, rels, n2, r2)
	}
}

func TestLoadStreamUpdatesChangedProducts(t *testing.T) {
	c := openLoadDB(t)
	ctx := context.Background()
	opts := graphdb.LoadOptions{Dataset: "shop", BatchSize: 10}

	if _, err := c.LoadStream(ctx, catalogV1(), opts); err != nil {
		t.Fatal(err)
	}

	const userEdge = `MATCH (p:Product {id: 'p1'})
MERGE (a:Attribute {kind: 'style', value: 'party'})
MERGE (p)-[:HAS_ATTRIBUTE {source: 'user', user: 'ann'}]->(a)`
	if _, err := c.Write(ctx, userEdge, nil); err != nil {
		t.Fatal(err)
	}

	v2 := catalogV1()
	changed := product("p1", 1, "color=black", "length=long")
	changed.Title = "Long black dress"
	changed.Memberships[0].Split = "train"
	v2.products[0] = changed
	v2.queries[0] = query("q1", "p1", "p3", "is long", 1)

	rep, err := c.LoadStream(ctx, v2, opts)
	if err != nil {
		t.Fatal(err)
	}

	if rep.Products != (graphdb.RecordCounts{Read: 3, Updated: 1, Unchanged: 2}) || rep.Queries != (graphdb.RecordCounts{Read: 2, Updated: 1, Unchanged: 1}) {
		t.Errorf("products %+v, queries %+v", rep.Products, rep.Queries)
	}

	if rep.AttributeEdges != (graphdb.EdgeCounts{Total: 6, Created: 1, Removed: 1}) {
		t.Errorf("edges = %+v, want 6 listed, 1 created, 1 removed", rep.AttributeEdges)
	}

	recs, err := c.Read(ctx, `MATCH (p:Product {id: 'p1'})-[r:HAS_ATTRIBUTE]->(a)
WITH p, a.kind + '=' + a.value + '/' + r.source AS edge ORDER BY edge
RETURN p.title AS title, collect(edge) AS edges,
       [(p)-[:IN_GALLERY]->(g) | g.key] AS galleries`, nil)
	if err != nil {
		t.Fatal(err)
	}

	got := fmt.Sprintf("%v %v %v", recs[0]["title"], recs[0]["edges"], recs[0]["galleries"])
	if want := "Long black dress [color=black/dataset length=long/dataset style=party/user] [shop/dress/train]"; got != want {
		t.Errorf("p1 after the update: %s\nwant %s", got, want)
	}

	if n := scalar(t, c, "MATCH (:Query {id: 'q1'})-[:TARGET]->(t) WHERE t.id = 'p3' RETURN count(*) AS n", nil); n != 1 {
		t.Error("query q1 does not target p3 after the update")
	}

	if n := scalar(t, c, "MATCH (:Query {id: 'q1'})-[:TARGET|HAS_WORD]->(x) WHERE x.id = 'p2' OR x.text = 'red' RETURN count(*) AS n", nil); n != 0 {
		t.Error("query q1 kept its old target or word")
	}
}

func TestLoadStreamDuplicateIDs(t *testing.T) {
	tests := []struct {
		name      string
		batchSize int
		earlier   string // what the error names as the first record
	}{
		{"same batch", 10, "products.jsonl:1"},
		{"later batch", 1, "an earlier record of this load"},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := openLoadDB(t)
			ctx := context.Background()

			stream := func() *recordStream {
				return &recordStream{products: []any{
					product("p1", 1, "color=black"),
					product("p1", 2, "color=black"),
					product("p1", 3, "color=red"),
					product("p2", 4, "color=red"),
				}}
			}

			_, err := c.LoadStream(ctx, stream(), graphdb.LoadOptions{Dataset: "shop", BatchSize: tc.batchSize})

			var re *ingest.RecordError
			if !errors.As(err, &re) || re.Pos.Line != 3 || re.Field != "id" || !strings.Contains(err.Error(), tc.earlier) {
				t.Fatalf("error = %v, want a duplicate id error at line 3 naming %q", err, tc.earlier)
			}

			rep, err := c.LoadStream(ctx, stream(), graphdb.LoadOptions{Dataset: "shop", BatchSize: tc.batchSize, SkipInvalid: true})
			if err != nil {
				t.Fatal(err)
			}

			if rep.Invalid != 1 || rep.Products.Read != 3 {
				t.Errorf("with skipping: %d invalid, %d products read; want 1 and 3", rep.Invalid, rep.Products.Read)
			}

			if n := scalar(t, c, "MATCH (:Product {id: 'p1'})-[:HAS_ATTRIBUTE]->(a {value: 'black'}) RETURN count(a) AS n", nil); n != 1 {
				t.Error("p1 lost its first data, color=black")
			}
		})
	}
}

func TestLoadStreamResumesAfterFailure(t *testing.T) {
	c := openLoadDB(t)
	ctx := context.Background()

	bad := ingest.Invalid(ingest.Position{File: "products.jsonl", Line: 5}, "category", "", "missing")
	records := func(fifth any) *recordStream {
		return &recordStream{products: []any{
			product("p1", 1, "color=black"), product("p2", 2, "color=red"),
			product("p3", 3, "color=blue"), product("p4", 4, "color=white"),
			fifth, product("p6", 6, "color=green"),
		}, queries: []any{query("q1", "p1", "p6", "is green", 1)}}
	}

	opts := graphdb.LoadOptions{Dataset: "shop", BatchSize: 2, RunKey: "products.jsonl v1"}

	_, err := c.LoadStream(ctx, records(bad), opts)
	if !errors.Is(err, ingest.ErrInvalidRecord) || !strings.Contains(err.Error(), "products.jsonl:5") {
		t.Fatalf("error = %v, want the invalid record at products.jsonl:5", err)
	}

	if n := scalar(t, c, "MATCH (p:Product) RETURN count(p) AS n", nil); n != 4 {
		t.Errorf("%d products committed, want the 4 of the two complete batches", n)
	}

	if n := scalar(t, c, "MATCH (k:LoadCheckpoint) WHERE k.records = 4 AND k.stage = 'products' RETURN count(k) AS n", nil); n != 1 {
		t.Error("no checkpoint at record 4 of the products")
	}

	rep, err := c.LoadStream(ctx, records(product("p5", 5, "color=grey")), opts)
	if err != nil {
		t.Fatal(err)
	}

	if rep.Products != (graphdb.RecordCounts{Read: 6, Created: 2, Resumed: 4}) || rep.Queries.Created != 1 {
		t.Errorf("rerun: products %+v, queries %+v; want 4 resumed and 2 created products, 1 query", rep.Products, rep.Queries)
	}

	if n := scalar(t, c, "MATCH (k:LoadCheckpoint) RETURN count(k) AS n", nil); n != 0 {
		t.Errorf("%d checkpoints left after the load finished", n)
	}
}

func TestLoadStreamFailedBatchLeavesNothing(t *testing.T) {
	c := openLoadDB(t)
	ctx := context.Background()

	stream := &recordStream{
		products: []any{product("p1", 1, "color=black"), product("p2", 2, "color=red")},
		queries: []any{
			query("q1", "p1", "p2", "is red", 1),
			query("q2", "p2", "p1", "is black", 2),
			query("q3", "p9", "p1", "is black", 3),
		},
	}

	_, err := c.LoadStream(ctx, stream, graphdb.LoadOptions{Dataset: "shop", BatchSize: 10})

	var re *ingest.RecordError
	if !errors.As(err, &re) || re.Field != "candidate" || re.Pos.Line != 3 {
		t.Fatalf("error = %v, want a missing candidate at queries.csv:3", err)
	}

	if n := scalar(t, c, "MATCH (q:Query) RETURN count(q) AS n", nil); n != 0 {
		t.Errorf("%d queries of the failed batch were written", n)
	}

	if n := scalar(t, c, "MATCH (p:Product) RETURN count(p) AS n", nil); n != 2 {
		t.Errorf("%d products, want the 2 of the committed batch", n)
	}
}

func TestLoadStreamEmbeddings(t *testing.T) {
	c := openLoadDB(t)
	ctx := context.Background()

	withVector := func(id string, line int, v ...float32) ingest.Product {
		p := product(id, line, "color=black")
		p.ImageEmbedding = v

		return p
	}

	_, err := c.LoadStream(ctx, &recordStream{products: []any{
		withVector("p1", 1, 1, 0, 0), withVector("p2", 2, 0, 1),
	}}, graphdb.LoadOptions{Dataset: "shop"})

	var re *ingest.RecordError
	if !errors.As(err, &re) || re.Field != "image_embedding" || re.Pos.Line != 2 || !strings.Contains(err.Error(), "want 3") {
		t.Fatalf("error = %v, want a wrong length at line 2", err)
	}

	rep, err := c.LoadStream(ctx, &recordStream{products: []any{
		withVector("p1", 1, 1, 0, 0), withVector("p2", 2, 0, 1), withVector("p3", 3, 0, 0, 1),
	}}, graphdb.LoadOptions{Dataset: "shop", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}

	if rep.Invalid != 1 || rep.Products.Created != 2 {
		t.Errorf("skipping: %d invalid, %d created; want 1 and 2", rep.Invalid, rep.Products.Created)
	}

	if n := scalar(t, c, "MATCH (p:Product {id: 'p3'}) RETURN size(p.image_embedding) AS n", nil); n != 3 {
		t.Errorf("p3 stores %d embedding values, want 3", n)
	}

	_, err = c.LoadStream(ctx, &recordStream{products: []any{withVector("p4", 1, 1, 2, 3, 4)}}, graphdb.LoadOptions{Dataset: "shop"})
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "earlier load of dataset shop") {
		t.Errorf("a later load with another length: %v, want an error naming the earlier load", err)
	}
}
