package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"sort"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// EvalOptions selects what Evaluate measures.
type EvalOptions struct {
	Dataset string  // "fashioniq"
	Split   string  // "val"
	Version int64   // model version; 0 for the newest
	Ks      []int   // recall cut-offs; default 10 and 50
	Seed    uint64  // seeds tie-breaking among equal scores
	Loaded  *Loaded // a model already loaded; nil loads one
}

// Recalls maps "recall@K" to a percentage.
type Recalls map[string]float64

// EvalReport is the result of Evaluate; its JSON form is what
// "tailor eval --json" prints.
type EvalReport struct {
	Dataset      string              `json:"dataset"`
	Split        string              `json:"split"`
	ModelVersion int64               `json:"model_version"`
	Queries      map[string]int      `json:"queries"`
	Categories   map[string]Recalls  `json:"categories"`
	Average      Recalls             `json:"average"`
	Baselines    map[string]Baseline `json:"baselines"`
}

// Baseline is a reference method measured on the same queries.
type Baseline struct {
	Description string             `json:"description"`
	Categories  map[string]Recalls `json:"categories"`
	Average     Recalls            `json:"average"`
}

// Evaluate ranks each query of the split against its category's gallery
// of the same split and reports Recall@K per category and on average,
// next to the attribute-overlap reference.
func Evaluate(ctx context.Context, logger *slog.Logger, client *graphdb.Client, opts EvalOptions) (*EvalReport, error) {
	if len(opts.Ks) == 0 {
		opts.Ks = []int{10, 50}
	}

	l := opts.Loaded
	if l == nil {
		var err error
		if l, err = LoadModel(ctx, client, opts.Version); err != nil {
			return nil, err
		}
	}

	var queries []embed.QueryRecord
	for _, q := range queriesOfSplit(l.Corpus.Queries, opts.Split) {
		if q.Source == opts.Dataset {
			queries = append(queries, q)
		}
	}

	sets := evalSets(l.Corpus, queries, opts.Split, true)
	if len(sets) == 0 {
		return nil, fmt.Errorf("evaluate: no %s queries with targets for dataset %q in the graph; load it first (tailor load %s)",
			opts.Split, opts.Dataset, opts.Dataset)
	}

	rep := &EvalReport{
		Dataset: opts.Dataset, Split: opts.Split, ModelVersion: l.Record.Version,
		Queries: map[string]int{}, Categories: map[string]Recalls{},
	}

	overlap := Baseline{
		Description: "rank by the number of attributes shared with the candidate or named in the modification text",
		Categories:  map[string]Recalls{},
	}

	g := l.Model.G
	for _, set := range sets {
		rep.Queries[set.Name] = len(set.Queries)
		rep.Categories[set.Name] = recalls(l.Model.TargetRanks(set, opts.Seed), opts.Ks)

		named := namedAttributes(l.Corpus, queriesOf(queries, set.Name))
		overlap.Categories[set.Name] = recalls(g.OverlapRanks(set, named, opts.Seed), opts.Ks)

		logger.Debug("evaluated category", "category", set.Name, "queries", len(set.Queries), "gallery", len(set.Gallery))
	}

	rep.Average = average(rep.Categories)
	overlap.Average = average(overlap.Categories)
	rep.Baselines = map[string]Baseline{"attribute_overlap": overlap}

	return rep, nil
}

// evalSets groups queries by category into evaluation sets ranked against
// that category's gallery of the given split. With galleryOnly false, a
// category without a stored gallery ranks against every product.
func evalSets(c *embed.Corpus, queries []embed.QueryRecord, split string, galleryOnly bool) []embed.EvalSet {
	byCat := map[string][]embed.QueryRecord{}
	for _, q := range queries {
		byCat[q.Category] = append(byCat[q.Category], q)
	}

	cats := make([]string, 0, len(byCat))
	for k := range byCat {
		cats = append(cats, k)
	}

	sort.Strings(cats)

	var sets []embed.EvalSet
	for _, cat := range cats {
		qs := byCat[cat]
		gallery := c.Gallery(graphdb.GalleryKey(qs[0].Source, cat, split))
		if len(gallery) == 0 && galleryOnly {
			continue
		}

		if len(gallery) == 0 {
			gallery = allProducts(c)
		}

		sets = append(sets, embed.EvalSet{Name: cat, Gallery: gallery, Queries: c.Triplets(qs, false)})
	}

	return sets
}

func allProducts(c *embed.Corpus) []int32 {
	n := len(c.Builder.Graph().Products)
	out := make([]int32, n)

	for i := range out {
		out[i] = int32(i)
	}

	return out
}

func queriesOf(qs []embed.QueryRecord, category string) []embed.QueryRecord {
	var out []embed.QueryRecord
	for _, q := range qs {
		if q.Category == category {
			out = append(out, q)
		}
	}

	return out
}

// namedAttributes returns, per query, the attribute indices whose values
// the query text names without a negation.
func namedAttributes(c *embed.Corpus, qs []embed.QueryRecord) [][]int32 {
	g := c.Builder.Graph()
	attrs := make([]catalog.Attribute, len(g.Attributes))
	index := make(map[catalog.Attribute]int32, len(g.Attributes))

	for i, a := range g.Attributes {
		attrs[i] = catalog.Attribute{Kind: g.Kinds[a.Kind], Value: a.Value}
		index[attrs[i]] = int32(i)
	}

	m := modtext.NewMatcher(attrs)
	out := make([][]int32, 0, len(qs))

	for _, q := range qs {
		_, okCandidate := c.Builder.ProductIndex(q.Candidate)
		_, okTarget := c.Builder.ProductIndex(q.Target)
		if !okCandidate || !okTarget {
			continue
		}

		var named []int32
		for _, a := range m.Find(q.Text).Requested {
			named = append(named, index[a])
		}

		out = append(out, named)
	}

	return out
}

func recalls(ranks []int, ks []int) Recalls {
	out := Recalls{}
	for _, k := range ks {
		out[fmt.Sprintf("recall@%d", k)] = embed.RecallAt(ranks, k)
	}

	return out
}

func average(cats map[string]Recalls) Recalls {
	out := Recalls{}
	for _, r := range cats {
		for k, v := range r {
			out[k] += v / float64(len(cats))
		}
	}

	return out
}
