package embed

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// normEpsilon keeps the norm of a zero vector away from zero.
const normEpsilon = 1e-12

// normalizeRows returns X with unit rows and the norms it divided by.
func normalizeRows(X *mat.Dense) (*mat.Dense, []float64) {
	n, d := X.Dims()
	out := mat.NewDense(n, d, nil)
	norms := make([]float64, n)

	for i := range n {
		x := X.RawRowView(i)
		norms[i] = math.Sqrt(floats.Dot(x, x) + normEpsilon)
		floats.ScaleTo(out.RawRowView(i), 1/norms[i], x)
	}

	return out, norms
}

// normalizeRowsBackward maps the gradient on unit rows Xh back to the raw
// rows: dx = (dxh - xh (xh·dxh)) / |x|.
func normalizeRowsBackward(Xh *mat.Dense, norms []float64, dXh *mat.Dense) *mat.Dense {
	n, d := Xh.Dims()
	out := mat.NewDense(n, d, nil)

	for i := range n {
		xh, dxh, dx := Xh.RawRowView(i), dXh.RawRowView(i), out.RawRowView(i)
		dot := floats.Dot(xh, dxh)
		for j := range d {
			dx[j] = (dxh[j] - xh[j]*dot) / norms[i]
		}
	}

	return out
}

// batchSoftmaxLoss is the mean cross-entropy of row i of X against row i
// of Y, with logits cos(x_i, y_j)/τ over every row j of Y. Y may hold more
// rows than X: the extra rows are negatives only. It returns the loss and
// the gradients with respect to X and Y.
func batchSoftmaxLoss(X, Y *mat.Dense, tau float64) (loss float64, dX, dY *mat.Dense) {
	nx, _ := X.Dims()
	ny, _ := Y.Dims()

	Xh, xNorms := normalizeRows(X)
	Yh, yNorms := normalizeRows(Y)

	S := mat.NewDense(nx, ny, nil)
	S.Mul(Xh, Yh.T())
	S.Scale(1/tau, S)

	// S becomes dS = (softmax(S) - onehot) / (nx τ), the gradient on the
	// cosine matrix.
	for i := range nx {
		row := S.RawRowView(i)
		lse := floats.LogSumExp(row)
		loss += lse - row[i]

		for j := range row {
			row[j] = math.Exp(row[j] - lse)
		}

		row[i]--
		floats.Scale(1/(float64(nx)*tau), row)
	}

	loss /= float64(nx)

	dXh := mat.NewDense(nx, Xh.RawMatrix().Cols, nil)
	dXh.Mul(S, Yh)
	dYh := mat.NewDense(ny, Yh.RawMatrix().Cols, nil)
	dYh.Mul(S.T(), Xh)

	return loss, normalizeRowsBackward(Xh, xNorms, dXh), normalizeRowsBackward(Yh, yNorms, dYh)
}

// LinkSample is one held-out product-attribute edge with its negatives.
type LinkSample struct {
	Neighbours []int32 // the product's attributes without the held-out one
	Positive   int32   // the held-out attribute
	Negatives  []int32 // attributes of the same kind that the product lacks
}

// linkLoss is the mean over samples of softplus(-s+) + Σ softplus(s-),
// with s = <h_p, d_k ⊙ e_a>. It adds its gradient, scaled by weight, into grad.
func (m *Model) linkLoss(grad *Params, samples []LinkSample, weight float64) float64 {
	if len(samples) == 0 {
		return 0
	}

	neighbours := make([][]int32, len(samples))
	for i, s := range samples {
		neighbours[i] = s.Neighbours
	}

	enc := m.encode(neighbours)
	d := m.P.Shape.Dim
	dH := mat.NewDense(len(samples), d, nil)
	e, de, tmp := make([]float64, d), make([]float64, d), make([]float64, d)
	scale := weight / float64(len(samples))

	var loss float64
	for i, s := range samples {
		h, dh := enc.H.RawRowView(i), dH.RawRowView(i)

		score := func(a int32, sign float64) {
			k := int(m.G.Attributes[a].Kind)
			dk := m.P.D.RawRowView(k)
			m.attrVector(e, a)

			floats.MulTo(tmp, dk, e)
			z := floats.Dot(h, tmp)
			loss += softplus(-sign * z)

			// d softplus(-sign z)/dz = -sign σ(-sign z)
			g := -sign * sigmoid(-sign*z) * scale
			floats.AddScaled(dh, g, tmp)

			floats.MulTo(tmp, h, e)
			floats.AddScaled(grad.D.RawRowView(k), g, tmp)

			floats.MulTo(de, h, dk)
			floats.Scale(g, de)
			m.attrVectorBackward(grad, a, de)
		}

		score(s.Positive, 1)
		for _, a := range s.Negatives {
			score(a, -1)
		}
	}

	m.encodeBackward(grad, enc, dH)

	return weight * loss / float64(len(samples))
}
