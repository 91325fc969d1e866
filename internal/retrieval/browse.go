package retrieval

import (
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// ProductQuery selects products for browsing; zero fields select all.
type ProductQuery struct {
	Category   string
	Attributes []catalog.Attribute // every one required
	Limit      int
	Random     bool   // shuffle before applying Limit
	Seed       uint64 // seeds the shuffle
}

// Products lists products that match q, in id order or, with Random, in
// a seeded random order.
func (e *Engine) Products(q ProductQuery) ([]Product, error) {
	var out []Product
	err := e.read(func(st *state) error {
		out = st.browse(q)
		return nil
	})

	return out, err
}

func (st *state) browse(q ProductQuery) []Product {
	g := st.loaded.Model.G

	var matches []int32
	for idx, id := range g.Products {
		if q.Category != "" && !slices.Contains(st.loaded.Corpus.Products[id].Categories, q.Category) {
			continue
		}

		if st.hasAll(int32(idx), q.Attributes) {
			matches = append(matches, int32(idx))
		}
	}

	if q.Random {
		rng := rand.New(rand.NewPCG(q.Seed, 0xb0b5))
		rng.Shuffle(len(matches), func(i, j int) { matches[i], matches[j] = matches[j], matches[i] })
	} else {
		sort.Slice(matches, func(i, j int) bool { return g.Products[matches[i]] < g.Products[matches[j]] })
	}

	if q.Limit > 0 && len(matches) > q.Limit {
		matches = matches[:q.Limit]
	}

	out := make([]Product, len(matches))
	for i, idx := range matches {
		out[i] = st.product(idx)
	}

	return out
}

func (st *state) hasAll(p int32, attrs []catalog.Attribute) bool {
	g := st.loaded.Model.G

	for _, want := range attrs {
		found := false
		for _, a := range g.ProductAttributes[p] {
			node := g.Attributes[a]
			if g.Kinds[node.Kind] == want.Kind && node.Value == want.Value {
				found = true
				break
			}
		}

		if !found {
			return false
		}
	}

	return true
}

func (st *state) hasAny(p int32, attrs []catalog.Attribute) bool {
	for _, a := range attrs {
		if st.hasAll(p, []catalog.Attribute{a}) {
			return true
		}
	}

	return false
}

// AttributeCount is an attribute with the number of products that have it.
type AttributeCount struct {
	Kind     string `json:"kind"`
	Value    string `json:"value"`
	Products int    `json:"products"`
}

// Attributes lists attributes (of one kind, when kind is not empty) by
// descending product count.
func (e *Engine) Attributes(kind string) ([]AttributeCount, error) {
	var out []AttributeCount
	err := e.read(func(st *state) error {
		g := st.loaded.Model.G
		counts := make([]int, len(g.Attributes))

		for _, attrs := range g.ProductAttributes {
			for _, a := range attrs {
				counts[a]++
			}
		}

		for i, node := range g.Attributes {
			if k := g.Kinds[node.Kind]; (kind == "" || k == kind) && counts[i] > 0 {
				out = append(out, AttributeCount{Kind: k, Value: node.Value, Products: counts[i]})
			}
		}

		return nil
	})

	sort.Slice(out, func(i, j int) bool {
		if out[i].Products != out[j].Products {
			return out[i].Products > out[j].Products
		}

		return out[i].Kind+out[i].Value < out[j].Kind+out[j].Value
	})

	return out, err
}

// CategoryCount is a category with its number of products.
type CategoryCount struct {
	Name     string `json:"name"`
	Products int    `json:"products"`
}

// Categories lists the product categories by name.
func (e *Engine) Categories() ([]CategoryCount, error) {
	var out []CategoryCount
	err := e.read(func(st *state) error {
		counts := map[string]int{}
		for _, info := range st.loaded.Corpus.Products {
			for _, c := range info.Categories {
				counts[c]++
			}
		}

		for name, n := range counts {
			out = append(out, CategoryCount{Name: name, Products: n})
		}

		return nil
	})

	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })

	return out, err
}
