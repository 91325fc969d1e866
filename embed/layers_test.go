package embed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// projection returns a fixed random matrix C; a layer's output Y is
// reduced to the scalar Σ C ⊙ Y, whose gradient on Y is C.
func projection(rng *rand.Rand, r, c int) *mat.Dense {
	C := mat.NewDense(r, c, nil)
	for i := range r {
		for j := range c {
			C.Set(i, j, rng.NormFloat64())
		}
	}

	return C
}

func project(C, Y *mat.Dense) float64 {
	return mat.Sum(mulElem(C, Y))
}

func mulElem(a, b *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.MulElem(a, b)

	return &out
}

// checkParams compares the analytic parameter gradient that backward adds
// with central differences of forward over every parameter.
func checkParams(t *testing.T, m *Model, forward func() float64, backward func(grad *Params)) {
	t.Helper()

	grad, _ := NewParams(m.P.Shape)
	backward(grad)

	const h = 1e-5
	nonzero := 0

	for i := range m.P.Data {
		orig := m.P.Data[i]
		m.P.Data[i] = orig + h
		up := forward()
		m.P.Data[i] = orig - h
		down := forward()
		m.P.Data[i] = orig

		numeric := (up - down) / (2 * h)
		if math.Abs(numeric) > 1e-6 {
			nonzero++
		}

		if diff := math.Abs(numeric - grad.Data[i]); diff > 1e-6*math.Max(1, math.Abs(numeric)) {
			t.Errorf("parameter %d: analytic gradient %.9g, finite difference %.9g", i, grad.Data[i], numeric)
		}
	}

	if nonzero == 0 {
		t.Fatal("every finite difference is zero; the check compared nothing")
	}
}

// checkInput compares an analytic input gradient with central differences
// over every value of X.
func checkInput(t *testing.T, X, dX *mat.Dense, forward func() float64) {
	t.Helper()

	const h = 1e-5
	raw := X.RawMatrix()

	for i := range raw.Rows {
		for j := range raw.Cols {
			orig := X.At(i, j)
			X.Set(i, j, orig+h)
			up := forward()
			X.Set(i, j, orig-h)
			down := forward()
			X.Set(i, j, orig)

			numeric := (up - down) / (2 * h)
			if diff := math.Abs(numeric - dX.At(i, j)); diff > 1e-6*math.Max(1, math.Abs(numeric)) {
				t.Errorf("input (%d, %d): analytic gradient %.9g, finite difference %.9g", i, j, dX.At(i, j), numeric)
			}
		}
	}
}

// layerModel returns a perturbed model on the small graph, with image
// features on some products when images is set and the flat encoder when
// flat is set.
func layerModel(t *testing.T, images, flat bool) (*Model, *rand.Rand) {
	t.Helper()

	rng := rand.New(rand.NewPCG(3, 4))
	g := smallGraph(t, rng)

	if images {
		g.ImageFeatures = make([][]float32, len(g.Products))
		for p := range 5 {
			g.ImageFeatures[p] = []float32{float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64())}
		}
	}

	m, err := NewModel(g, 4, rng)
	if err != nil {
		t.Fatal(err)
	}

	m.Flat = flat
	for i := range m.P.Data {
		m.P.Data[i] += 0.3 * rng.NormFloat64()
	}

	return m, rng
}

func TestEncoderGradient(t *testing.T) {
	tests := []struct {
		name         string
		images, flat bool
	}{
		{name: "relational"},
		{name: "with image features", images: true},
		{name: "flat", flat: true},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, rng := layerModel(t, tc.images, tc.flat)
			products := []int32{0, 1, 2, 3, 4, 5, 6, 1}
			C := projection(rng, len(products), m.P.Shape.Dim)

			forward := func() float64 { return project(C, m.encode(m.neighbourLists(products), products).H) }
			backward := func(grad *Params) {
				m.encodeBackward(grad, m.encode(m.neighbourLists(products), products), C)
			}

			checkParams(t, m, forward, backward)
		})
	}
}

func TestTextEncoderGradient(t *testing.T) {
	m, rng := layerModel(t, false, false)
	words := [][]int32{{0, 1}, {2}, nil, {5, 3, 4}, {6, 0, 2}, {1, 6, 3}}
	C := projection(rng, len(words), m.P.Shape.Dim)

	requested, removed := m.mentions(words)
	if len(slices.Concat(requested...)) == 0 || len(slices.Concat(removed...)) == 0 {
		t.Fatalf("test texts request %v and remove %v; both paths need an attribute to be checked", requested, removed)
	}

	forward := func() float64 { return project(C, m.encodeText(words).Q) }
	backward := func(grad *Params) { m.encodeTextBackward(grad, m.encodeText(words), C) }

	checkParams(t, m, forward, backward)
}

