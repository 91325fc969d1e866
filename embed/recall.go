package embed

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// EvalSet is one retrieval benchmark: queries ranked against a gallery.
type EvalSet struct {
	Name    string
	Gallery []int32 // product indices
	Queries []Triplet

	// Classes, when set, gives each gallery position an equivalence
	// class, and a query hits at rank r when the best-placed product of
	// its target's class is at r, counting only products of other
	// classes. It implements the Fashion200K rule of TIRG, where any
	// result whose caption equals the target's is a hit.
	Classes []int32

	// ExcludeCandidate leaves each query's candidate out of the ranking,
	// as the Fashion200K evaluation of TIRG does.
	ExcludeCandidate bool
}

// Recall returns, for each k in ks, the percentage of queries whose target
// ranks in the top k of the gallery by cosine similarity to the composed
// query. The candidate stays in the gallery, as in the FashionIQ
// evaluation of CLIP4Cir. Equal scores are ordered by a seeded random
// permutation of the gallery, so that products with identical vectors
// (those without attributes, say) neither all win nor all lose a tie. A
// target outside the gallery counts as a miss.
func (m *Model) Recall(set EvalSet, ks []int, seed uint64) map[int]float64 {
	out := make(map[int]float64, len(ks))
	if len(set.Queries) == 0 || len(set.Gallery) == 0 {
		return out
	}

	ranks := m.TargetRanks(set, seed)
	for _, k := range ks {
		out[k] = RecallAt(ranks, k)
	}

	return out
}

// TargetRanks returns each query's target rank (0 is first), or -1 when
// the target is not in the gallery.
func (m *Model) TargetRanks(set EvalSet, seed uint64) []int {
	Gh, _ := normalizeRows(m.ProductVectors(set.Gallery))
	tie := rand.New(rand.NewPCG(seed, 0x7a11)).Perm(len(set.Gallery))

	position := make(map[int32]int, len(set.Gallery))
	for i, p := range set.Gallery {
		position[p] = i
	}

	cands := make([]int32, len(set.Queries))
	words := make([][]int32, len(set.Queries))
	for i, q := range set.Queries {
		cands[i] = q.Candidate
		words[i] = q.Words
	}

	Phi, _ := normalizeRows(m.Compose(m.ProductVectors(cands), words))

	S := mat.NewDense(len(set.Queries), len(set.Gallery), nil)
	S.Mul(Phi, Gh.T())

	ranks := make([]int, len(set.Queries))
	for i, q := range set.Queries {
		t, ok := position[q.Target]
		if !ok {
			ranks[i] = -1
			continue
		}

		ranks[i] = set.targetRank(S.RawRowView(i), t, candidatePosition(position, q), tie)
	}

	return ranks
}

func candidatePosition(position map[int32]int, q Triplet) int {
	if c, ok := position[q.Candidate]; ok {
		return c
	}

	return -1
}

// targetRank returns the rank of the gallery item at position t under
// the set's Classes and ExcludeCandidate rules. cand is the candidate's
// position, or -1 when the candidate is not in the gallery.
func (set EvalSet) targetRank(scores []float64, t, cand int, tie []int) int {
	if set.Classes == nil && !set.ExcludeCandidate {
		return rankOf(scores, t, tie)
	}

	skip := func(j int) bool { return set.ExcludeCandidate && j == cand }
	before := func(j, k int) bool { return scores[j] > scores[k] || (scores[j] == scores[k] && tie[j] < tie[k]) }

	best := t
	if set.Classes != nil {
		for j, c := range set.Classes {
			if c == set.Classes[t] && !skip(j) && before(j, best) {
				best = j
			}
		}
	}

	rank := 0
	for j := range scores {
		sameClass := set.Classes != nil && set.Classes[j] == set.Classes[t]
		if j != best && !sameClass && !skip(j) && before(j, best) {
			rank++
		}
	}

	return rank
}

// rankOf counts the gallery items that beat item t: a higher score, or an
// equal score and an earlier place in the tie order.
func rankOf(scores []float64, t int, tie []int) int {
	st, rank := scores[t], 0
	for j, s := range scores {
		if s > st || (s == st && j != t && tie[j] < tie[t]) {
			rank++
		}
	}

	return rank
}
