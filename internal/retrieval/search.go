package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// Neighbours per result in an explanation.
const explainNeighbours = 3

// Search ranks every product that passes the filter by cosine similarity
// to compose(candidate, modification) and returns the top K. The
// candidate itself is never returned. Ranking is exact: when at least K
// products pass, K come back.
//
// The filter runs in Neo4j. When Neo4j is unavailable, the engine applies
// the same filter to its in-memory copy of the graph instead, so searches
// keep working; the copy includes every interaction made through this
// engine but misses edits made directly in Neo4j.
func (e *Engine) Search(ctx context.Context, req Request) (*Response, error) {
	allowedIDs, err := e.filter(ctx, req.Filter)
	fallback := errors.Is(err, graphdb.ErrUnavailable)

	if err != nil && !fallback {
		return nil, err
	}

	if fallback {
		e.logger.Warn("neo4j unavailable; filtering in memory", "err", err)
	}

	var resp *Response
	err = e.read(func(st *state) error {
		if fallback {
			allowedIDs = st.filterInMemory(req.Filter)
		}

		resp, err = st.search(req, allowedIDs)

		return err
	})

	return resp, err
}

// filterInMemory applies f to the in-memory graph.
func (st *state) filterInMemory(f Filter) []string {
	g := st.loaded.Model.G
	out := []string{}

	for idx, id := range g.Products {
		if f.Category != "" && !slices.Contains(st.loaded.Corpus.Products[id].Categories, f.Category) {
			continue
		}

		if !st.hasAll(int32(idx), f.Require) || st.hasAny(int32(idx), f.Exclude) {
			continue
		}

		out = append(out, id)
	}

	return out
}

func (st *state) search(req Request, allowedIDs []string) (*Response, error) {
	cand, err := st.index(req.Candidate)
	if err != nil {
		return nil, fmt.Errorf("candidate: %w", err)
	}

	allowed := st.indices(allowedIDs)

	query := st.vectors.RawRowView(int(cand))
	if !req.Similar {
		query = st.composed(cand, req.Modification)
	}

	ranked := topK(st.vectors, query, allowed, cand, req.Offset+req.K+1)
	more := len(ranked) > req.Offset+req.K
	top := ranked[min(req.Offset, len(ranked)):min(req.Offset+req.K, len(ranked))]

	mentions := st.matcher.Find(req.Modification)
	resp := &Response{
		Candidate:    st.product(cand),
		ModelVersion: st.loaded.Record.Version,
		Understood: Parsed{
			Words:     nonNil(modtext.Tokenize(req.Modification)),
			Requested: nonNilAttrs(mentions.Requested),
			Removed:   nonNilAttrs(mentions.Removed),
		},
		Results: make([]Result, len(top)),
		More:    more,
	}

	for i, s := range top {
		resp.Results[i] = Result{Product: st.product(s.idx), Score: s.score}
		if req.Explain {
			resp.Results[i].Explanation = st.explain(resp.Candidate, resp.Results[i].Product, mentions, top, i)
		}
	}

	return resp, nil
}

// composed returns the unit vector of compose(h_candidate, text).
func (st *state) composed(cand int32, text string) []float64 {
	m := st.loaded.Model
	words := st.loaded.Corpus.Builder.TextWords(text, false)

	Hc := m.ProductVectors([]int32{cand})
	phi := m.Compose(Hc, [][]int32{words}).RawRowView(0)

	out := append([]float64(nil), phi...)
	if n := floats.Norm(out, 2); n > 0 {
		floats.Scale(1/n, out)
	}

	return out
}

// filter returns the ids of the products that pass f, or nil when f
// restricts nothing.
func (e *Engine) filter(ctx context.Context, f Filter) ([]string, error) {
	if f.IsZero() {
		return nil, nil
	}

	key := filterKey(f)
	if ids, ok := e.filters.get(key, time.Now()); ok {
		return ids, nil
	}

	var category any
	if f.Category != "" {
		category = f.Category
	}

	recs, err := e.client.Read(ctx, cypher.MustStatement("filter_products"), map[string]any{
		"category": category, "require": attrParams(f.Require), "exclude": attrParams(f.Exclude),
	})
	if err != nil {
		return nil, fmt.Errorf("filter products: %w", err)
	}

	out := make([]string, len(recs))
	for i, r := range recs {
		out[i], _ = r["id"].(string)
	}

	e.filters.put(key, out, time.Now())

	return out, nil
}

// indices maps product ids to graph indices, dropping unknown ids; nil
// stays nil, meaning every product.
func (st *state) indices(ids []string) []int32 {
	if ids == nil {
		return nil
	}

	out := make([]int32, 0, len(ids))
	for _, id := range ids {
		if idx, ok := st.loaded.Corpus.Builder.ProductIndex(id); ok {
			out = append(out, idx)
		}
	}

	return out
}

func attrParams(attrs []catalog.Attribute) []map[string]any {
	out := make([]map[string]any, len(attrs))
	for i, a := range attrs {
		out[i] = map[string]any{"kind": a.Kind, "value": a.Value}
	}

	return out
}

type scored struct {
	idx   int32
	score float64
}

// topK returns the k best products by dot product with query among
// allowed (every product when allowed is nil), excluding skip. Equal
// scores are ordered by product index so that results are repeatable.
func topK(vectors *mat.Dense, query []float64, allowed []int32, skip int32, k int) []scored {
	n, _ := vectors.Dims()
	if allowed == nil {
		allowed = make([]int32, n)
		for i := range allowed {
			allowed[i] = int32(i)
		}
	}

	better := func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.idx, b.idx))
	}

	best := make([]scored, 0, k+1)
	for _, idx := range allowed {
		if idx == skip {
			continue
		}

		s := scored{idx: idx, score: floats.Dot(vectors.RawRowView(int(idx)), query)}
		if len(best) == k && better(s, best[k-1]) >= 0 {
			continue
		}

		pos, _ := slices.BinarySearchFunc(best, s, better)
		best = slices.Insert(best, pos, s)
		if len(best) > k {
			best = best[:k]
		}
	}

	return best
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}

	return xs
}

func nonNilAttrs(xs []catalog.Attribute) []catalog.Attribute {
	if xs == nil {
		return []catalog.Attribute{}
	}

	return xs
}
