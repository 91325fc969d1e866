package embed

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// textEncoding holds the vectors of a batch of texts.
type textEncoding struct {
	words              [][]int32
	requested, removed [][]int32  // per row, the attributes the text requests and removes
	A, B               *mat.Dense // rows × dim mean e_a over the requested and the removed attributes
	Q                  *mat.Dense // rows × dim
}

// removalWords make the attribute named right after them one that the
// text removes: the negations that modtext reads, and "replace" for the
// "replace X with Y" texts of Fashion200K. Stop words such as "with" are
// already gone from the word lists, so "replace red with blue" removes
// red and requests blue.
var removalWords = map[string]bool{"no": true, "not": true, "without": true, "less": true, "non": true, "replace": true}

// encodeText computes q = mean{u_w} + M mean{e_a : a requested} +
// N mean{e_a : a removed} for each row. A text names an attribute when it
// holds every word of the attribute's value, and removes it when the
// word before the value's first word is in removalWords. A row without
// known words is the zero vector.
func (m *Model) encodeText(words [][]int32) *textEncoding {
	d := m.P.Shape.Dim
	n := max(len(words), 1)
	te := &textEncoding{words: words, Q: mat.NewDense(n, d, nil), A: mat.NewDense(n, d, nil), B: mat.NewDense(n, d, nil)}
	te.requested, te.removed = m.mentions(words)

	for row, ws := range words {
		if len(ws) == 0 {
			continue
		}

		dst := te.Q.RawRowView(row)
		inv := 1 / float64(len(ws))
		for _, w := range ws {
			floats.AddScaled(dst, inv, m.P.U.RawRowView(int(w)))
		}

		m.meanAttributes(te.A.RawRowView(row), te.requested[row])
		m.meanAttributes(te.B.RawRowView(row), te.removed[row])
	}

	var t mat.Dense
	t.Mul(te.A, m.P.M.T())
	te.Q.Add(te.Q, &t)
	t.Mul(te.B, m.P.N.T())
	te.Q.Add(te.Q, &t)

	return te
}

// meanAttributes writes the mean of e_a over attrs into dst.
func (m *Model) meanAttributes(dst []float64, attrs []int32) {
	e := make([]float64, len(dst))
	for _, a := range attrs {
		m.attrVector(e, a)
		floats.AddScaled(dst, 1/float64(len(attrs)), e)
	}
}

// mentions returns, per text, the attributes whose value words all occur
// in the text, split into those it requests and those it removes, each in
// attribute order. Word indices come in order of first appearance, as
// Builder.TextWords returns them.
//
// NOTE: a word list keeps only a word's first appearance, so in "not red
// and not floral" the second "not" is gone and floral counts as requested.
func (m *Model) mentions(words [][]int32) (requested, removed [][]int32) {
	byWord := make([][]int32, len(m.G.Words))
	for a, node := range m.G.Attributes {
		if len(node.Words) > 0 {
			first := node.Words[0]
			byWord[first] = append(byWord[first], int32(a))
		}
	}

	requested, removed = make([][]int32, len(words)), make([][]int32, len(words))
	for row, ws := range words {
		for i, w := range ws {
			if int(w) >= len(byWord) {
				continue
			}

			for _, a := range byWord[w] {
				switch {
				case !containsAll(ws, m.G.Attributes[a].Words):
				case i > 0 && m.isRemovalWord(ws[i-1]):
					removed[row] = append(removed[row], a)
				default:
					requested[row] = append(requested[row], a)
				}
			}
		}

		slices.Sort(requested[row])
		slices.Sort(removed[row])
	}

	return requested, removed
}

func (m *Model) isRemovalWord(w int32) bool {
	return int(w) < len(m.G.Words) && removalWords[m.G.Words[w]]
}

func containsAll(xs, want []int32) bool {
	for _, w := range want {
		if !contains(xs, w) {
			return false
		}
	}

	return true
}

