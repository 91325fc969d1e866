package pipeline

import (
	"log/slog"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/tailorsearch/tailor/embed"
)

// The interaction simulations, by the name the report uses.
const (
	InteractionMoreMetadata = "more_metadata"
	InteractionLikeThat     = "i_like_that"
)

// restoreShare is the share of hidden attribute edges that the "more
// metadata" simulation gives back as user edges.
const restoreShare = 0.5

// similarityBlock is the number of gallery rows scored at once by the
// "I like that" similarity search, which bounds its memory to
// similarityBlock × gallery size values.
const similarityBlock = 512

// simulateInteractions measures both simulations on copies of the
// model's graph; the model's own graph and parameters stay unchanged.
func simulateInteractions(logger *slog.Logger, m *embed.Model, sets []embed.EvalSet, opts EvalOptions) map[string]Interaction {
	out := map[string]Interaction{}

	if opts.Captions != nil {
		out[InteractionMoreMetadata] = simulateRestoreHidden(m, sets, opts)
	} else {
		out[InteractionMoreMetadata] = simulateMoreMetadata(m, sets, opts)
	}

	logger.Info("simulated interaction", "name", InteractionMoreMetadata, "edges", out[InteractionMoreMetadata].Edges)

	out[InteractionLikeThat] = simulateLikeThat(m, sets, opts)
	logger.Info("simulated interaction", "name", InteractionLikeThat, "edges", out[InteractionLikeThat].Edges)

	return out
}

// simulateMoreMetadata hides a share of the gallery products' attribute
// edges, as an attribute predictor that misses some would, measures
// recall, then restores half of the hidden edges, as shoppers adding
// metadata would, and measures again.
func simulateMoreMetadata(m *embed.Model, sets []embed.EvalSet, opts EvalOptions) Interaction {
	rng := rand.New(rand.NewPCG(opts.Seed, 0x3e7a))
	g := cloneGraph(m.G)
	hidden := map[int32][]int32{}

	for _, p := range galleryProducts(sets) {
		var kept []int32
		for _, a := range g.ProductAttributes[p] {
			if rng.Float64() < opts.HideFraction {
				hidden[p] = append(hidden[p], a)
			} else {
				kept = append(kept, a)
			}
		}

		g.ProductAttributes[p] = kept
	}

	hiddenModel := withGraph(m, g)
	before := average(modelRecalls(hiddenModel, sets, opts))

	restored := 0
	for _, p := range galleryProducts(sets) {
		for _, a := range hidden[p] {
			if rng.Float64() < restoreShare {
				g.ProductAttributes[p] = append(g.ProductAttributes[p], a)
				restored++
			}
		}
	}

	return Interaction{
		Description: "hide a share of the gallery's attribute edges (settings.hide_fraction), then restore half of them as user edges",
		Edges:       restored,
		Before:      before,
		After:       average(modelRecalls(hiddenModel, sets, opts)),
	}
}

// simulateLikeThat links every gallery product that has attributes to the
// gallery product most similar to it by product vector, as a shopper
// saying "I like that" about a look-alike would, and measures recall
// before and after.
func simulateLikeThat(m *embed.Model, sets []embed.EvalSet, opts EvalOptions) Interaction {
	g := cloneGraph(m.G)
	for len(g.Preferences) < len(g.Products) {
		g.Preferences = append(g.Preferences, nil)
	}

	edges := 0
	for _, set := range sets {
		for i, j := range nearestNeighbours(m, set.Gallery) {
			if j < 0 {
				continue
			}

			p, q := set.Gallery[i], set.Gallery[j]
			if containsIndex(g.Preferences[p], q) {
				continue
			}

			g.Preferences[p] = append(g.Preferences[p], q)
			g.Preferences[q] = append(g.Preferences[q], p)
			edges++
		}
	}

	return Interaction{
		Description: "link each gallery product with attributes to its most similar gallery product by vector, as a preference edge",
		Edges:       edges,
		Before:      average(modelRecalls(m, sets, opts)),
		After:       average(modelRecalls(withGraph(m, g), sets, opts)),
	}
}

// nearestNeighbours returns, for each gallery position, the position of
// the most similar other gallery product with attributes by cosine, or -1
// for a product without attributes. Ties go to the lower position.
func nearestNeighbours(m *embed.Model, gallery []int32) []int {
	H := m.ProductVectors(gallery)
	n, d := H.Dims()

	for i := range n {
		row := H.RawRowView(i)
		if norm := floats.Norm(row, 2); norm > 0 {
			floats.Scale(1/norm, row)
		}
	}

	out := make([]int, n)
	for lo := 0; lo < n; lo += similarityBlock {
		hi := min(lo+similarityBlock, n)

		var S mat.Dense
		S.Mul(H.Slice(lo, hi, 0, d), H.T())

		for i := lo; i < hi; i++ {
			out[i] = bestOther(m, gallery, S.RawRowView(i-lo), i)
		}
	}

	return out
}

func bestOther(m *embed.Model, gallery []int32, scores []float64, self int) int {
	if len(m.G.ProductAttributes[gallery[self]]) == 0 {
		return -1
	}

	best, bestScore := -1, math.Inf(-1)
	for j, s := range scores {
		if j != self && len(m.G.ProductAttributes[gallery[j]]) > 0 && s > bestScore {
			best, bestScore = j, s
		}
	}

	return best
}

// cloneGraph returns a copy of g whose per-product lists can be replaced
// without touching g. The attribute lists are shared until replaced, but
// their capacity is capped, so an append copies them.
func cloneGraph(g *embed.Graph) *embed.Graph {
	c := *g
	c.ProductAttributes = append([][]int32(nil), g.ProductAttributes...)
	c.Preferences = make([][]int32, len(g.Preferences))

	for i, prefs := range g.Preferences {
		c.Preferences[i] = append([]int32(nil), prefs...)
	}

	for i, attrs := range c.ProductAttributes {
		c.ProductAttributes[i] = attrs[:len(attrs):len(attrs)]
	}

	return &c
}

// withGraph returns a copy of m that reads graph g with the same parameters.
func withGraph(m *embed.Model, g *embed.Graph) *embed.Model {
	c := *m
	c.G = g

	return &c
}

func galleryProducts(sets []embed.EvalSet) []int32 {
	seen := map[int32]bool{}

	var out []int32
	for _, set := range sets {
		for _, p := range set.Gallery {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}

	return out
}

func containsIndex(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}

	return false
}
