package embed

// Batch is one optimisation step's worth of training examples.
type Batch struct {
	Triplets []Triplet

	// Negatives are extra products scored against every composed query
	// besides the batch's own targets.
	Negatives []int32

	Links []LinkSample
}

// Loss returns the total loss on b, compositional plus linkWeight times
// link prediction, and adds its gradient into grad. grad must have the
// model's shape; Loss does not zero it.
func (m *Model) Loss(grad *Params, b Batch, linkWeight float64) float64 {
	var loss float64

	if len(b.Triplets) > 0 {
		loss += m.compositionalLoss(grad, b)
	}

	if linkWeight > 0 {
		loss += m.linkLoss(grad, b.Links, linkWeight)
	}

	return loss
}

func (m *Model) compositionalLoss(grad *Params, b Batch) float64 {
	n := len(b.Triplets)
	cand := make([][]int32, n)
	words := make([][]int32, n)
	targets := make([][]int32, 0, n+len(b.Negatives))

	for i, t := range b.Triplets {
		cand[i] = m.G.ProductAttributes[t.Candidate]
		words[i] = t.Words
		targets = append(targets, m.G.ProductAttributes[t.Target])
	}

	for _, p := range b.Negatives {
		targets = append(targets, m.G.ProductAttributes[p])
	}

	encC := m.encode(cand)
	encT := m.encode(targets)
	text := m.encodeText(words)
	comp := m.compose(encC.H, text.Q)

	loss, dPhi, dHt := batchSoftmaxLoss(comp.Phi, encT.H, m.Temperature)

	dHc, dQ := m.composeBackward(grad, comp, dPhi)
	m.encodeBackward(grad, encC, dHc)
	m.encodeBackward(grad, encT, dHt)
	m.encodeTextBackward(grad, text, dQ)

	return loss
}
