package embed

import (
	"math"
	"math/rand/v2"
	"testing"
)

// smallGraph returns a random graph small enough to check every gradient.
func smallGraph(t *testing.T, rng *rand.Rand) *Graph {
	t.Helper()

	// Word 6, "not", belongs to no attribute; it makes texts remove the
	// attributes named after it.
	g := &Graph{Kinds: []string{"texture", "fabric", "shape"}, Words: []string{"a", "b", "c", "d", "e", "f", "not"}}
	for i := range 8 {
		g.Attributes = append(g.Attributes, AttributeNode{
			Kind:  int32(i % 3),
			Value: string(rune('p' + i)),
			Words: []int32{int32(rng.IntN(6)), int32(rng.IntN(6))}[:1+i%2],
		})
	}

	for i := range 7 {
		g.Products = append(g.Products, string(rune('A'+i)))

		var attrs []int32
		for a := range 8 {
			if rng.IntN(2) == 0 {
				attrs = append(attrs, int32(a))
			}
		}

		g.ProductAttributes = append(g.ProductAttributes, attrs)
	}

	g.ProductAttributes[6] = nil // a product without attributes

	return g
}

func smallBatch(rng *rand.Rand) Batch {
	return Batch{
		Triplets: []Triplet{
			{Candidate: 0, Target: 1, Words: []int32{0, 2}},
			{Candidate: 2, Target: 3, Words: []int32{1}},
			{Candidate: 4, Target: 6, Words: nil},
		},
		Negatives: []int32{5},
		Links: []LinkSample{
			{Neighbours: []int32{0, 1, 4}, Positive: 7, Negatives: []int32{1, 4}},
			{Neighbours: []int32{2}, Positive: 5, Negatives: []int32{int32(rng.IntN(8))}},
		},
	}
}

func TestGradientsMatchFiniteDifferences(t *testing.T) {
	tests := []struct {
		name       string
		linkWeight float64
		links      bool
		triplets   bool
	}{
		{name: "compositional only", triplets: true},
		{name: "link only", linkWeight: 1, links: true},
		{name: "both losses", linkWeight: 0.5, links: true, triplets: true},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 2))
			g := smallGraph(t, rng)

			m, err := NewModel(g, 4, rng)
			if err != nil {
				t.Fatal(err)
			}

			// Move away from the identity initialisation so that no
			// gradient is zero by symmetry.
			for i := range m.P.Data {
				m.P.Data[i] += 0.3 * rng.NormFloat64()
			}

			b := smallBatch(rng)
			if !tc.triplets {
				b.Triplets = nil
			}

			if !tc.links {
				b.Links = nil
			}

			checkGradient(t, m, b, tc.linkWeight)
		})
	}
}

func checkGradient(t *testing.T, m *Model, b Batch, linkWeight float64) {
	t.Helper()

	grad, _ := NewParams(m.P.Shape)
	m.Loss(grad, b, LossWeights{Compositional: 1, Link: linkWeight})

	const h = 1e-5
	scratch, _ := NewParams(m.P.Shape)
	nonzero := 0

	for i := range m.P.Data {
		orig := m.P.Data[i]

		m.P.Data[i] = orig + h
		up := m.Loss(scratch, b, LossWeights{Compositional: 1, Link: linkWeight})
		m.P.Data[i] = orig - h
		down := m.Loss(scratch, b, LossWeights{Compositional: 1, Link: linkWeight})
		m.P.Data[i] = orig

		numeric := (up - down) / (2 * h)
		analytic := grad.Data[i]
		if math.Abs(numeric) > 1e-6 {
			nonzero++
		}

		if diff := math.Abs(numeric - analytic); diff > 1e-6*math.Max(1, math.Abs(numeric)) {
			t.Errorf("parameter %d: analytic gradient %.9g, finite difference %.9g", i, analytic, numeric)
		}
	}

	if nonzero == 0 {
		t.Fatal("every finite difference is zero; the check compared nothing")
	}
}
