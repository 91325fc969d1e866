package retrieval

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

// syntheticState builds an engine state the size of FashionIQ (products
// with about seven of 900 attributes each) with random parameters, so
// that ranking can be measured without Neo4j.
func syntheticState(b *testing.B, products int) *state {
	b.Helper()

	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"category", "texture", "fabric", "shape", "part", "style"}
	builder := embed.NewBuilder(kinds)
	corpus := &embed.Corpus{Builder: builder, Products: map[string]embed.ProductInfo{}}

	for i := range products {
		id := fmt.Sprintf("P%06d", i)
		builder.Product(id)
		corpus.Products[id] = embed.ProductInfo{Categories: []string{[]string{"dress", "shirt", "toptee"}[i%3]}}

		for range rng.IntN(9) {
			builder.Edge(id, kinds[rng.IntN(len(kinds))], fmt.Sprintf("value%d", rng.IntN(150)))
		}
	}

	builder.TextWords("is darker with long sleeves and floral print", true)

	m, err := embed.NewModel(builder.Graph(), 64, rng)
	if err != nil {
		b.Fatal(err)
	}

	l := &pipeline.Loaded{Record: graphdb.ModelRecord{Version: 1}, Model: m, Corpus: corpus}
	st := newState(l)
	st.groups = map[string]PreferenceGroup{}

	return st
}

func BenchmarkSearch(b *testing.B) {
	st := syntheticState(b, 75000)

	var third []string
	for i := 0; i < 75000; i += 3 {
		third = append(third, fmt.Sprintf("P%06d", i))
	}

	cases := []struct {
		name    string
		allowed *allowSet
		explain bool
	}{
		{"all", nil, false},
		{"all explained", nil, true},
		{"one category", newAllowSet(third), false},
		{"one category explained", newAllowSet(third), true},
	}

	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			req := Request{Candidate: "P000001", Modification: "is darker with long sleeves", K: 10, Explain: tc.explain}

			b.ReportAllocs()
			for b.Loop() {
				if _, err := st.search(req, tc.allowed); err != nil {
					b.Fatal(err)
				}
			}

			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/search")
		})
	}
}
