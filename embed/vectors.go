package embed

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ProductVectors returns the vectors of the given products, one row each,
// computed from their current neighbourhoods. A product with preference
// edges moves towards the mean of its liked products' attribute-only
// vectors by PreferenceWeight; that step is not recursive, so a preference
// reaches one hop.
func (m *Model) ProductVectors(products []int32) *mat.Dense {
	H := m.encode(m.neighbourLists(products), products).H
	if m.PreferenceWeight == 0 || len(m.G.Preferences) == 0 {
		return H
	}

	// liked collects every liked product of the batch, so that they are
	// encoded in one pass; start[i] is where product i's run begins.
	var liked []int32
	start := make([]int, len(products)+1)

	for i, p := range products {
		start[i] = len(liked)
		if int(p) < len(m.G.Preferences) {
			liked = append(liked, m.G.Preferences[p]...)
		}
	}

	start[len(products)] = len(liked)
	if len(liked) == 0 {
		return H
	}

	L := m.encode(m.neighbourLists(liked), liked).H
	for i := range products {
		lo, hi := start[i], start[i+1]
		if lo == hi {
			continue
		}

		row := H.RawRowView(i)
		w := m.PreferenceWeight / float64(hi-lo)
		for j := lo; j < hi; j++ {
			floats.AddScaled(row, w, L.RawRowView(j))
		}
	}

	return H
}

func (m *Model) neighbourLists(products []int32) [][]int32 {
	out := make([][]int32, len(products))
	for i, p := range products {
		out[i] = m.G.ProductAttributes[p]
	}

	return out
}

// Compose returns compose(h_c, q) for each candidate vector (a row of Hc)
// and its text's word indices.
func (m *Model) Compose(Hc *mat.Dense, words [][]int32) *mat.Dense {
	return m.compose(Hc, m.encodeText(words).Q).Phi
}