func TestComposeGradient(t *testing.T) {
	m, rng := layerModel(t, false, false)
	d := m.P.Shape.Dim
	Hc, Q := projection(rng, 3, d), projection(rng, 3, d)
	C := projection(rng, 3, d)

	forward := func() float64 { return project(C, m.compose(Hc, Q).Phi) }

	var dHc, dQ *mat.Dense
	backward := func(grad *Params) { dHc, dQ = m.composeBackward(grad, m.compose(Hc, Q), C) }

	checkParams(t, m, forward, backward)
	checkInput(t, Hc, dHc, forward)
	checkInput(t, Q, dQ, forward)
}

func TestBatchSoftmaxGradient(t *testing.T) {
	for _, symmetric := range []bool{false, true} {
		t.Run(fmt.Sprintf("symmetric %v", symmetric), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, 6))
			X, Y := projection(rng, 3, 4), projection(rng, 5, 4)

			forward := func() float64 {
				loss, _, _ := batchSoftmaxLoss(X, Y, 0.3, symmetric)
				return loss
			}

			_, dX, dY := batchSoftmaxLoss(X, Y, 0.3, symmetric)
			checkInput(t, X, dX, forward)
			checkInput(t, Y, dY, forward)
		})
	}
}

func TestLinkLossGradient(t *testing.T) {
	m, rng := layerModel(t, true, false)
	samples := smallBatch(rng).Links
	samples[0].Product = 2

	neighbours := make([][]int32, len(samples))
	products := make([]int32, len(samples))
	for i, s := range samples {
		neighbours[i], products[i] = s.Neighbours, s.Product
	}

	pass := func(grad *Params) float64 {
		enc := m.encode(neighbours, products)
		dH := mat.NewDense(len(samples), m.P.Shape.Dim, nil)
		loss := m.linkLoss(grad, samples, 0.7, enc.H, dH)
		m.encodeBackward(grad, enc, dH)

		return loss
	}

	forward := func() float64 {
		scratch, _ := NewParams(m.P.Shape)
		return pass(scratch)
	}

	checkParams(t, m, forward, func(grad *Params) { pass(grad) })
}

func TestLossGradientWithOptions(t *testing.T) {
	tests := []struct {
		name      string
		images    bool
		flat      bool
		symmetric bool
		weights   LossWeights
	}{
		{name: "weighted compositional", weights: LossWeights{Compositional: 0.4}},
		{name: "images and both losses", images: true, weights: LossWeights{Compositional: 1, Link: 0.5}},
		{name: "flat and both losses", flat: true, weights: LossWeights{Compositional: 1, Link: 0.5}},
		{name: "symmetric", symmetric: true, weights: LossWeights{Compositional: 0.8}},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, rng := layerModel(t, tc.images, tc.flat)
			b := smallBatch(rng)
			b.Negatives = append(b.Negatives, 0, 2) // candidates as negatives
			b.Symmetric = tc.symmetric

			forward := func() float64 {
				scratch, _ := NewParams(m.P.Shape)
				return m.Loss(scratch, b, tc.weights)
			}

			backward := func(grad *Params) { m.Loss(grad, b, tc.weights) }

			checkParams(t, m, forward, backward)
		})
	}
}

func TestMentionsSplitRemoved(t *testing.T) {
	b := NewBuilder([]string{"color", "texture"})
	b.Edge("p", "color", "red")
	b.Edge("p", "color", "blue")
	b.Edge("p", "texture", "floral print")

	m := &Model{G: b.Graph()}

	tests := []struct {
		text               string
		requested, removed []string
	}{
		{"replace red with blue", []string{"blue"}, []string{"red"}},
		{"is not red and has a floral print", []string{"floral print"}, []string{"red"}},
		{"print of floral", []string{"floral print"}, nil},
		{"blue", []string{"blue"}, nil},
	}

	values := func(attrs []int32) []string {
		var out []string
		for _, a := range attrs {
			out = append(out, m.G.Attributes[a].Value)
		}

		return out
	}

	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			requested, removed := m.mentions([][]int32{b.TextWords(tc.text, true)})

			if got := values(requested[0]); !slices.Equal(got, tc.requested) {
				t.Errorf("requested %q, want %q", got, tc.requested)
			}

			if got := values(removed[0]); !slices.Equal(got, tc.removed) {
				t.Errorf("removed %q, want %q", got, tc.removed)
			}
		})
	}
}
