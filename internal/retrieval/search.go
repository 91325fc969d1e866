package retrieval

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// Neighbours per result in an explanation.
const explainNeighbours = 3

// Search ranks every product that passes the filter by cosine similarity
// to compose(candidate, modification) and returns the top K. The
// candidate itself is never returned. Ranking is exact: when at least K
// products pass, K come back.
func (e *Engine) Search(ctx context.Context, req Request) (*Response, error) {
	st := e.snapshot()
	if st == nil {
		return nil, ErrNotReady
	}

	b := st.loaded.Corpus.Builder
	cand, ok := b.ProductIndex(req.Candidate)
	if !ok {
		return nil, fmt.Errorf("%w: candidate %q", ErrUnknownProduct, req.Candidate)
	}

	allowed, err := e.allowed(ctx, st, req.Filter)
	if err != nil {
		return nil, err
	}

	query := st.composed(cand, req.Modification)
	top := topK(st.vectors, query, allowed, cand, req.K)

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

// allowed returns the product indices that pass f, or nil when f
// restricts nothing.
func (e *Engine) allowed(ctx context.Context, st *state, f Filter) ([]int32, error) {
	if f.IsZero() {
		return nil, nil
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

	out := make([]int32, 0, len(recs))
	for _, r := range recs {
		if idx, ok := st.loaded.Corpus.Builder.ProductIndex(r["id"].(string)); ok {
			out = append(out, idx)
		}
	}

	return out, nil
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
