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

	// Flat drops the graph structure from the encoder, for the
	// "embeddings without the graph" ablation. Every attribute goes
	// through one shared weight matrix (W_0), and attribute nodes have no
	// vectors of their own. A product is then a linear map of the mean
	// word vector of its attribute values.
	Flat bool

	// Workers caps the goroutines of the encoder's loops; 0 means
	// GOMAXPROCS. Results do not depend on it.
	Workers int
}

// NewModel returns a model with freshly initialised parameters for g.
func NewModel(g *Graph, dim int, rng *rand.Rand) (*Model, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("validate graph: %w", err)
	}

	p, err := NewParams(Shape{
		Dim: dim, Words: max(1, len(g.Words)), Attributes: max(1, len(g.Attributes)), Kinds: max(1, len(g.Kinds)),
		ImageDim: g.ImageDim(),
	})
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

	// A model trained without image features ignores them, and one
	// trained with them needs them at the same width.
	if w := g.ImageDim(); w != 0 && p.Shape.ImageDim != 0 && w != p.Shape.ImageDim {
		return nil, fmt.Errorf("%w: the graph has %d image features per product, the model was trained with %d", ErrShape, w, p.Shape.ImageDim)
	}

	p = p.Extend(Shape{Words: len(g.Words), Attributes: len(g.Attributes), Kinds: len(g.Kinds)})

	return &Model{P: p, G: g, Temperature: 0.1, PreferenceWeight: 0.3}, nil
}
