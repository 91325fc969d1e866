package retrieval

import (
	"slices"

	"gonum.org/v1/gonum/floats"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// explain compares a result with the candidate and the parsed text, and
// lists the other results closest to it.
func (st *state) explain(cand, result Product, mentions modtext.Mentions, top []scored, i int) *Explanation {
	has := func(p Product, a catalog.Attribute) bool { return slices.Contains(p.Attributes, a) }

	ex := &Explanation{
		Shared: []catalog.Attribute{}, Requested: []catalog.Attribute{}, Missing: []catalog.Attribute{},
		Dropped: []catalog.Attribute{}, Removed: []catalog.Attribute{},
	}

	for _, a := range cand.Attributes {
		if has(result, a) {
			ex.Shared = append(ex.Shared, a)
		} else {
			ex.Dropped = append(ex.Dropped, a)
		}
	}

	for _, a := range mentions.Requested {
		if has(result, a) {
			ex.Requested = append(ex.Requested, a)
		} else {
			ex.Missing = append(ex.Missing, a)
		}
	}

	for _, a := range mentions.Removed {
		if !has(result, a) {
			ex.Removed = append(ex.Removed, a)
		}
	}

	ex.Neighbours = st.neighbours(top, i)

	ex.Preferences = []PreferenceUse{}
	for _, g := range st.groupsOf(result.ID) {
		others := []string{}
		for _, p := range g.Products {
			if p != result.ID {
				others = append(others, p)
			}
		}

		ex.Preferences = append(ex.Preferences, PreferenceUse{Group: g.ID, Context: g.Context, LikedWith: others})
	}

	return ex
}

// neighbours returns the results most similar to result i, best first.
func (st *state) neighbours(top []scored, i int) []Neighbour {
	self := st.vectors.RawRowView(int(top[i].idx))

	out := make([]Neighbour, 0, len(top)-1)
	for j, s := range top {
		if j == i {
			continue
		}

		sim := floats.Dot(self, st.vectors.RawRowView(int(s.idx)))
		out = append(out, Neighbour{ID: st.loaded.Model.G.Products[s.idx], Similarity: sim})
	}

	slices.SortStableFunc(out, func(a, b Neighbour) int {
		switch {
		case a.Similarity > b.Similarity:
			return -1
		case a.Similarity < b.Similarity:
			return 1
		}

		return 0
	})

	return out[:min(len(out), explainNeighbours)]
}
