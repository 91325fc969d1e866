package embed

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// attrVector writes e_a = v_a + mean{u_w} into dst.
func (m *Model) attrVector(dst []float64, a int32) {
	copy(dst, m.P.V.RawRowView(int(a)))

	words := m.G.Attributes[a].Words
	if len(words) == 0 {
		return
	}

	inv := 1 / float64(len(words))
	for _, w := range words {
		floats.AddScaled(dst, inv, m.P.U.RawRowView(int(w)))
	}
}

// attrVectorBackward adds the gradient de of e_a into grad.
func (m *Model) attrVectorBackward(grad *Params, a int32, de []float64) {
	floats.Add(grad.V.RawRowView(int(a)), de)

	words := m.G.Attributes[a].Words
	if len(words) == 0 {
		return
	}

	inv := 1 / float64(len(words))
	for _, w := range words {
		floats.AddScaled(grad.U.RawRowView(int(w)), inv, de)
	}
}

// encoding holds what the backward pass of encode needs.
type encoding struct {
	neighbours [][]int32    // attribute indices per row
	means      []*mat.Dense // per kind: rows × dim mean of e_a, zero where absent
	counts     [][]int      // per kind, per row: number of neighbours of that kind
	H          *mat.Dense   // rows × dim product vectors
}

// encode computes h_p = b + Σ_k W_k mean_k for each row's neighbour list.
func (m *Model) encode(neighbours [][]int32) *encoding {
	d, kinds, n := m.P.Shape.Dim, m.P.Shape.Kinds, len(neighbours)

	enc := &encoding{neighbours: neighbours, means: make([]*mat.Dense, kinds), counts: make([][]int, kinds)}
	for k := range kinds {
		enc.means[k] = mat.NewDense(n, d, nil)
		enc.counts[k] = make([]int, n)
	}

	e := make([]float64, d)
	for row, attrs := range neighbours {
		for _, a := range attrs {
			k := m.G.Attributes[a].Kind
			m.attrVector(e, a)
			floats.Add(enc.means[k].RawRowView(row), e)
			enc.counts[k][row]++
		}

		for k := range kinds {
			if c := enc.counts[k][row]; c > 1 {
				floats.Scale(1/float64(c), enc.means[k].RawRowView(row))
			}
		}
	}

	enc.H = mat.NewDense(n, d, nil)
	for row := range n {
		copy(enc.H.RawRowView(row), m.P.Bias)
	}

	var t mat.Dense
	for k := range kinds {
		t.Mul(enc.means[k], m.P.W[k].T())
		enc.H.Add(enc.H, &t)
	}

	return enc
}

// encodeBackward adds into grad the gradient that dH (rows × dim) induces.
func (m *Model) encodeBackward(grad *Params, enc *encoding, dH *mat.Dense) {
	n, d := dH.Dims()

	for row := range n {
		floats.Add(grad.Bias, dH.RawRowView(row))
	}

	dMeans := make([]*mat.Dense, len(enc.means))

	var t mat.Dense
	for k, mk := range enc.means {
		t.Mul(dH.T(), mk)
		grad.W[k].Add(grad.W[k], &t)

		dMeans[k] = mat.NewDense(n, d, nil)
		dMeans[k].Mul(dH, m.P.W[k])
	}

	de := make([]float64, d)
	for row, attrs := range enc.neighbours {
		for _, a := range attrs {
			k := m.G.Attributes[a].Kind
			copy(de, dMeans[k].RawRowView(row))
			floats.Scale(1/float64(enc.counts[k][row]), de)
			m.attrVectorBackward(grad, a, de)
		}
	}
}

// AttributeVector returns e_a for attribute a as a new slice.
func (m *Model) AttributeVector(a int32) []float64 {
	out := make([]float64, m.P.Shape.Dim)
	m.attrVector(out, a)

	return out
}
