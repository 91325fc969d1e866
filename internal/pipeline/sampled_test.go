package pipeline

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

// loadToyCatalog writes 30 products with one to four attributes each and
// 40 train queries to the test database.
func loadToyCatalog(t *testing.T, c *graphdb.Client) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	var products []catalog.Product
	for i := range 30 {
		p := catalog.Product{ID: fmt.Sprintf("p%02d", i), Source: "toy", Memberships: []catalog.Membership{{Category: "dress", Split: "train"}}}
		for j := range 1 + i%4 {
			p.Attributes = append(p.Attributes, catalog.Attribute{Kind: []string{"texture", "shape"}[j%2], Value: fmt.Sprintf("v%d", (i+j)%7)})
		}

		products = append(products, p)
	}

	var queries []catalog.Query
	for i := range 40 {
		queries = append(queries, catalog.Query{
			ID: fmt.Sprintf("q%02d", i), Source: "toy", Category: "dress", Split: "train",
			Candidate: fmt.Sprintf("p%02d", i%30), Target: fmt.Sprintf("p%02d", (i*7+3)%30), Captions: []string{fmt.Sprintf("is v%d", i%7)},
		})
	}

	if err := c.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Load(ctx, "toy", products, queries, 0); err != nil {
		t.Fatal(err)
	}
}

func TestSampledPullReadsSameGraph(t *testing.T) {
	c := neo4jtest.Open(t)
	loadToyCatalog(t, c)

	opts := TrainOptions{Config: embed.DefaultConfig(), HoldOut: 0.1}

	whole, err := ReadTrainingData(context.Background(), quiet, c, opts)
	if err != nil {
		t.Fatal(err)
	}

	sample := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: graphdb.AllEdges}}, BatchSeeds: 7}
	sampled, err := ReadTrainingData(context.Background(), quiet, sampledSource{client: c, opts: sample}, opts)
	if err != nil {
		t.Fatal(err)
	}

	fw := embed.Fingerprint(whole.Corpus.Builder.Graph(), whole.Triplets, opts.Config)
	fs := embed.Fingerprint(sampled.Corpus.Builder.Graph(), sampled.Triplets, opts.Config)
	if fw != fs {
		t.Errorf("sampled subgraphs with every edge gave graph %s, the whole table %s", fs, fw)
	}

	if len(whole.Triplets) != 36 {
		t.Errorf("read %d training triplets, want 36 (40 less 10%% held out)", len(whole.Triplets))
	}
}

func TestSampledPullCapsFanOut(t *testing.T) {
	c := neo4jtest.Open(t)
	loadToyCatalog(t, c)

	sample := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: 2}}, BatchSeeds: 8}
	data, err := ReadTrainingData(context.Background(), quiet, sampledSource{client: c, opts: sample}, TrainOptions{Config: embed.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}

	for p, attrs := range data.Corpus.Builder.Graph().ProductAttributes {
		if len(attrs) > 2 {
			t.Errorf("product %d has %d attributes after sampling 2", p, len(attrs))
		}
	}
}
