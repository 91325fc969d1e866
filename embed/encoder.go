package embed

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// attrVector writes e_a = v_a + mean{u_w} into dst. A flat model has no
// attribute-node vectors, so its e_a is the mean word vector alone.
func (m *Model) attrVector(dst []float64, a int32) {
	if m.Flat {
		clear(dst)
	} else {
		copy(dst, m.P.V.RawRowView(int(a)))
	}

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
	if !m.Flat {
		floats.Add(grad.V.RawRowView(int(a)), de)
	}

	words := m.G.Attributes[a].Words
	if len(words) == 0 {
		return
	}

	inv := 1 / float64(len(words))
	for _, w := range words {
		floats.AddScaled(grad.U.RawRowView(int(w)), inv, de)
	}
}

// relation returns the relation type whose weight reads attribute a: its
// kind, or 0 for every attribute in a flat model.
func (m *Model) relation(a int32) int {
	if m.Flat {
		return 0
	}

	return int(m.G.Attributes[a].Kind)
}

// encoding holds what the backward pass of encode needs.
type encoding struct {
	neighbours [][]int32 // attribute indices per row
	products   []int32   // product per row for image features; nil for none

	attrs  []int32    // the distinct attributes of the batch, grouped by relation
	blocks []int      // attrs[blocks[k]:blocks[k+1]] read relation k
	slot   []int32    // per attribute of the graph, its row in E and T, or -1
	E      *mat.Dense // len(attrs) × dim attribute vectors e_a
	T      *mat.Dense // len(attrs) × dim transformed vectors W_k e_a

	counts []int32    // rows × kinds neighbour counts
	X      *mat.Dense // rows × imageDim image features; nil without them
	H      *mat.Dense // rows × dim product vectors
}

// encode computes h_p = b + Σ_k W_k mean_k + Img x_p for each row's
// neighbour list. products names the product of each row, whose image
// features join; nil means no row has any.
//
// Because W_k is linear, W_k mean{e_a} = mean{W_k e_a}: encode transforms
// each distinct attribute of the batch once, with one matrix product per
// relation, and then averages the transformed vectors per row. That costs
// attributes·dim² + edges·dim instead of rows·kinds·dim².
func (m *Model) encode(neighbours [][]int32, products []int32) *encoding {
	d, n := m.P.Shape.Dim, len(neighbours)
	enc := &encoding{neighbours: neighbours, products: products}

	m.attributeTable(enc)

	enc.T = mat.NewDense(max(len(enc.attrs), 1), d, nil)
	for k := range m.P.W {
		lo, hi := enc.blocks[k], enc.blocks[k+1]
		if lo < hi {
			enc.T.Slice(lo, hi, 0, d).(*mat.Dense).Mul(enc.E.Slice(lo, hi, 0, d), m.P.W[k].T())
		}
	}

	enc.counts = make([]int32, n*m.P.Shape.Kinds)
	enc.H = mat.NewDense(max(n, 1), d, nil)

	parallelFor(n, m.workers(), func(lo, hi int) {
		for row := lo; row < hi; row++ {
			m.meanRow(enc, row)
		}
	})

	m.addImages(enc)

	return enc
}

// attributeTable computes e_a once for every distinct attribute of the
// batch, ordered by relation so that each relation's rows are contiguous.
func (m *Model) attributeTable(enc *encoding) {
	kinds := m.P.Shape.Kinds
	enc.slot = make([]int32, len(m.G.Attributes))
	enc.blocks = make([]int, kinds+1)

	for i := range enc.slot {
		enc.slot[i] = -1
	}

	// First pass: count the distinct attributes of each relation.
	for _, attrs := range enc.neighbours {
		for _, a := range attrs {
			if enc.slot[a] == -1 {
				enc.slot[a] = -2
				enc.blocks[m.relation(a)+1]++
			}
		}
	}

	for k := range kinds {
		enc.blocks[k+1] += enc.blocks[k]
	}

	// Second pass: place each attribute in its relation's block.
	fill := append([]int(nil), enc.blocks[:kinds]...)
	enc.attrs = make([]int32, enc.blocks[kinds])

	for _, attrs := range enc.neighbours {
		for _, a := range attrs {
			if enc.slot[a] == -2 {
				k := m.relation(a)
				enc.slot[a] = int32(fill[k])
				enc.attrs[fill[k]] = a
				fill[k]++
			}
		}
	}

	enc.E = mat.NewDense(max(len(enc.attrs), 1), m.P.Shape.Dim, nil)
	for i, a := range enc.attrs {
		m.attrVector(enc.E.RawRowView(i), a)
	}
}

