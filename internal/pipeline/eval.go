package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"sort"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/fashion200k"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// The baselines that Evaluate can measure, by the name the report uses.
const (
	BaselineOverlap         = "attribute_overlap"
	BaselineNoGraph         = "no_graph"
	BaselineNoLink          = "no_link_loss"
	BaselineNoCompositional = "no_compositional_loss"
	BaselinePublished       = "published"
)

// DefaultBaselines lists the baselines that Evaluate measures when
// EvalOptions.Baselines is nil. The ablations train a model each.
var DefaultBaselines = []string{BaselineOverlap, BaselineNoGraph, BaselineNoLink, BaselineNoCompositional, BaselinePublished}

// EvalOptions selects what Evaluate measures.
type EvalOptions struct {
	Dataset string  // "fashioniq"
	Split   string  // "val"
	Version int64   // model version; 0 for the newest
	Ks      []int   // recall cut-offs; default 10 and 50
	Seed    uint64  // seeds tie-breaking, ablation training and the simulations
	Loaded  *Loaded // a model already loaded; nil loads one

	// Baselines names the reference methods to measure; nil means
	// DefaultBaselines and an empty list none.
	Baselines []string

	// Interactions runs the "more metadata" and "I like that" simulations.
	Interactions bool

	// HideFraction is, for FashionIQ, the share of gallery attribute
	// edges that the "more metadata" simulation hides before restoring
	// half of them (0 or less means 0.3). For Fashion200K it is the
	// setting the graph must have been loaded with; less than 0 accepts
	// any.
	HideFraction float64

	// Captions maps product ids to captions. With it, a query hits when a
	// result's caption equals the target's and the candidate is left out
	// of the ranking, the Fashion200K rule of TIRG. Evaluate fills it for
	// Fashion200K.
	Captions map[string]string

	// Mentions maps query ids to the attributes their text requests and
	// removes, as the dataset's loader recorded them. Queries without an
	// entry are matched against the attribute values by modtext. Evaluate
	// fills it for Fashion200K, whose "replace X with Y" texts modtext
	// does not read as removing X.
	Mentions map[string]Mentions

	// AttributeMode is the loader's fashion200k.Mode, the rule that made
	// attributes from captions. With Captions, the "more metadata"
	// simulation restores the attributes that the loader hid.
	AttributeMode string

	// HoldOut is the share of training queries that the ablations hold
	// out for early stopping, as in TrainOptions.
	HoldOut float64
}

// Mentions lists the attributes that a query text requests and removes.
type Mentions struct {
	Requested, Removed []catalog.Attribute
}

// Recalls maps "recall@K" to a percentage.
type Recalls map[string]float64

// EvalReport is the result of Evaluate; its JSON form is what
// "tailor eval --json" prints.
type EvalReport struct {
	Dataset      string                 `json:"dataset"`
	Split        string                 `json:"split"`
	Settings     map[string]any         `json:"settings"`
	ModelVersion int64                  `json:"model_version"`
	Queries      map[string]int         `json:"queries"`
	Categories   map[string]Recalls     `json:"categories"`
	Average      Recalls                `json:"average"`
	Baselines    map[string]Baseline    `json:"baselines"`
	Interactions map[string]Interaction `json:"interactions,omitempty"`
}

// Baseline is a reference method measured on the same queries, or, for
// published figures, reported by its authors on the same benchmark.
type Baseline struct {
	Description string             `json:"description"`
	Categories  map[string]Recalls `json:"categories,omitempty"`
	Average     Recalls            `json:"average"`
	Published   bool               `json:"published,omitempty"`
}

// Interaction is the recall of a simulated shopper interaction, measured
// before and after its edges are added, without retraining.
type Interaction struct {
	Description string  `json:"description"`
	Edges       int     `json:"edges"`             // edges the simulation added
	Skipped     int     `json:"skipped,omitempty"` // edges it could not add without retraining
	Before      Recalls `json:"before"`
	After       Recalls `json:"after"`
}

// Evaluate ranks each query of the split against its category's gallery
// of the same split and reports Recall@K per category and on average,
// next to the baselines that opts names.
func Evaluate(ctx context.Context, logger *slog.Logger, client *graphdb.Client, opts EvalOptions) (*EvalReport, error) {
	if opts.Dataset == fashion200k.Source && opts.Captions == nil {
		if err := addFashion200K(ctx, client, &opts); err != nil {
			return nil, err
		}
	}

	l := opts.Loaded
	if l == nil {
		var err error
		if l, err = LoadModel(ctx, client, opts.Version); err != nil {
			return nil, err
		}
	}

	rep, err := EvaluateLoaded(ctx, logger, l, opts)
	if err != nil {
		return nil, err
	}

	if err := addAblations(ctx, logger, client, l, opts, rep); err != nil {
		return nil, err
	}

	return rep, nil
}

