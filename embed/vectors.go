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
	neighbours := make([][]int32, len(products))
	for i, p := range products {
		neighbours[i] = m.G.ProductAttributes[p]
	}

	H := m.encode(neighbours).H
	if m.PreferenceWeight == 0 || len(m.G.Preferences) == 0 {
		return H
	}

	for i, p := range products {
		if int(p) >= len(m.G.Preferences) || len(m.G.Preferences[p]) == 0 {
			continue
		}

		liked := m.G.Preferences[p]
		ln := make([][]int32, len(liked))
		for j, q := range liked {
			ln[j] = m.G.ProductAttributes[q]
		}

		L := m.encode(ln).H
		row := H.RawRowView(i)
		w := m.PreferenceWeight / float64(len(liked))
		for j := range liked {
			floats.AddScaled(row, w, L.RawRowView(j))
		}
	}

	return H
}

// Compose returns compose(h_c, q) for each candidate vector (a row of Hc)
// and its text's word indices.
func (m *Model) Compose(Hc *mat.Dense, words [][]int32) *mat.Dense {
	return m.compose(Hc, m.encodeText(words).Q).Phi
}
