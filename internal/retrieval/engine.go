package retrieval

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
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

// Engine serves searches from an in-memory copy of the graph and the
// product vectors, kept with the model that produced them. Interactions
// write to Neo4j first and then update the copy, so the next search reflects
// them.
type Engine struct {
	client *graphdb.Client
	logger *slog.Logger

	// mu guards state and everything it points to: searches hold it for
	// reading, interactions and reloads for writing.
	mu    sync.RWMutex
	state *state

	filters  *filterCache
	inflight singleflight.Group
}

// Filter results are cached for filterTTL, up to filterCacheSize filters.
const (
	filterTTL       = 30 * time.Second
	filterCacheSize = 256
)

// state is a model, its graph and the unit product vectors.
type state struct {
	loaded  *pipeline.Loaded
	vectors *mat.Dense // unit product vectors, one row per graph product
	matcher *modtext.Matcher
	groups  map[string]PreferenceGroup

	categories map[string]bool // every category a product has
}

// NewEngine returns an engine with nothing loaded; call Reload.
func NewEngine(client *graphdb.Client, logger *slog.Logger) *Engine {
	return &Engine{client: client, logger: logger, filters: newFilterCache(filterTTL, filterCacheSize)}
}

// Reload reads the newest model and the current graph from Neo4j and
// swaps them in.
func (e *Engine) Reload(ctx context.Context) error {
	l, err := pipeline.LoadModel(ctx, e.client, 0)
	if err != nil {
		return fmt.Errorf("reload engine: %w", err)
	}

	if err := e.SetLoaded(ctx, l); err != nil {
		return fmt.Errorf("reload engine: %w", err)
	}

	e.logger.Info("engine loaded", "model_version", l.Record.Version, "products", len(l.Model.G.Products))

	return nil
}

// SetLoaded swaps in a model that the caller has already loaded, with the
// preference groups stored in Neo4j.
func (e *Engine) SetLoaded(ctx context.Context, l *pipeline.Loaded) error {
	groups, err := e.readGroups(ctx)
	if err != nil {
		return err
	}

	st := newState(l)
	st.groups = groups

	e.mu.Lock()
	e.state = st
	e.mu.Unlock()

	return nil
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

	categories := map[string]bool{}
	for _, info := range l.Corpus.Products {
		for _, c := range info.Categories {
			categories[c] = true
		}
	}

	return &state{
		loaded:     l,
		vectors:    unitRows(l.Model.ProductVectors(all)),
		matcher:    modtext.NewMatcher(attrs),
		categories: categories,
	}
}

// Ready reports whether a model is loaded.
func (e *Engine) Ready() error {
	return e.read(func(*state) error { return nil })
}

// ModelVersion returns the loaded model's version, or 0.
func (e *Engine) ModelVersion() int64 {
	var v int64
	_ = e.read(func(st *state) error {
		v = st.loaded.Record.Version
		return nil
	})

	return v
}

// read runs fn with the state locked for reading.
func (e *Engine) read(fn func(*state) error) error {
	e.mu.RLock()
	defer e.mu.RUnlock()

	if e.state == nil {
		return ErrNotReady
	}

	return fn(e.state)
}

// write runs fn with the state locked for writing and clears the cached
// filter results, which the write may have changed.
func (e *Engine) write(fn func(*state) error) error {
	e.mu.Lock()
	defer e.mu.Unlock()

	e.filters.clear()

	if e.state == nil {
		return ErrNotReady
	}

	return fn(e.state)
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
	var p Product
	err := e.read(func(st *state) error {
		idx, err := st.index(id)
		if err == nil {
			p = st.product(idx)
		}

		return err
	})

	return p, err
}

// index returns the graph index of product id.
func (st *state) index(id string) (int32, error) {
	idx, ok := st.loaded.Corpus.Builder.ProductIndex(id)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrUnknownProduct, id)
	}

	return idx, nil
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

// known returns ErrUnknownProduct naming the first id not in the graph.
func (st *state) known(ids []string) error {
	for _, id := range ids {
		if _, err := st.index(id); err != nil {
			return err
		}
	}

	return nil
}
