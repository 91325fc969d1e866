package fashion200k

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkPairIndex indexes captions of four to six words drawn from a
// small vocabulary, so that many pairs differ in one word, and counts
// the pairs.
func BenchmarkPairIndex(b *testing.B) {
	const n = 30000

	rng := rand.New(rand.NewPCG(1, 2))
	colours := []string{"black", "white", "red", "blue", "green", "pink", "grey", "navy"}
	words := make([][]string, n)

	for i := range words {
		w := []string{colours[rng.IntN(len(colours))], fmt.Sprintf("style%d", rng.IntN(40)), "dress"}
		for range rng.IntN(3) {
			w = append(w, fmt.Sprintf("detail%d", rng.IntN(30)))
		}

		words[i] = w
	}

	pairs := 0

	for b.Loop() {
		x := NewPairIndex()
		for i, w := range words {
			x.Add(fmt.Sprint(i), w)
		}

		pairs = 0
		x.Pairs(func(Pair) bool {
			pairs++
			return true
		})
	}

	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "products/s")
	b.ReportMetric(float64(pairs), "pairs")
}
