package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

var (
	// ErrUnknownProduct means a request names a product that is not in the graph.
	ErrUnknownProduct = errors.New("unknown product")

	// ErrNotReady means no trained model is loaded yet.
	ErrNotReady = errors.New("retrieval engine not ready")
)

// Engine serves searches from an in-memory copy of the product vectors,
// kept with the model that produced them.
type Engine struct {
	client *graphdb.Client
	logger *slog.Logger

	mu    sync.RWMutex
	state *state
}

// state is one consistent snapshot: a model, its graph and the unit
// product vectors, replaced whole on reload.
type state struct {
	loaded  *pipeline.Loaded
	vectors *mat.Dense // unit product vectors, one row per graph product
	matcher *modtext.Matcher
}

// NewEngine returns an engine with nothing loaded; call Reload.
func NewEngine(client *graphdb.Client, logger *slog.Logger) *Engine {
	return &Engine{client: client, logger: logger}
}

// Reload reads the newest model and the current graph from Neo4j and
// swaps them in. Searches running meanwhile finish on the old snapshot.
func (e *Engine) Reload(ctx context.Context) error {
	l, err := pipeline.LoadModel(ctx, e.client, 0)
	if err != nil {
		return fmt.Errorf("reload engine: %w", err)
	}

	st := newState(l)

	e.mu.Lock()
	e.state = st
	e.mu.Unlock()

	e.logger.Info("engine loaded", "model_version", l.Record.Version, "products", len(l.Model.G.Products))

	return nil
}

// SetLoaded swaps in a model that the caller has already loaded.
func (e *Engine) SetLoaded(l *pipeline.Loaded) {
	st := newState(l)

	e.mu.Lock()
	e.state = st
	e.mu.Unlock()
}

func newState(l *pipeline.Loaded) *state {
	g := l.Model.G

	all := make([]int32, len(g.Products))
	for i := range all {
		all[i] = int32(i)
	}

	attrs := make([]catalog.Attribute, len(g.Attributes))
	for i, a := range g.Attributes {
		attrs[i] = catalog.Attribute{Kind: g.Kinds[a.Kind], Value: a.Value}
	}

	return &state{
		loaded:  l,
		vectors: unitRows(l.Model.ProductVectors(all)),
		matcher: modtext.NewMatcher(attrs),
	}
}

// Ready reports whether a model is loaded.
func (e *Engine) Ready() error {
	if e.snapshot() == nil {
		return ErrNotReady
	}

	return nil
}

// ModelVersion returns the loaded model's version, or 0.
func (e *Engine) ModelVersion() int64 {
	st := e.snapshot()
	if st == nil {
		return 0
	}

	return st.loaded.Record.Version
}

func (e *Engine) snapshot() *state {
	e.mu.RLock()
	defer e.mu.RUnlock()

	return e.state
}

func unitRows(X *mat.Dense) *mat.Dense {
	n, d := X.Dims()
	out := mat.NewDense(n, d, nil)

	for i := range n {
		row := X.RawRowView(i)
		norm := mat.Norm(mat.NewVecDense(d, row), 2)
		if norm == 0 {
			continue
		}

		dst := out.RawRowView(i)
		for j, v := range row {
			dst[j] = v / norm
		}
	}

	return out
}

// Product returns a product with its attributes.
func (e *Engine) Product(id string) (Product, error) {
	st := e.snapshot()
	if st == nil {
		return Product{}, ErrNotReady
	}

	idx, ok := st.loaded.Corpus.Builder.ProductIndex(id)
	if !ok {
		return Product{}, fmt.Errorf("%w: %q", ErrUnknownProduct, id)
	}

	return st.product(idx), nil
}

func (st *state) product(idx int32) Product {
	g := st.loaded.Model.G
	id := g.Products[idx]
	info := st.loaded.Corpus.Products[id]

	p := Product{ID: id, Categories: info.Categories, ImageURL: info.ImageURL, Attributes: []catalog.Attribute{}}
	for _, a := range g.ProductAttributes[idx] {
		node := g.Attributes[a]
		p.Attributes = append(p.Attributes, catalog.Attribute{Kind: g.Kinds[node.Kind], Value: node.Value})
	}

	p.Attributes = catalog.SortAttributes(p.Attributes)
	if p.Categories == nil {
		p.Categories = []string{}
	}

	return p
}
