package retrieval

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
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
// the category and attribute parts of the filter to its in-memory copy of
// the graph, so those searches keep working. That copy includes every
// interaction made through this engine but misses edits made directly in
// Neo4j. Property conditions and named filters need Neo4j.
func (e *Engine) Search(ctx context.Context, req Request) (*Response, error) {
	req.Filter = normalizeFilter(req.Filter)
	if err := e.read(func(st *state) error { return st.checkFilter(req.Filter) }); err != nil {
		return nil, err
	}

	allowed, err := e.filter(ctx, req.Filter)
	fallback := errors.Is(err, graphdb.ErrUnavailable) && req.Filter.builtIn() && ctx.Err() == nil

	if err != nil && !fallback {
		return nil, err
	}

	if fallback {
		e.logger.Warn("neo4j unavailable; filtering in memory", "err", err)
	}

	var resp *Response
	err = e.read(func(st *state) error {
		if fallback {
			allowed = newAllowSet(st.filterInMemory(req.Filter))
		}

		resp, err = st.search(req, allowed)

		return err
	})

	return resp, err
}

// normalizeFilter lower-cases and trims the category and attributes, as
// the loaders and interactions store them.
func normalizeFilter(f Filter) Filter {
	f.Category = strings.ToLower(strings.TrimSpace(f.Category))

	norm := func(attrs []catalog.Attribute) []catalog.Attribute {
		out := make([]catalog.Attribute, len(attrs))
		for i, a := range attrs {
			out[i] = catalog.Attribute{Kind: strings.ToLower(strings.TrimSpace(a.Kind)), Value: strings.ToLower(strings.TrimSpace(a.Value))}
		}

		return out
	}

	f.Require, f.Exclude = norm(f.Require), norm(f.Exclude)

	return f
}

// checkFilter rejects a category or a required attribute that no product
// has, since such a filter can only return nothing.
func (st *state) checkFilter(f Filter) error {
	if f.Category != "" && !st.categories[f.Category] {
		return fmt.Errorf("%w: no product has category %q; the categories are %v", ErrInvalidFilter, f.Category, sortedKeys(st.categories))
	}

	for _, a := range f.Require {
		if !st.attributeExists(a) {
			return fmt.Errorf("%w: no product has the required attribute %s:%s; list them with GET /v1/attributes?kind=%s", ErrInvalidFilter, a.Kind, a.Value, a.Kind)
		}
	}

	return nil
}

func (st *state) attributeExists(a catalog.Attribute) bool {
	g := st.loaded.Model.G
	for _, node := range g.Attributes {
		if node.Value == a.Value && g.Kinds[node.Kind] == a.Kind {
			return true
		}
	}

	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}

	slices.Sort(out)

	return out
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