// meanRow writes b + Σ_k mean_k{W_k e_a} for one row.
func (m *Model) meanRow(enc *encoding, row int) {
	kinds := m.P.Shape.Kinds
	counts := enc.counts[row*kinds : (row+1)*kinds]
	dst := enc.H.RawRowView(row)
	copy(dst, m.P.Bias)

	for _, a := range enc.neighbours[row] {
		counts[m.relation(a)]++
	}

	for _, a := range enc.neighbours[row] {
		inv := 1 / float64(counts[m.relation(a)])
		floats.AddScaled(dst, inv, enc.T.RawRowView(int(enc.slot[a])))
	}
}

// addImages adds Img x_p to each row whose product has image features.
func (m *Model) addImages(enc *encoding) {
	if m.P.Img == nil || enc.products == nil {
		return
	}

	n := len(enc.neighbours)
	enc.X = mat.NewDense(max(n, 1), m.P.Shape.ImageDim, nil)

	for row, p := range enc.products {
		x := m.G.imageRow(p)
		dst := enc.X.RawRowView(row)
		for j := range min(len(x), len(dst)) {
			dst[j] = float64(x[j])
		}
	}

	var t mat.Dense
	t.Mul(enc.X, m.P.Img.T())
	enc.H.Add(enc.H, &t)
}

// encodeBackward adds into grad the gradient that dH (rows × dim) induces.
func (m *Model) encodeBackward(grad *Params, enc *encoding, dH *mat.Dense) {
	n, d := len(enc.neighbours), m.P.Shape.Dim
	if n == 0 {
		return
	}

	for row := range n {
		floats.Add(grad.Bias, dH.RawRowView(row))
	}

	if enc.X != nil {
		var t mat.Dense
		t.Mul(dH.T(), enc.X)
		grad.Img.Add(grad.Img, &t)
	}

	dT := m.scatterMeans(enc, dH)
	dE := mat.NewDense(max(len(enc.attrs), 1), d, nil)

	var dW mat.Dense
	for k := range m.P.W {
		lo, hi := enc.blocks[k], enc.blocks[k+1]
		if lo == hi {
			continue
		}

		dTk := dT.Slice(lo, hi, 0, d)
		dW.Reset()
		dW.Mul(dTk.T(), enc.E.Slice(lo, hi, 0, d))
		grad.W[k].Add(grad.W[k], &dW)

		dE.Slice(lo, hi, 0, d).(*mat.Dense).Mul(dTk, m.P.W[k])
	}

	for i, a := range enc.attrs {
		m.attrVectorBackward(grad, a, dE.RawRowView(i))
	}
}

// scatterMeans returns the gradient on each row of T given the gradient
// dH on the product vectors. Each worker owns a range of attributes and
// sums their contributions in row order, so the result does not depend
// on the number of workers.
func (m *Model) scatterMeans(enc *encoding, dH *mat.Dense) *mat.Dense {
	kinds := m.P.Shape.Kinds

	// uses lists, per attribute of T, the rows that read it, in row order.
	offsets := make([]int32, len(enc.attrs)+1)
	for _, attrs := range enc.neighbours {
		for _, a := range attrs {
			offsets[enc.slot[a]+1]++
		}
	}

	for i := range enc.attrs {
		offsets[i+1] += offsets[i]
	}

	uses := make([]int32, offsets[len(enc.attrs)])
	fill := append([]int32(nil), offsets[:len(enc.attrs)]...)
	for row, attrs := range enc.neighbours {
		for _, a := range attrs {
			s := enc.slot[a]
			uses[fill[s]] = int32(row)
			fill[s]++
		}
	}

	dT := mat.NewDense(max(len(enc.attrs), 1), m.P.Shape.Dim, nil)
	parallelFor(len(enc.attrs), m.workers(), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst := dT.RawRowView(i)
			k := m.relation(enc.attrs[i])
			for _, row := range uses[offsets[i]:offsets[i+1]] {
				inv := 1 / float64(enc.counts[int(row)*kinds+k])
				floats.AddScaled(dst, inv, dH.RawRowView(int(row)))
			}
		}
	})

	return dT
}

// AttributeVector returns e_a for attribute a as a new slice.
func (m *Model) AttributeVector(a int32) []float64 {
	out := make([]float64, m.P.Shape.Dim)
	m.attrVector(out, a)

	return out
}
