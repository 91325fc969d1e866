package embed

import (
	"fmt"
	"math"
)

// Adam is the optimiser of Kingma and Ba ("Adam: A Method for Stochastic
// Optimization", ICLR 2015) over a parameter slab, with decoupled weight
// decay as in AdamW (Loshchilov and Hutter, ICLR 2019).
type Adam struct {
	LearningRate float64
	Beta1, Beta2 float64
	Epsilon      float64
	WeightDecay  float64

	// Workers caps the goroutines of Step; 0 or 1 runs on the caller's.
	// Each value is updated on its own, so the result does not depend on it.
	Workers int

	step int
	m, v []float64
}

// NewAdam returns Adam with the usual defaults and the given learning rate.
func NewAdam(lr float64) *Adam {
	return &Adam{LearningRate: lr, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8}
}

// Step moves p against grad by one update.
func (a *Adam) Step(p, grad *Params) {
	if a.m == nil {
		a.m = make([]float64, len(p.Data))
		a.v = make([]float64, len(p.Data))
	}

	a.step++
	c1 := 1 - math.Pow(a.Beta1, float64(a.step))
	c2 := 1 - math.Pow(a.Beta2, float64(a.step))

	// update = (m/c1) / (sqrt(v/c2) + ε), with the bias corrections
	// folded into two constants.
	stepSize := a.LearningRate / c1
	invRootC2 := 1 / math.Sqrt(c2)
	b1, b2, eps, decay := a.Beta1, a.Beta2, a.Epsilon, a.LearningRate*a.WeightDecay

	parallelFor(len(p.Data), a.Workers, func(lo, hi int) {
		x := p.Data[lo:hi]
		m, v, g := a.m[lo:hi:hi], a.v[lo:hi:hi], grad.Data[lo:hi:hi]
		m, v, g = m[:len(x)], v[:len(x)], g[:len(x)]

		for i, gi := range g {
			mi := b1*m[i] + (1-b1)*gi
			vi := b2*v[i] + (1-b2)*gi*gi
			m[i], v[i] = mi, vi
			x[i] -= stepSize*mi/(math.Sqrt(vi)*invRootC2+eps) + decay*x[i]
		}
	})
}

// AdamState is the part of Adam that changes during training, for
// checkpoints.
type AdamState struct {
	Step int
	M, V []float64
}

// State returns a copy of the optimiser's moments and step count.
func (a *Adam) State() AdamState {
	return AdamState{Step: a.step, M: append([]float64(nil), a.m...), V: append([]float64(nil), a.v...)}
}

// SetState restores what State returned for a slab of size n.
func (a *Adam) SetState(s AdamState, n int) error {
	if s.Step > 0 && (len(s.M) != n || len(s.V) != n) {
		return fmt.Errorf("%w: optimiser state has %d and %d moments for %d parameters", ErrShape, len(s.M), len(s.V), n)
	}

	a.step = s.Step
	a.m, a.v = nil, nil

	if s.Step > 0 {
		a.m = append([]float64(nil), s.M...)
		a.v = append([]float64(nil), s.V...)
	}

	return nil
}
