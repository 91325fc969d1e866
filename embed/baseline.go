package embed

import "math/rand/v2"

// OverlapRanks ranks each query's gallery by a reference score that
// needs no training: the number of a product's attributes that the
// candidate has or that the query text names, leaving out those that the
// text removes. requested[i] and removed[i] list query i's attribute
// indices; either may be nil. Ties are broken as in TargetRanks. It
// returns each target's rank, or -1 when the target is not in the gallery.
func (g *Graph) OverlapRanks(set EvalSet, requested, removed [][]int32, seed uint64) []int {
	tie := rand.New(rand.NewPCG(seed, 0x7a11)).Perm(len(set.Gallery))

	position := make(map[int32]int, len(set.Gallery))
	for i, p := range set.Gallery {
		position[p] = i
	}

	scores := make([]float64, len(set.Gallery))
	ranks := make([]int, len(set.Queries))

	for i, q := range set.Queries {
		t, ok := position[q.Target]
		if !ok {
			ranks[i] = -1
			continue
		}

		wanted := make(map[int32]bool)
		for _, a := range g.ProductAttributes[q.Candidate] {
			wanted[a] = true
		}

		if i < len(removed) {
			for _, a := range removed[i] {
				delete(wanted, a)
			}
		}

		if i < len(requested) {
			for _, a := range requested[i] {
				wanted[a] = true
			}
		}

		for j, p := range set.Gallery {
			n := 0
			for _, a := range g.ProductAttributes[p] {
				if wanted[a] {
					n++
				}
			}

			scores[j] = float64(n)
		}

		ranks[i] = set.targetRank(scores, t, candidatePosition(position, q), tie)
	}

	return ranks
}

// RecallAt returns the percentage of ranks below k; a rank of -1 is a miss.
func RecallAt(ranks []int, k int) float64 {
	if len(ranks) == 0 {
		return 0
	}

	hits := 0
	for _, r := range ranks {
		if r >= 0 && r < k {
			hits++
		}
	}

	return 100 * float64(hits) / float64(len(ranks))
}