func (st *state) search(req Request, allowed *allowSet) (*Response, error) {
	cand, err := st.index(req.Candidate)
	if err != nil {
		return nil, fmt.Errorf("candidate: %w", err)
	}

	query := st.vectors.RawRowView(int(cand))
	if !req.Similar {
		query = st.composed(cand, req.Modification)
	}

	ranked := st.topK(query, allowed, cand, req.Offset+req.K+1)
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

// filter returns the products that pass f, or nil when f restricts
// nothing. Concurrent requests for the same uncached filter share one
// Cypher query.
func (e *Engine) filter(ctx context.Context, f Filter) (*allowSet, error) {
	if f.IsZero() {
		return nil, nil
	}

	key := filterKey(f)
	if set, ok := e.filters.get(key, time.Now()); ok {
		return set, nil
	}

	v, err, _ := e.inflight.Do(key, func() (any, error) { return e.runFilter(ctx, key, f) })
	if err != nil {
		return nil, err
	}

	return v.(*allowSet), nil
}

// runFilter runs f's Cypher query and caches the result under key.
func (e *Engine) runFilter(ctx context.Context, key string, f Filter) (*allowSet, error) {
	ids, err := e.builtInFilter(ctx, f)
	if err != nil {
		return nil, err
	}

	if f.Named != nil {
		named, err := e.namedFilter(ctx, *f.Named)
		if err != nil {
			return nil, err
		}

		ids = intersect(ids, named)
	}

	set := newAllowSet(ids)
	e.filters.put(key, set, time.Now())

	return set, nil
}

// builtInFilter runs the category, attribute and property parts of f.
func (e *Engine) builtInFilter(ctx context.Context, f Filter) ([]string, error) {
	var category any
	if f.Category != "" {
		category = f.Category
	}

	props := make([]map[string]any, len(f.Properties))
	for i, c := range f.Properties {
		props[i] = map[string]any{"name": c.Name, "op": c.Op, "value": c.Value}
	}

	recs, err := e.client.Read(ctx, cypher.MustStatement("filter_products"), map[string]any{
		"category": category, "require": attrParams(f.Require), "exclude": attrParams(f.Exclude), "properties": props,
	})
	if err != nil {
		return nil, fmt.Errorf("filter products: %w", err)
	}

	return idColumn(recs), nil
}

// namedFilter runs a merchandiser filter from the Cypher library.
func (e *Engine) namedFilter(ctx context.Context, nf NamedFilter) ([]string, error) {
	if !slices.Contains(NamedFilters(), nf.Name) {
		return nil, fmt.Errorf("%w: unknown named filter %q; the filters are %v", ErrInvalidFilter, nf.Name, NamedFilters())
	}

	statements, err := cypher.Statements(namedFilterPrefix + nf.Name)
	if err != nil || len(statements) != 1 {
		return nil, fmt.Errorf("load named filter %q: %v", nf.Name, err)
	}

	params := nf.Params
	if params == nil {
		params = map[string]any{}
	}

	recs, err := e.client.Read(ctx, statements[0], params)
	if errors.Is(err, graphdb.ErrInvalid) {
		return nil, fmt.Errorf("%w: named filter %q rejected its parameters %v: %v", ErrInvalidFilter, nf.Name, params, err)
	}

	if err != nil {
		return nil, fmt.Errorf("run named filter %q: %w", nf.Name, err)
	}

	return idColumn(recs), nil
}

// namedFilterPrefix starts the file names of named filters in cypher/.
const namedFilterPrefix = "filter_"

// NamedFilters lists the merchandiser filters in the Cypher library.
func NamedFilters() []string {
	var out []string
	for _, name := range cypher.Names() {
		if rest, ok := strings.CutPrefix(name, namedFilterPrefix); ok && rest != "products" {
			out = append(out, rest)
		}
	}

	return out
}

// ErrInvalidFilter means a filter names something that does not exist
// or gives a parameter Neo4j rejects.
var ErrInvalidFilter = errors.New("invalid filter")

func idColumn(recs []map[string]any) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i], _ = r["id"].(string)
	}

	return ids
}

func intersect(a, b []string) []string {
	keep := make(map[string]bool, len(b))
	for _, id := range b {
		keep[id] = true
	}

	out := []string{}
	for _, id := range a {
		if keep[id] {
			out = append(out, id)
		}
	}

	return out
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

// topK returns the k best products by dot product with query among those
// that allowed holds (every product when allowed is nil), excluding skip.
// Equal scores are ordered by product index so that results repeat.
//
// A filter that keeps under half of the products is scored row by row;
// otherwise one matrix-vector product scores every product, which is
// faster per row, and the mask drops the rest.
func (st *state) topK(query []float64, allowed *allowSet, skip int32, k int) []scored {
	n, _ := st.vectors.Dims()
	mask, list := allowed.resolve(st)
	best := newTopList(k)

	if mask != nil && 2*len(list) < n {
		for _, idx := range list {
			if idx != skip {
				best.offer(idx, floats.Dot(st.vectors.RawRowView(int(idx)), query))
			}
		}

		return best.items
	}

	buf := scoreBuffers.Get().(*[]float64)
	defer scoreBuffers.Put(buf)

	if cap(*buf) < n {
		*buf = make([]float64, n)
	}

	scores := (*buf)[:n]
	mat.NewVecDense(n, scores).MulVec(st.vectors, mat.NewVecDense(len(query), query))

	for i, score := range scores {
		if int32(i) != skip && (mask == nil || (i < len(mask) && mask[i])) {
			best.offer(int32(i), score)
		}
	}

	return best.items
}

// topList keeps the k best scored products seen, best first.
type topList struct {
	k     int
	items []scored
}

func newTopList(k int) *topList { return &topList{k: k, items: make([]scored, 0, k+1)} }

func (t *topList) offer(idx int32, score float64) {
	s := scored{idx: idx, score: score}
	better := func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.idx, b.idx))
	}

	if len(t.items) == t.k && better(s, t.items[t.k-1]) >= 0 {
		return
	}

	pos, _ := slices.BinarySearchFunc(t.items, s, better)
	t.items = slices.Insert(t.items, pos, s)

	if len(t.items) > t.k {
		t.items = t.items[:t.k]
	}
}

// scoreBuffers recycles the per-search score slices.
var scoreBuffers = sync.Pool{New: func() any { return new([]float64) }}

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

// QueryVector returns the unit vector of compose(candidate, modification)
// that Search ranks by, for comparisons with other indexes.
func (e *Engine) QueryVector(candidate, modification string) ([]float64, error) {
	var out []float64
	err := e.read(func(st *state) error {
		idx, err := st.index(candidate)
		if err == nil {
			out = st.composed(idx, modification)
		}

		return err
	})

	return out, err
}
