package embed

import "gonum.org/v1/gonum/mat"

// Batch is one optimisation step's worth of training examples.
type Batch struct {
	Triplets []Triplet

	// Negatives are extra products scored against every composed query
	// besides the batch's own targets.
	Negatives []int32

	Links []LinkSample

	// Symmetric adds the reverse softmax: each target against every
	// composed query of the batch.
	Symmetric bool

	// CandidateAttributes and TargetAttributes, when set, replace the
	// graph's attribute lists of the candidates and of the targets
	// followed by the negatives, as edge dropout does.
	CandidateAttributes [][]int32
	TargetAttributes    [][]int32
}

// LossWeights scales the two losses; a zero weight skips that loss.
type LossWeights struct {
	Compositional float64
	Link          float64
}

// Loss returns the weighted total loss on b and adds its gradient into
// grad. grad must have the model's shape; Loss does not zero it.
//
// Candidates, targets, negatives and the link samples' products are
// encoded in one pass, so that each attribute of the step is transformed
// once, and the gradients of both losses flow back through that pass.
func (m *Model) Loss(grad *Params, b Batch, w LossWeights) float64 {
	useComp := w.Compositional > 0 && len(b.Triplets) > 0
	useLink := w.Link > 0 && len(b.Links) > 0
	if !useComp && !useLink {
		return 0
	}

	rows := m.stepRows(b, useComp, useLink)
	enc := m.encode(rows.neighbours, rows.products)
	dH := mat.NewDense(max(len(rows.neighbours), 1), m.P.Shape.Dim, nil)

	var loss float64
	if useComp {
		loss += m.compositionalLoss(grad, b, w.Compositional, rows.view(enc.H, rows.cand), rows.view(enc.H, rows.targets),
			rows.view(dH, rows.cand), rows.view(dH, rows.targets))
	}

	if useLink {
		loss += m.linkLoss(grad, b.Links, w.Link, rows.view(enc.H, rows.links), rows.view(dH, rows.links))
	}

	m.encodeBackward(grad, enc, dH)

	return loss
}

// stepRows lists the rows that one step encodes: candidates, then targets
// and negatives, then link samples, each part a range of rows.
type stepRows struct {
	neighbours [][]int32
	products   []int32

	cand, targets, links [2]int
}

func (m *Model) stepRows(b Batch, comp, link bool) stepRows {
	var r stepRows

	add := func(p int32, attrs []int32) {
		r.neighbours = append(r.neighbours, attrs)
		r.products = append(r.products, p)
	}

	if comp {
		for i, t := range b.Triplets {
			add(t.Candidate, pick(b.CandidateAttributes, i, m.G.ProductAttributes[t.Candidate]))
		}

		r.cand = [2]int{0, len(r.products)}

		targets := make([]int32, 0, len(b.Triplets)+len(b.Negatives))
		for _, t := range b.Triplets {
			targets = append(targets, t.Target)
		}

		for i, p := range append(targets, b.Negatives...) {
			add(p, pick(b.TargetAttributes, i, m.G.ProductAttributes[p]))
		}

		r.targets = [2]int{r.cand[1], len(r.products)}
	}

	if link {
		lo := len(r.products)
		for _, s := range b.Links {
			add(s.Product, s.Neighbours)
		}

		r.links = [2]int{lo, len(r.products)}
	}

	return r
}

// view returns rows span[0] to span[1] of X.
func (r stepRows) view(X *mat.Dense, span [2]int) *mat.Dense {
	_, d := X.Dims()
	return X.Slice(span[0], span[1], 0, d).(*mat.Dense)
}

// pick returns lists[i] when lists is set, and def otherwise.
func pick(lists [][]int32, i int, def []int32) []int32 {
	if lists == nil {
		return def
	}

	return lists[i]
}

// compositionalLoss is weight times the batch softmax of the composed
// queries against the batch's targets and negatives. Hc and Ht are the
// encoded candidates and targets; it adds their gradients into dHc and
// dHt.
func (m *Model) compositionalLoss(grad *Params, b Batch, weight float64, Hc, Ht, dHc, dHt *mat.Dense) float64 {
	words := make([][]int32, len(b.Triplets))
	for i, t := range b.Triplets {
		words[i] = t.Words
	}

	text := m.encodeText(words)
	comp := m.compose(Hc, text.Q)

	loss, dPhi, dY := batchSoftmaxLoss(comp.Phi, Ht, m.Temperature, b.Symmetric)
	dPhi.Scale(weight, dPhi)
	dY.Scale(weight, dY)
	dHt.Add(dHt, dY)

	dC, dQ := m.composeBackward(grad, comp, dPhi)
	dHc.Add(dHc, dC)
	m.encodeTextBackward(grad, text, dQ)

	return weight * loss
}
