package pipeline

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/internal/fashion200k"
)

// captionModel returns a model over six products whose attributes are
// their caption words (kind "word") with some hidden, and one query set
// over all of them. Products 0 and 3 share a caption.
func captionModel(t *testing.T) (*embed.Model, []embed.EvalSet, map[string]string) {
	t.Helper()

	captions := []string{"red floral dress", "blue floral dress", "red plain skirt", "red floral dress", "blue plain top", "green lace top"}
	b := embed.NewBuilder([]string{"word"})
	byID := map[string]string{}

	for i, c := range captions {
		id := fmt.Sprintf("p%d", i)
		byID[id] = c
		b.Product(id)

		for j, w := range fashion200k.Words.Attributes(strings.Fields(c)) {
			if (i+j)%3 != 0 { // hide a third
				b.Edge(id, w.Kind, w.Value)
			}
		}
	}

	m, err := embed.NewModel(b.Graph(), 4, newRand())
	if err != nil {
		t.Fatal(err)
	}

	set := embed.EvalSet{Name: "all", Gallery: []int32{0, 1, 2, 3, 4, 5}, Queries: []embed.Triplet{{Candidate: 1, Target: 0}, {Candidate: 2, Target: 4}}}

	return m, []embed.EvalSet{set}, byID
}

func TestApplyCaptionRule(t *testing.T) {
	m, sets, captions := captionModel(t)
	applyCaptionRule(sets, m.G, captions)

	classes := sets[0].Classes
	if classes[0] != classes[3] {
		t.Errorf("products with equal captions have classes %d and %d", classes[0], classes[3])
	}

	if classes[0] == classes[1] {
		t.Error("products with different captions share a class")
	}

	if !sets[0].ExcludeCandidate {
		t.Error("caption rule keeps the candidate in the ranking")
	}
}

func TestRestoreHiddenAttributes(t *testing.T) {
	m, sets, captions := captionModel(t)
	before := fmt.Sprint(m.G.ProductAttributes)

	opts := withDefaults(EvalOptions{Dataset: fashion200k.Source, Seed: 3, Captions: captions, AttributeMode: string(fashion200k.Words)})
	in := simulateRestoreHidden(m, sets, opts)

	if in.Edges+in.Skipped == 0 {
		t.Error("restoring hidden attributes changed nothing")
	}

	if fmt.Sprint(m.G.ProductAttributes) != before {
		t.Error("the simulation changed the model's own graph")
	}

	for _, k := range []string{"recall@1", "recall@10", "recall@50"} {
		if _, ok := in.After[k]; !ok {
			t.Errorf("after-recall lacks %s: %v", k, in.After)
		}
	}
}

func TestEvaluateFashion200KNeedsLoad(t *testing.T) {
	_, err := Evaluate(context.Background(), quiet, nil, EvalOptions{Dataset: fashion200k.Source, Captions: map[string]string{}, Loaded: toyLoaded(t)})
	if err == nil {
		t.Error("evaluating fashion200k on a graph without its queries returned no error")
	}
}

func newRand() *rand.Rand { return rand.New(rand.NewPCG(9, 9)) }
