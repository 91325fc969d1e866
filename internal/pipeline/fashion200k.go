package pipeline

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/fashion200k"
)

// addFashion200K reads what the Fashion200K evaluation needs from the
// graph into opts: the products' captions, for the hit rule, and the
// loader's settings, which must match the requested hiding fraction.
func addFashion200K(ctx context.Context, client *graphdb.Client, opts *EvalOptions) error {
	recs, err := client.Read(ctx, cypher.MustStatement("eval_dataset_settings"), map[string]any{"name": fashion200k.Source})
	if err != nil {
		return fmt.Errorf("read fashion200k settings: %w", err)
	}

	if len(recs) == 0 {
		return fmt.Errorf("evaluate: fashion200k is not loaded; load it first (tailor load fashion200k --hide-attributes 0.3)")
	}

	hidden, _ := recs[0]["hide_attributes"].(float64)
	if opts.HideFraction >= 0 && math.Abs(hidden-opts.HideFraction) > 1e-9 {
		return fmt.Errorf("evaluate: fashion200k was loaded with %g of gallery attributes hidden, not the requested %g; reload it with tailor load fashion200k --hide-attributes %g",
			hidden, opts.HideFraction, opts.HideFraction)
	}

	opts.HideFraction = hidden
	opts.AttributeMode, _ = recs[0]["attribute_mode"].(string)

	rows, err := client.Read(ctx, cypher.MustStatement("eval_captions"), map[string]any{"source": fashion200k.Source})
	if err != nil {
		return fmt.Errorf("read fashion200k captions: %w", err)
	}

	opts.Captions = make(map[string]string, len(rows))
	for _, r := range rows {
		caption, _ := r["caption"].(string)
		opts.Captions[r["id"].(string)] = caption
	}

	return addMentions(ctx, client, opts)
}

// addMentions reads the attributes that the loader recorded as each
// query's requested and removed ones.
func addMentions(ctx context.Context, client *graphdb.Client, opts *EvalOptions) error {
	rows, err := client.Read(ctx, cypher.MustStatement("eval_mentions"), map[string]any{"source": fashion200k.Source})
	if err != nil {
		return fmt.Errorf("read fashion200k query mentions: %w", err)
	}

	opts.Mentions = map[string]Mentions{}
	for _, r := range rows {
		id := r["query"].(string)
		a := catalog.Attribute{Kind: r["kind"].(string), Value: r["value"].(string)}
		m := opts.Mentions[id]

		if negated, _ := r["negated"].(bool); negated {
			m.Removed = append(m.Removed, a)
		} else {
			m.Requested = append(m.Requested, a)
		}

		opts.Mentions[id] = m
	}

	return nil
}

// applyCaptionRule makes each set count a hit by caption equality and
// leave the candidate out, as the Fashion200K evaluation of TIRG does.
func applyCaptionRule(sets []embed.EvalSet, g *embed.Graph, captions map[string]string) {
	class := map[string]int32{}

	for i := range sets {
		sets[i].ExcludeCandidate = true
		sets[i].Classes = make([]int32, len(sets[i].Gallery))

		for j, p := range sets[i].Gallery {
			c := captions[g.Products[p]]
			if _, ok := class[c]; !ok {
				class[c] = int32(len(class))
			}

			sets[i].Classes[j] = class[c]
		}
	}
}

// simulateRestoreHidden gives back half of the attribute edges that the
// loader hid from the gallery, as shoppers adding metadata would. The
// hidden edges are the caption's attributes that the product lacks. An
// attribute without a node in the graph has no trained vector, so its
// edge is counted as skipped instead.
func simulateRestoreHidden(m *embed.Model, sets []embed.EvalSet, opts EvalOptions) Interaction {
	rng := rand.New(rand.NewPCG(opts.Seed, 0x3e7b))
	g := cloneGraph(m.G)
	mode := fashion200k.Mode(opts.AttributeMode)

	index := map[[2]string]int32{}
	for i, a := range g.Attributes {
		index[[2]string{g.Kinds[a.Kind], a.Value}] = int32(i)
	}

	restored, skipped := 0, 0
	for _, p := range galleryProducts(sets) {
		for _, a := range mode.Attributes(strings.Fields(opts.Captions[g.Products[p]])) {
			idx, known := index[[2]string{a.Kind, a.Value}]
			if known && containsIndex(g.ProductAttributes[p], idx) {
				continue
			}

			if rng.Float64() >= restoreShare {
				continue
			}

			if !known {
				skipped++
				continue
			}

			g.ProductAttributes[p] = append(g.ProductAttributes[p], idx)
			restored++
		}
	}

	return Interaction{
		Description: "restore half of the gallery attributes that the loader hid (settings.hide_attributes) as user edges",
		Edges:       restored,
		Skipped:     skipped,
		Before:      average(modelRecalls(m, sets, opts)),
		After:       average(modelRecalls(withGraph(m, g), sets, opts)),
	}
}
