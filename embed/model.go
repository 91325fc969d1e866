package embed

import (
	"fmt"
	"math/rand/v2"
)

// Model is a parameter set bound to the graph it encodes.
type Model struct {
	P *Params
	G *Graph

	// Temperature τ divides cosine similarities in the compositional loss.
	Temperature float64

	// PreferenceWeight is how far a product's vector moves towards the mean
	// vector of the products liked together with it. It is a fixed
	// setting, not learned, because the training data holds no preference
	// edges.
	PreferenceWeight float64
}

// NewModel returns a model with freshly initialised parameters for g.
func NewModel(g *Graph, dim int, rng *rand.Rand) (*Model, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("validate graph: %w", err)
	}

	p, err := NewParams(Shape{Dim: dim, Words: max(1, len(g.Words)), Attributes: max(1, len(g.Attributes)), Kinds: max(1, len(g.Kinds))})
	if err != nil {
		return nil, err
	}

	p.initialise(rng)

	return &Model{P: p, G: g, Temperature: 0.1, PreferenceWeight: 0.3}, nil
}

// Bind returns a model that uses trained parameters p on graph g, which
// may hold products and edges added after training. g's words, kinds and
// attributes must be those p was trained with, in the same order; new
// attributes are not supported without retraining.
func Bind(p *Params, g *Graph) (*Model, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("validate graph: %w", err)
	}

	s := p.Shape
	if len(g.Words) > s.Words || len(g.Attributes) > s.Attributes || len(g.Kinds) > s.Kinds {
		return nil, fmt.Errorf("%w: graph has %d words, %d attributes, %d kinds; parameters hold %d, %d, %d",
			ErrShape, len(g.Words), len(g.Attributes), len(g.Kinds), s.Words, s.Attributes, s.Kinds)
	}

	return &Model{P: p, G: g, Temperature: 0.1, PreferenceWeight: 0.3}, nil
}