func (m *Model) encodeTextBackward(grad *Params, te *textEncoding, dQ *mat.Dense) {
	var t mat.Dense
	t.Mul(dQ.T(), te.A)
	grad.M.Add(grad.M, &t)
	t.Mul(dQ.T(), te.B)
	grad.N.Add(grad.N, &t)

	var dA, dB mat.Dense
	dA.Mul(dQ, m.P.M)
	dB.Mul(dQ, m.P.N)

	for row, ws := range te.words {
		if len(ws) == 0 {
			continue
		}

		inv := 1 / float64(len(ws))
		src := dQ.RawRowView(row)
		for _, w := range ws {
			floats.AddScaled(grad.U.RawRowView(int(w)), inv, src)
		}

		m.meanAttributesBackward(grad, dA.RawRowView(row), te.requested[row])
		m.meanAttributesBackward(grad, dB.RawRowView(row), te.removed[row])
	}
}

// meanAttributesBackward adds the gradient of the mean of e_a over attrs,
// given its gradient dMean, into grad.
func (m *Model) meanAttributesBackward(grad *Params, dMean []float64, attrs []int32) {
	de := make([]float64, len(dMean))
	for _, a := range attrs {
		floats.ScaleTo(de, 1/float64(len(attrs)), dMean)
		m.attrVectorBackward(grad, a, de)
	}
}

// composition holds what the backward pass of compose needs.
type composition struct {
	Hc   *mat.Dense // candidate vectors
	Q    *mat.Dense // text vectors
	gate *mat.Dense // σ(G q + g)
	Phi  *mat.Dense // composed query vectors
}

// compose computes φ = h_c ⊙ σ(G q + g) + R q row by row.
func (m *Model) compose(Hc, Q *mat.Dense) *composition {
	n, d := Hc.Dims()
	c := &composition{Hc: Hc, Q: Q, gate: mat.NewDense(n, d, nil), Phi: mat.NewDense(n, d, nil)}

	c.gate.Mul(Q, m.P.G.T())
	c.Phi.Mul(Q, m.P.R.T())

	for row := range n {
		g, phi, hc := c.gate.RawRowView(row), c.Phi.RawRowView(row), Hc.RawRowView(row)
		for j := range d {
			g[j] = sigmoid(g[j] + m.P.GB[j])
			phi[j] += hc[j] * g[j]
		}
	}

	return c
}

// composeBackward returns dHc and dQ for the gradient dPhi and adds the
// gradients of G, g and R into grad.
func (m *Model) composeBackward(grad *Params, c *composition, dPhi *mat.Dense) (dHc, dQ *mat.Dense) {
	n, d := dPhi.Dims()
	dHc = mat.NewDense(n, d, nil)
	dZ := mat.NewDense(n, d, nil) // gradient before the sigmoid

	for row := range n {
		g, hc, dphi := c.gate.RawRowView(row), c.Hc.RawRowView(row), dPhi.RawRowView(row)
		dhc, dz := dHc.RawRowView(row), dZ.RawRowView(row)
		for j := range d {
			dhc[j] = dphi[j] * g[j]
			dz[j] = dphi[j] * hc[j] * g[j] * (1 - g[j])
		}

		floats.Add(grad.GB, dz)
	}

	var t mat.Dense
	t.Mul(dZ.T(), c.Q)
	grad.G.Add(grad.G, &t)
	t.Mul(dPhi.T(), c.Q)
	grad.R.Add(grad.R, &t)

	var fromR mat.Dense
	dQ = mat.NewDense(n, d, nil)
	dQ.Mul(dZ, m.P.G)
	fromR.Mul(dPhi, m.P.R)
	dQ.Add(dQ, &fromR)

	return dHc, dQ
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// softplus computes log(1 + e^x) without overflow.
func softplus(x float64) float64 {
	if x > 30 {
		return x
	}

	return math.Log1p(math.Exp(x))
}
