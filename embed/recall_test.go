package embed

import "testing"

func TestTargetRankRules(t *testing.T) {
	// Gallery positions 0..4 with scores; the tie order is the identity.
	scores := []float64{0.9, 0.8, 0.7, 0.7, 0.1}
	tie := []int{0, 1, 2, 3, 4}

	tests := []struct {
		name   string
		set    EvalSet
		target int
		cand   int
		want   int
	}{
		{name: "plain", target: 3, cand: 0, want: 3},
		{name: "tie broken by order", target: 2, cand: 0, want: 2},
		{name: "candidate excluded", set: EvalSet{ExcludeCandidate: true}, target: 3, cand: 0, want: 2},
		{name: "candidate outside gallery", set: EvalSet{ExcludeCandidate: true}, target: 3, cand: -1, want: 3},
		{name: "class member placed higher", set: EvalSet{Classes: []int32{0, 1, 2, 3, 1}}, target: 4, cand: -1, want: 1},
		{name: "best class member decides", set: EvalSet{Classes: []int32{3, 3, 7, 3, 4}}, target: 3, cand: -1, want: 0},
		{name: "other classes count", set: EvalSet{Classes: []int32{7, 7, 7, 3, 4}}, target: 3, cand: -1, want: 3},
		{name: "classes and exclusion", set: EvalSet{Classes: []int32{5, 6, 6, 6, 9}, ExcludeCandidate: true}, target: 3, cand: 0, want: 0},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.set.targetRank(scores, tc.target, tc.cand, tie); got != tc.want {
				t.Errorf("rank = %d, want %d", got, tc.want)
			}
		})
	}
}
