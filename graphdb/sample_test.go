package graphdb_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

// loadSampleGraph writes products p00..p09, product i with i+1 attributes
// (at most five, over the kinds texture and shape), and one preference
// group linking p00 with p09.
func loadSampleGraph(t *testing.T, c *graphdb.Client) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	var products []catalog.Product
	for i := range 10 {
		p := catalog.Product{ID: fmt.Sprintf("p%02d", i), Source: "test", Memberships: []catalog.Membership{{Category: "dress", Split: "train"}}}
		for j := range min(i+1, 5) {
			kind := []string{"texture", "shape"}[j%2]
			p.Attributes = append(p.Attributes, catalog.Attribute{Kind: kind, Value: fmt.Sprintf("v%d", j)})
		}

		products = append(products, p)
	}

	if err := c.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Load(ctx, "test", products, nil, 0); err != nil {
		t.Fatal(err)
	}

	params := map[string]any{"id": "g1", "context": "", "user": "test", "products": []string{"p00", "p09"}}
	if _, err := c.Write(ctx, cypher.MustStatement("preference_create"), params); err != nil {
		t.Fatal(err)
	}
}

// edgeRows returns the rows of an edge table as "hop product rel other kind value".
func edgeRows(t *testing.T, rec arrow.RecordBatch) []string {
	t.Helper()

	hop := rec.Column(0).(*array.Int64)
	var out []string

	for i := range int(rec.NumRows()) {
		row := fmt.Sprint(hop.Value(i))
		for c := 1; c < 6; c++ {
			col := rec.Column(c).(*array.String)
			row += " " + col.ValueStr(i)
		}

		out = append(out, row)
	}

	return out
}

func TestSampleSubgraphFullFanOut(t *testing.T) {
	c := neo4jtest.Open(t)
	loadSampleGraph(t, c)

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	opts := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: graphdb.AllEdges, Liked: graphdb.AllEdges}}, Mem: mem}

	sg, err := c.SampleSubgraph(context.Background(), []string{"p02", "p09"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer sg.Release()

	got := edgeRows(t, sg.Edges)
	want := []string{
		"1 p02 HAS_ATTRIBUTE (null) shape v1",
		"1 p02 HAS_ATTRIBUTE (null) texture v0",
		"1 p02 HAS_ATTRIBUTE (null) texture v2",
		"1 p09 HAS_ATTRIBUTE (null) shape v1",
		"1 p09 HAS_ATTRIBUTE (null) shape v3",
		"1 p09 HAS_ATTRIBUTE (null) texture v0",
		"1 p09 HAS_ATTRIBUTE (null) texture v2",
		"1 p09 HAS_ATTRIBUTE (null) texture v4",
		"1 p09 LIKED_WITH p00 (null) (null)",
	}

	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}

	// Nodes: two seeds, five attributes, and p00 reached through the preference.
	if n := sg.Nodes.NumRows(); n != 8 {
		t.Errorf("node table has %d rows, want 8", n)
	}
}

func TestSampleSubgraphFanOutCaps(t *testing.T) {
	c := neo4jtest.Open(t)
	loadSampleGraph(t, c)

	opts := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: 2}}, Salt: 7}
	seeds := []string{"p04", "p05", "p06"}

	first, err := c.SampleSubgraph(context.Background(), seeds, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Release()

	again, err := c.SampleSubgraph(context.Background(), seeds, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Release()

	rows := edgeRows(t, first.Edges)
	if len(rows) != 6 {
		t.Errorf("fan-out 2 over 3 seeds gave %d edges, want 6: %q", len(rows), rows)
	}

	if fmt.Sprint(rows) != fmt.Sprint(edgeRows(t, again.Edges)) {
		t.Errorf("the same salt sampled different edges:\n%q\n%q", rows, edgeRows(t, again.Edges))
	}
}

func TestSampleSubgraphSecondHop(t *testing.T) {
	c := neo4jtest.Open(t)
	loadSampleGraph(t, c)

	opts := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: 0, Liked: graphdb.AllEdges}, {Attributes: graphdb.AllEdges}}}

	sg, err := c.SampleSubgraph(context.Background(), []string{"p00"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer sg.Release()

	got := edgeRows(t, sg.Edges)
	want := []string{
		"1 p00 LIKED_WITH p09 (null) (null)",
		"2 p09 HAS_ATTRIBUTE (null) shape v1",
		"2 p09 HAS_ATTRIBUTE (null) shape v3",
		"2 p09 HAS_ATTRIBUTE (null) texture v0",
		"2 p09 HAS_ATTRIBUTE (null) texture v2",
		"2 p09 HAS_ATTRIBUTE (null) texture v4",
	}

	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
}

func TestStreamSubgraphsCoversSeeds(t *testing.T) {
	c := neo4jtest.Open(t)
	loadSampleGraph(t, c)

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	var seeds []string
	for i := range 10 {
		seeds = append(seeds, fmt.Sprintf("p%02d", i))
	}

	opts := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: graphdb.AllEdges}}, BatchSeeds: 3, Prefetch: 1, Mem: mem}

	rr, err := c.StreamSubgraphs(context.Background(), seeds, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()

	batches, products := 0, map[string]int{}
	for rr.Next() {
		batches++
		col := rr.RecordBatch().Column(1).(*array.String)
		for i := range col.Len() {
			products[col.Value(i)]++
		}
	}

	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}

	if batches != 4 {
		t.Errorf("10 seeds in batches of 3 gave %d record batches, want 4", batches)
	}

	var ids []string
	for id, n := range products {
		ids = append(ids, id)
		if want := min(int(id[2]-'0')+1, 5); n != want {
			t.Errorf("product %s has %d edges, want %d", id, n, want)
		}
	}

	sort.Strings(ids)
	if len(ids) != 10 {
		t.Errorf("edges cover %d products, want 10: %v", len(ids), ids)
	}
}

func TestStreamSubgraphsReleaseEarly(t *testing.T) {
	c := neo4jtest.Open(t)
	loadSampleGraph(t, c)

	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)

	opts := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: graphdb.AllEdges}}, BatchSeeds: 1, Prefetch: 1, Mem: mem}

	rr, err := c.StreamSubgraphs(context.Background(), []string{"p01", "p02", "p03", "p04"}, opts)
	if err != nil {
		t.Fatal(err)
	}

	if !rr.Next() {
		t.Fatalf("no first batch: %v", rr.Err())
	}

	rr.Release() // with batches still being pulled
}

func TestSampleOptionsWithoutHops(t *testing.T) {
	c := neo4jtest.Open(t)

	_, err := c.SampleSubgraph(context.Background(), []string{"p00"}, graphdb.SampleOptions{})
	if !errors.Is(err, graphdb.ErrNoHops) {
		t.Errorf("SampleSubgraph without hops returned %v, want ErrNoHops", err)
	}

	_, err = c.StreamSubgraphs(context.Background(), []string{"p00"}, graphdb.SampleOptions{})
	if !errors.Is(err, graphdb.ErrNoHops) {
		t.Errorf("StreamSubgraphs without hops returned %v, want ErrNoHops", err)
	}
}
