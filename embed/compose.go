package embed

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// textEncoding holds the bag-of-words vectors of a batch of texts.
type textEncoding struct {
	words [][]int32
	Q     *mat.Dense // rows × dim
}

// encodeText computes q = mean{u_w} for each row; a row without known
// words is the zero vector.
func (m *Model) encodeText(words [][]int32) *textEncoding {
	d := m.P.Shape.Dim
	te := &textEncoding{words: words, Q: mat.NewDense(len(words), d, nil)}

	for row, ws := range words {
		if len(ws) == 0 {
			continue
		}

		dst := te.Q.RawRowView(row)
		inv := 1 / float64(len(ws))
		for _, w := range ws {
			floats.AddScaled(dst, inv, m.P.U.RawRowView(int(w)))
		}
	}

	return te
}

func (m *Model) encodeTextBackward(grad *Params, te *textEncoding, dQ *mat.Dense) {
	for row, ws := range te.words {
		if len(ws) == 0 {
			continue
		}

		inv := 1 / float64(len(ws))
		src := dQ.RawRowView(row)
		for _, w := range ws {
			floats.AddScaled(grad.U.RawRowView(int(w)), inv, src)
		}
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