// EvaluateFrom is Evaluate for a model already in memory, with the
// ablations trained on the graph that src serves (Neo4j or Arrow IPC
// files).
func EvaluateFrom(ctx context.Context, logger *slog.Logger, src embed.TableSource, l *Loaded, opts EvalOptions) (*EvalReport, error) {
	rep, err := EvaluateLoaded(ctx, logger, l, opts)
	if err != nil {
		return nil, err
	}

	if err := addAblations(ctx, logger, src, l, opts, rep); err != nil {
		return nil, err
	}

	return rep, nil
}

// EvaluateLoaded is Evaluate for a model already in memory. It measures
// every baseline except the ablations, which need the graph to train on.
func EvaluateLoaded(ctx context.Context, logger *slog.Logger, l *Loaded, opts EvalOptions) (*EvalReport, error) {
	opts = withDefaults(opts)

	queries := datasetQueries(l.Corpus, opts)
	sets := evalSets(l.Corpus, queries, opts.Split, true)
	if opts.Captions != nil {
		applyCaptionRule(sets, l.Model.G, opts.Captions)
	}

	if len(sets) == 0 {
		return nil, fmt.Errorf("evaluate: no %s queries with targets for dataset %q in the graph; load it first (tailor load %s)",
			opts.Split, opts.Dataset, opts.Dataset)
	}

	rep := &EvalReport{
		Dataset: opts.Dataset, Split: opts.Split, ModelVersion: l.Record.Version, Settings: settings(l, opts),
		Queries: map[string]int{}, Baselines: map[string]Baseline{},
	}

	for _, set := range sets {
		rep.Queries[set.Name] = len(set.Queries)
		logger.Debug("evaluating category", "category", set.Name, "queries", len(set.Queries), "gallery", len(set.Gallery))
	}

	rep.Categories = modelRecalls(l.Model, sets, opts)
	rep.Average = average(rep.Categories)

	if slices.Contains(opts.Baselines, BaselineOverlap) {
		rep.Baselines[BaselineOverlap] = overlapBaseline(l, queries, sets, opts)
	}

	if slices.Contains(opts.Baselines, BaselinePublished) {
		for name, b := range publishedBaselines(opts.Dataset) {
			rep.Baselines[name] = b
		}
	}

	if opts.Interactions {
		rep.Interactions = simulateInteractions(logger, l.Model, sets, opts)
	}

	return rep, ctx.Err()
}

func withDefaults(opts EvalOptions) EvalOptions {
	if len(opts.Ks) == 0 && opts.Dataset == fashion200k.Source {
		opts.Ks = []int{1, 10, 50}
	}

	if len(opts.Ks) == 0 {
		opts.Ks = []int{10, 50}
	}

	if opts.Baselines == nil {
		opts.Baselines = DefaultBaselines
	}

	if opts.HideFraction <= 0 && opts.Captions == nil {
		opts.HideFraction = 0.3
	}

	return opts
}

// settings records what the numbers depend on.
func settings(l *Loaded, opts EvalOptions) map[string]any {
	out := map[string]any{
		"ks":                opts.Ks,
		"seed":              opts.Seed,
		"gallery":           "the category's gallery of the split; the candidate stays in it",
		"images":            l.Model.P.Shape.ImageDim > 0,
		"model_dim":         l.Model.P.Shape.Dim,
		"preference_weight": l.Model.PreferenceWeight,
	}

	if l.Record.Config != "" {
		out["model_config"] = json.RawMessage(l.Record.Config)
	}

	if opts.Captions != nil {
		out["hide_attributes"] = opts.HideFraction
		out["attribute_mode"] = opts.AttributeMode
		out["hit_rule"] = "a result whose caption equals the target's is a hit; the candidate is left out"
		out["note"] = "the gallery is the loaded test split; published Fashion200K figures rank the full test set, so they are not comparable with a subset"
	} else if opts.Interactions {
		out["hide_fraction"] = opts.HideFraction
	}

	return out
}

func datasetQueries(c *embed.Corpus, opts EvalOptions) []embed.QueryRecord {
	var out []embed.QueryRecord
	for _, q := range queriesOfSplit(c.Queries, opts.Split) {
		if q.Source == opts.Dataset {
			out = append(out, q)
		}
	}

	return out
}

func modelRecalls(m *embed.Model, sets []embed.EvalSet, opts EvalOptions) map[string]Recalls {
	out := map[string]Recalls{}
	for _, set := range sets {
		out[set.Name] = recalls(m.TargetRanks(set, opts.Seed), opts.Ks)
	}

	return out
}

func overlapBaseline(l *Loaded, queries []embed.QueryRecord, sets []embed.EvalSet, opts EvalOptions) Baseline {
	b := Baseline{
		Description: "rank by the number of attributes shared with the candidate or named in the modification text, less those the text removes",
		Categories:  map[string]Recalls{},
	}

	for _, set := range sets {
		named, removed := namedAttributes(l.Corpus, queriesOf(queries, set.Name), opts.Mentions)
		b.Categories[set.Name] = recalls(l.Model.G.OverlapRanks(set, named, removed, opts.Seed), opts.Ks)
	}

	b.Average = average(b.Categories)

	return b
}

