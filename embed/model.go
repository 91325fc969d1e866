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
// may hold products, edges and attributes added after training. g must be
// read into a builder from NewBuilderFor(p's vocabulary), so that the
// trained rows keep their indices; rows for anything new are added by
// Params.Extend.
func Bind(p *Params, g *Graph) (*Model, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("validate graph: %w", err)
	}

	p = p.Extend(Shape{Words: len(g.Words), Attributes: len(g.Attributes), Kinds: len(g.Kinds)})

	return &Model{P: p, G: g, Temperature: 0.1, PreferenceWeight: 0.3}, nil
}
