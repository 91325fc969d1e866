package fashion200k

import (
	"hash/fnv"
	"slices"
	"strings"
)

// Pair is an ordered pair of products whose captions have the same
// number of words and differ only at Position.
type Pair struct {
	Candidate, Target int // indexes into the PairIndex's products, in the order added
	Position          int // index of the differing word
	From, To          string
}

// PairIndex collects the products of one split and finds the pairs that
// the TIRG rule turns into queries.
//
// NOTE: it keeps every product's id and caption words, and a map entry
// per caption word, so its memory grows with the split, not the batch.
type PairIndex struct {
	ids    []string
	words  [][]string
	byID   map[string]int
	groups map[uint64][]int32 // hash of a caption with one position blanked to product indexes
}

// NewPairIndex returns an empty index.
func NewPairIndex() *PairIndex {
	return &PairIndex{byID: map[string]int{}, groups: map[uint64][]int32{}}
}

// Add adds a product and reports whether it is new; a repeated id keeps
// its first caption.
func (x *PairIndex) Add(id string, words []string) bool {
	if _, ok := x.byID[id]; ok {
		return false
	}

	i := len(x.ids)
	x.byID[id] = i
	x.ids = append(x.ids, id)
	x.words = append(x.words, words)

	for p := range words {
		k := blankedKey(words, p)
		x.groups[k] = append(x.groups[k], int32(i))
	}

	return true
}

// Len returns the number of products added.
func (x *PairIndex) Len() int { return len(x.ids) }

// ID returns the id of product i.
func (x *PairIndex) ID(i int) string { return x.ids[i] }

// Words returns the caption words of product i.
func (x *PairIndex) Words(i int) []string { return x.words[i] }

// Pairs calls yield for every ordered pair, by candidate in the order
// added, then by position, then by target in the order added, and stops
// when yield returns false.
func (x *PairIndex) Pairs(yield func(Pair) bool) {
	for c, cw := range x.words {
		for p := range cw {
			for _, t := range x.groups[blankedKey(cw, p)] {
				tw := x.words[t]
				if int(t) == c || !differsOnlyAt(cw, tw, p) {
					continue
				}

				if !yield(Pair{Candidate: c, Target: int(t), Position: p, From: cw[p], To: tw[p]}) {
					return
				}
			}
		}
	}
}

// blankedKey hashes the caption length, the position and the other words.
func blankedKey(words []string, p int) uint64 {
	h := fnv.New64a()

	var head [2]byte
	head[0], head[1] = byte(len(words)), byte(p)
	h.Write(head[:])

	for i, w := range words {
		if i == p {
			h.Write([]byte{0})
			continue
		}

		h.Write([]byte(w))
		h.Write([]byte{1})
	}

	return h.Sum64()
}

// differsOnlyAt reports whether a and b have the same length and differ
// at position p and nowhere else. It also rules out hash collisions.
func differsOnlyAt(a, b []string, p int) bool {
	if len(a) != len(b) || a[p] == b[p] {
		return false
	}

	return slices.Equal(a[:p], b[:p]) && slices.Equal(a[p+1:], b[p+1:])
}

// QueryText returns the text of a query that replaces from with to.
func QueryText(from, to string) string {
	return strings.Join([]string{"replace", from, "with", to}, " ")
}
