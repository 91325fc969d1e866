package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// toyCorpus returns a corpus of 60 products over 18 attributes, two thirds
// of them tagged, with 150 train and 40 val queries of category "dress"
// whose text names an attribute of the target, and the val gallery.
func toyCorpus(t *testing.T) *embed.Corpus {
	t.Helper()

	rng := rand.New(rand.NewPCG(21, 22))
	b := embed.NewBuilder([]string{"texture", "fabric", "shape"})
	c := &embed.Corpus{Builder: b, Products: map[string]embed.ProductInfo{}, Galleries: map[string][]string{}}

	ids := make([]string, 60)
	values := map[string][]string{}
	for p := range ids {
		ids[p] = fmt.Sprintf("p%02d", p)
		b.Product(ids[p])
		c.Products[ids[p]] = embed.ProductInfo{Source: "toy", Categories: []string{"dress"}}

		if p%3 == 2 {
			continue
		}

		for range 1 + rng.IntN(3) {
			a := rng.IntN(18)
			value := fmt.Sprintf("value%c", 'a'+a)
			b.Edge(ids[p], []string{"texture", "fabric", "shape"}[a%3], value)
			values[ids[p]] = append(values[ids[p]], value)
		}
	}

	for i := range 190 {
		split := "train"
		if i >= 150 {
			split = "val"
		}

		cand, target := ids[rng.IntN(60)], ids[rng.IntN(60)]
		words := []string{"is", "more"}
		if vs := values[target]; len(vs) > 0 {
			words = append(words, vs[rng.IntN(len(vs))])
		}

		c.Queries = append(c.Queries, embed.QueryRecord{
			ID: fmt.Sprintf("q%03d", i), Source: "toy", Category: "dress", Split: split,
			Candidate: cand, Target: target, Text: strings.Join(words, " "), Words: words,
		})
	}

	c.Galleries[graphdb.GalleryKey("toy", "dress", "val")] = ids

	return c
}

func toyLoaded(t *testing.T) *Loaded {
	t.Helper()

	c := toyCorpus(t)
	train := groupedTriplets(c, queriesOfSplit(c.Queries, "train"), true)

	cfg := embed.DefaultConfig()
	cfg.Dim, cfg.Epochs, cfg.BatchSize, cfg.Negatives = 8, 3, 16, 8

	res, err := embed.Train(context.Background(), quiet, c.Builder.Graph(), train, nil, cfg)
	if err != nil {
		t.Fatal(err)
	}

	return &Loaded{Model: res.Model, Corpus: c}
}

func TestEvaluateLoadedReport(t *testing.T) {
	l := toyLoaded(t)

	rep, err := EvaluateLoaded(context.Background(), quiet, l, EvalOptions{Dataset: "toy", Split: "val", Seed: 1, Interactions: true})
	if err != nil {
		t.Fatal(err)
	}

	b, _ := json.Marshal(rep)
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}

	for _, key := range []string{"dataset", "split", "settings", "categories", "average", "baselines", "interactions"} {
		if _, ok := obj[key]; !ok {
			t.Errorf("report JSON has no %q key: %s", key, b)
		}
	}

	if rep.Queries["dress"] != 40 {
		t.Errorf("report counts %d dress queries, want 40", rep.Queries["dress"])
	}

	for _, k := range []string{"recall@10", "recall@50"} {
		if _, ok := rep.Average[k]; !ok {
			t.Errorf("average has no %s: %v", k, rep.Average)
		}
	}

	if _, ok := rep.Baselines[BaselineOverlap]; !ok {
		t.Errorf("baselines lack %s: %v", BaselineOverlap, rep.Baselines)
	}

	for _, name := range []string{InteractionMoreMetadata, InteractionLikeThat} {
		if rep.Interactions[name].Edges == 0 {
			t.Errorf("interaction %s added no edges", name)
		}
	}
}

func TestEvaluateLoadedWithoutQueries(t *testing.T) {
	l := toyLoaded(t)

	_, err := EvaluateLoaded(context.Background(), quiet, l, EvalOptions{Dataset: "fashion200k", Split: "test"})
	if err == nil {
		t.Error("evaluating a dataset without queries returned no error")
	}
}