// publishedBaselines returns the figures that the methods' authors
// report on the same benchmark, averaged over its categories.
func publishedBaselines(dataset string) map[string]Baseline {
	if dataset != "fashioniq" {
		return nil
	}

	const images = " That method ranks images; Tailor here uses no images, only attributes and text."

	return map[string]Baseline{
		"tirg_published": {
			Description: "TIRG (Vo et al., CVPR 2019): the published FashionIQ val average." + images,
			Average:     Recalls{"recall@10": 17.4, "recall@50": 37.4},
			Published:   true,
		},
		"clip4cir_published": {
			Description: "CLIP4Cir (Baldrati et al., 2022): the published FashionIQ val average." + images,
			Average:     Recalls{"recall@10": 38.3, "recall@50": 61.7},
			Published:   true,
		},
	}
}

// ablations maps each ablation baseline to its description and the change
// it makes to the evaluated model's training settings.
var ablations = map[string]struct {
	description string
	apply       func(*embed.Config)
}{
	BaselineNoGraph: {
		"the same losses and data, with products embedded as a linear map of their attribute words: no relation types, no attribute nodes",
		func(c *embed.Config) { c.Flat = true },
	},
	BaselineNoLink: {
		"the model trained without the link-prediction loss",
		func(c *embed.Config) { c.LinkWeight = 0 },
	},
	BaselineNoCompositional: {
		"the model trained with the link-prediction loss only, so composition keeps its initial weights",
		func(c *embed.Config) { c.CompositionalWeight = 0 },
	},
}

// addAblations trains one model per ablation that opts names, with the
// evaluated model's settings changed by the ablation, and measures it on
// the same queries.
func addAblations(ctx context.Context, logger *slog.Logger, src embed.TableSource, l *Loaded, opts EvalOptions, rep *EvalReport) error {
	opts = withDefaults(opts)

	var names []string
	for _, name := range opts.Baselines {
		if _, ok := ablations[name]; ok {
			names = append(names, name)
		}
	}

	if len(names) == 0 {
		return nil
	}

	cfg := modelConfig(l.Record.Config)
	topts := TrainOptions{Config: cfg, HoldOut: opts.HoldOut}
	if topts.HoldOut == 0 {
		topts.HoldOut = 0.05
	}

	data, err := ReadTrainingData(ctx, logger, src, topts)
	if err != nil {
		return fmt.Errorf("read graph for the ablations: %w", err)
	}

	sort.Strings(names)
	for _, name := range names {
		ab := ablations[name]
		topts.Config = cfg
		ab.apply(&topts.Config)

		logger.Info("training ablation", "baseline", name)

		res, err := Fit(ctx, logger, data, topts)
		if err != nil {
			return fmt.Errorf("train ablation %s: %w", name, err)
		}

		sets := evalSets(data.Corpus, datasetQueries(data.Corpus, opts), opts.Split, true)
		if opts.Captions != nil {
			applyCaptionRule(sets, res.Result.Model.G, opts.Captions)
		}

		cats := modelRecalls(res.Result.Model, sets, opts)
		rep.Baselines[name] = Baseline{Description: ab.description, Categories: cats, Average: average(cats)}
	}

	return nil
}

// modelConfig decodes a stored model's training settings over the
// defaults, so that settings added since it was trained keep their
// default values.
func modelConfig(stored string) embed.Config {
	cfg := embed.DefaultConfig()
	if stored != "" {
		_ = json.Unmarshal([]byte(stored), &cfg)
	}

	return cfg
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
// the query text names without a negation, and those it removes. A query
// with an entry in recorded takes its attributes from there.
func namedAttributes(c *embed.Corpus, qs []embed.QueryRecord, recorded map[string]Mentions) (requested, removed [][]int32) {
	g := c.Builder.Graph()
	attrs := make([]catalog.Attribute, len(g.Attributes))
	index := make(map[catalog.Attribute]int32, len(g.Attributes))

	for i, a := range g.Attributes {
		attrs[i] = catalog.Attribute{Kind: g.Kinds[a.Kind], Value: a.Value}
		index[attrs[i]] = int32(i)
	}

	m := modtext.NewMatcher(attrs)
	indices := func(as []catalog.Attribute) []int32 {
		var out []int32
		for _, a := range as {
			if i, ok := index[a]; ok {
				out = append(out, i)
			}
		}

		return out
	}

	for _, q := range qs {
		_, okCandidate := c.Builder.ProductIndex(q.Candidate)
		_, okTarget := c.Builder.ProductIndex(q.Target)
		if !okCandidate || !okTarget {
			continue
		}

		found, ok := recorded[q.ID]
		if !ok {
			mentions := m.Find(q.Text)
			found = Mentions{Requested: mentions.Requested, Removed: mentions.Removed}
		}

		requested = append(requested, indices(found.Requested))
		removed = append(removed, indices(found.Removed))
	}

	return requested, removed
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
