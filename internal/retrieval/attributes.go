package retrieval

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/internal/catalog"
)

var (
	// ErrInvalidInteraction means an interaction request is malformed.
	ErrInvalidInteraction = errors.New("invalid interaction")

	// ErrNotUserAttribute means a request tried to remove an attribute that
	// came from the catalog rather than from a user.
	ErrNotUserAttribute = errors.New("attribute was not added by a user")

	// ErrUnknownAttribute means a product has no such attribute edge.
	ErrUnknownAttribute = errors.New("product has no such attribute")
)

// MaxAttributeLength bounds an attribute kind or value, in bytes.
const MaxAttributeLength = 100

// AddAttribute stores that product id has attribute a ("more metadata"),
// marked as user-provided, and recomputes the vectors it affects, so the
// next search reflects it without retraining.
func (e *Engine) AddAttribute(ctx context.Context, id string, a catalog.Attribute, user string) (Product, error) {
	a, err := normalizeAttribute(a)
	if err != nil {
		return Product{}, err
	}

	if err := e.read(func(st *state) error { _, err := st.index(id); return err }); err != nil {
		return Product{}, err
	}

	recs, err := e.client.Write(ctx, cypher.MustStatement("attribute_add"),
		map[string]any{"product": id, "kind": a.Kind, "value": a.Value, "user": user})
	if err != nil {
		return Product{}, fmt.Errorf("store attribute: %w", err)
	}

	if len(recs) == 0 {
		return Product{}, fmt.Errorf("%w: %q", ErrUnknownProduct, id)
	}

	var p Product
	err = e.write(func(st *state) error {
		st.addEdge(id, a)
		p = st.product(st.mustIndex(id))

		return nil
	})

	e.logger.Info("attribute added", "product", id, "kind", a.Kind, "value", a.Value)

	return p, err
}

// RemoveAttribute deletes a user-provided attribute edge and recomputes
// the vectors it affects.
func (e *Engine) RemoveAttribute(ctx context.Context, id string, a catalog.Attribute) (Product, error) {
	a, err := normalizeAttribute(a)
	if err != nil {
		return Product{}, err
	}

	recs, err := e.client.Write(ctx, cypher.MustStatement("attribute_remove"),
		map[string]any{"product": id, "kind": a.Kind, "value": a.Value})
	if err != nil {
		return Product{}, fmt.Errorf("remove attribute: %w", err)
	}

	if len(recs) == 0 {
		return Product{}, fmt.Errorf("%w: %q", ErrUnknownProduct, id)
	}

	switch source, _ := recs[0]["source"].(string); source {
	case "":
		return Product{}, fmt.Errorf("%w: %q has no %s:%s", ErrUnknownAttribute, id, a.Kind, a.Value)
	case "user":
	default:
		return Product{}, fmt.Errorf("%w: %s:%s of %q comes from the %s", ErrNotUserAttribute, a.Kind, a.Value, id, source)
	}

	var p Product
	err = e.write(func(st *state) error {
		st.removeEdge(id, a)
		p = st.product(st.mustIndex(id))

		return nil
	})

	e.logger.Info("attribute removed", "product", id, "kind", a.Kind, "value", a.Value)

	return p, err
}

func normalizeAttribute(a catalog.Attribute) (catalog.Attribute, error) {
	a.Kind = strings.ToLower(strings.TrimSpace(a.Kind))
	a.Value = strings.ToLower(strings.TrimSpace(a.Value))

	if a.Kind == "" || a.Value == "" {
		return a, fmt.Errorf("%w: an attribute needs a non-empty kind and value", ErrInvalidInteraction)
	}

	if len(a.Kind) > MaxAttributeLength || len(a.Value) > MaxAttributeLength {
		return a, fmt.Errorf("%w: attribute kind and value are limited to %d bytes", ErrInvalidInteraction, MaxAttributeLength)
	}

	return a, nil
}

// addEdge adds the edge to the in-memory graph, growing the model's
// parameters when the attribute or its words are new.
func (st *state) addEdge(id string, a catalog.Attribute) {
	b := st.loaded.Corpus.Builder
	b.Edge(id, a.Kind, a.Value)

	m := st.loaded.Model
	g := b.Graph()
	m.G = g
	m.P = m.P.Extend(embedShape(g))

	st.rebuildMatcher()
	st.recomputeAround(st.mustIndex(id))
}

func (st *state) removeEdge(id string, a catalog.Attribute) {
	g := st.loaded.Model.G
	p := st.mustIndex(id)

	kept := make([]int32, 0, len(g.ProductAttributes[p]))
	for _, idx := range g.ProductAttributes[p] {
		node := g.Attributes[idx]
		if g.Kinds[node.Kind] == a.Kind && node.Value == a.Value {
			continue
		}

		kept = append(kept, idx)
	}

	g.ProductAttributes[p] = kept
	st.recomputeAround(p)
}

func (st *state) mustIndex(id string) int32 {
	idx, _ := st.loaded.Corpus.Builder.ProductIndex(id)
	return idx
}