func TestInteractionsLeaveModelUnchanged(t *testing.T) {
	l := toyLoaded(t)
	g := l.Model.G

	attrs := fmt.Sprint(g.ProductAttributes)
	prefs := fmt.Sprint(g.Preferences)
	sets := evalSets(l.Corpus, datasetQueries(l.Corpus, EvalOptions{Dataset: "toy", Split: "val"}), "val", true)
	opts := withDefaults(EvalOptions{Seed: 1})

	more := simulateMoreMetadata(l.Model, sets, opts)
	like := simulateLikeThat(l.Model, sets, opts)

	if fmt.Sprint(g.ProductAttributes) != attrs || fmt.Sprint(g.Preferences) != prefs {
		t.Error("a simulation changed the model's own graph")
	}

	if want := average(modelRecalls(l.Model, sets, opts)); !reflect.DeepEqual(like.Before, want) {
		t.Errorf("\"I like that\" before = %v, want the model's recall %v", like.Before, want)
	}

	if more.Edges == 0 || like.Edges == 0 {
		t.Errorf("simulations added %d and %d edges, want some of each", more.Edges, like.Edges)
	}
}

func TestNearestNeighboursSkipUntagged(t *testing.T) {
	l := toyLoaded(t)
	gallery := l.Corpus.Gallery(graphdb.GalleryKey("toy", "dress", "val"))

	for i, j := range nearestNeighbours(l.Model, gallery) {
		tagged := len(l.Model.G.ProductAttributes[gallery[i]]) > 0

		switch {
		case !tagged && j != -1:
			t.Errorf("untagged product %d has neighbour %d", i, j)
		case tagged && (j < 0 || j == i):
			t.Errorf("tagged product %d has neighbour %d", i, j)
		case tagged && len(l.Model.G.ProductAttributes[gallery[j]]) == 0:
			t.Errorf("product %d's neighbour %d has no attributes", i, j)
		}
	}
}

func TestFitResumesFromCheckpoint(t *testing.T) {
	c := toyCorpus(t)
	data := &TrainingData{Corpus: c, Triplets: groupedTriplets(c, queriesOfSplit(c.Queries, "train"), true)}

	cfg := embed.DefaultConfig()
	cfg.Dim, cfg.Epochs, cfg.BatchSize, cfg.Negatives = 8, 2, 16, 8
	opts := TrainOptions{Config: cfg, CheckpointDir: t.TempDir()}

	if _, err := Fit(context.Background(), quiet, data, opts); err != nil {
		t.Fatal(err)
	}

	opts.Config.Epochs = 4
	rep, err := Fit(context.Background(), quiet, data, opts)
	if err != nil {
		t.Fatal(err)
	}

	if rep.ResumedAfter != 2 || len(rep.Result.History) != 4 {
		t.Errorf("second run resumed after epoch %d with %d epochs, want 2 and 4", rep.ResumedAfter, len(rep.Result.History))
	}

	opts.Fresh = true
	rep, err = Fit(context.Background(), quiet, data, opts)
	if err != nil {
		t.Fatal(err)
	}

	if rep.ResumedAfter != 0 {
		t.Errorf("fresh run resumed after epoch %d", rep.ResumedAfter)
	}
}

func TestGroupedTripletsNumberCategories(t *testing.T) {
	c := toyCorpus(t)
	qs := queriesOfSplit(c.Queries, "train")[:4]
	qs[0].Category, qs[1].Category = "shirt", "toptee"

	got := groupedTriplets(c, qs, false)
	want := []int32{1, 2, 0, 0} // dress, shirt, toptee in sorted order

	for i, tr := range got {
		if tr.Group != want[i] {
			t.Errorf("triplet %d has group %d, want %d", i, tr.Group, want[i])
		}
	}
}

func TestNamedAttributesPreferRecorded(t *testing.T) {
	c := toyCorpus(t)
	g := c.Builder.Graph()

	// Two queries whose text names an attribute of the target.
	var qs []embed.QueryRecord
	for _, q := range queriesOfSplit(c.Queries, "val") {
		if len(q.Words) == 3 && len(qs) < 2 {
			qs = append(qs, q)
		}
	}

	removedAttr := catalog.Attribute{Kind: g.Kinds[g.Attributes[0].Kind], Value: g.Attributes[0].Value}
	recorded := map[string]Mentions{qs[0].ID: {Removed: []catalog.Attribute{removedAttr}}}

	requested, removed := namedAttributes(c, qs, recorded)

	if len(requested) != 2 || len(removed) != 2 {
		t.Fatalf("got %d requested and %d removed lists, want 2 each", len(requested), len(removed))
	}

	if len(requested[0]) != 0 || len(removed[0]) != 1 || removed[0][0] != 0 {
		t.Errorf("recorded query: requested %v, removed %v; want none and [0]", requested[0], removed[0])
	}

	if len(requested[1]) == 0 {
		t.Errorf("unrecorded query %q found no requested attribute in its text", qs[1].Text)
	}
}
