package embed

import "math"

// Adam is the optimiser of Kingma and Ba ("Adam: A Method for Stochastic
// Optimization", ICLR 2015) over a parameter slab, with decoupled weight
// decay as in AdamW (Loshchilov and Hutter, ICLR 2019).
type Adam struct {
	LearningRate float64
	Beta1, Beta2 float64
	Epsilon      float64
	WeightDecay  float64

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
	lr := a.LearningRate

	for i, g := range grad.Data {
		a.m[i] = a.Beta1*a.m[i] + (1-a.Beta1)*g
		a.v[i] = a.Beta2*a.v[i] + (1-a.Beta2)*g*g
		update := (a.m[i] / c1) / (math.Sqrt(a.v[i]/c2) + a.Epsilon)
		p.Data[i] -= lr * (update + a.WeightDecay*p.Data[i])
	}
}
