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
// rows than X: the extra rows are negatives only. With symmetric it adds
// the reverse direction, the mean cross-entropy of each y_i (i < rows of
// X) against every x_j, from the same cosine matrix. It returns the loss
// and the gradients with respect to X and Y.
func batchSoftmaxLoss(X, Y *mat.Dense, tau float64, symmetric bool) (loss float64, dX, dY *mat.Dense) {
	nx, _ := X.Dims()
	ny, _ := Y.Dims()

	Xh, xNorms := normalizeRows(X)
	Yh, yNorms := normalizeRows(Y)

	S := mat.NewDense(nx, ny, nil)
	S.Mul(Xh, Yh.T())
	S.Scale(1/tau, S)

	dS := mat.NewDense(nx, ny, nil)
	loss = softmaxRows(S, dS)

	if symmetric {
		// The reverse logits are the first nx columns of S, read as rows.
		St := mat.DenseCopyOf(S.Slice(0, nx, 0, nx).T())
		dSt := mat.NewDense(nx, nx, nil)
		loss += softmaxRows(St, dSt)

		block := dS.Slice(0, nx, 0, nx).(*mat.Dense)
		block.Add(block, dSt.T())
	}

	// dS is now the gradient on the logits; the cosines carry 1/τ.
	dS.Scale(1/tau, dS)

	dXh := mat.NewDense(nx, Xh.RawMatrix().Cols, nil)
	dXh.Mul(dS, Yh)
	dYh := mat.NewDense(ny, Yh.RawMatrix().Cols, nil)
	dYh.Mul(dS.T(), Xh)

	return loss, normalizeRowsBackward(Xh, xNorms, dXh), normalizeRowsBackward(Yh, yNorms, dYh)
}

// softmaxRows returns the mean over rows i of the cross-entropy of
// logits row i with target column i, and writes its gradient on the
// logits, (softmax - onehot) / rows, into dL.
func softmaxRows(L, dL *mat.Dense) float64 {
	n, _ := L.Dims()

	var loss float64
	for i := range n {
		row, grad := L.RawRowView(i), dL.RawRowView(i)
		lse := floats.LogSumExp(row)
		loss += lse - row[i]

		for j, v := range row {
			grad[j] = math.Exp(v-lse) / float64(n)
		}

		grad[i] -= 1 / float64(n)
	}

	return loss / float64(n)
}

// LinkSample is one held-out product-attribute edge with its negatives.
type LinkSample struct {
	Product    int32   // the product whose edge is held out; its image features join the encoding
	Neighbours []int32 // the product's attributes without the held-out one
	Positive   int32   // the held-out attribute
	Negatives  []int32 // attributes of the same kind that the product lacks
}

// linkLoss is the mean over samples of softplus(-s+) + Σ softplus(s-),
// with s = <h_p, d_k ⊙ e_a>, times weight. H holds the encoded products
// of the samples; it adds the gradient on H into dH and the gradients of
// D and the attribute vectors into grad.
func (m *Model) linkLoss(grad *Params, samples []LinkSample, weight float64, H, dH *mat.Dense) float64 {
	d := m.P.Shape.Dim
	e, de, tmp := make([]float64, d), make([]float64, d), make([]float64, d)
	scale := weight / float64(len(samples))

	var loss float64
	for i, s := range samples {
		h, dh := H.RawRowView(i), dH.RawRowView(i)

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

	return weight * loss / float64(len(samples))
}
