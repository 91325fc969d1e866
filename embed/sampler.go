package embed

import "math/rand/v2"

// sampler draws the random parts of each batch from one seeded source,
// so that a run with the same seed draws the same batches.
type sampler struct {
	g   *Graph
	rng *rand.Rand
	cfg Config

	linkable []int32   // products with at least two attributes
	byKind   [][]int32 // attribute indices per kind
}

func newSampler(g *Graph, rng *rand.Rand, cfg Config) *sampler {
	s := &sampler{g: g, rng: rng, cfg: cfg, byKind: make([][]int32, len(g.Kinds))}

	for p, attrs := range g.ProductAttributes {
		if len(attrs) >= 2 {
			s.linkable = append(s.linkable, int32(p))
		}
	}

	for a, node := range g.Attributes {
		s.byKind[node.Kind] = append(s.byKind[node.Kind], int32(a))
	}

	return s
}

// batch assembles the triplets at positions idx with fresh negatives and
// one held-out edge per triplet.
func (s *sampler) batch(train []Triplet, idx []int) Batch {
	b := Batch{Triplets: make([]Triplet, len(idx))}
	for i, j := range idx {
		b.Triplets[i] = train[j]
	}

	for range s.cfg.Negatives {
		b.Negatives = append(b.Negatives, int32(s.rng.IntN(len(s.g.Products))))
	}

	if s.cfg.LinkWeight > 0 && len(s.linkable) > 0 {
		for range idx {
			b.Links = append(b.Links, s.linkSample())
		}
	}

	return b
}

// linkSample holds out one attribute of a random product and draws
// negatives of the same kind that the product lacks.
func (s *sampler) linkSample() LinkSample {
	p := s.linkable[s.rng.IntN(len(s.linkable))]
	attrs := s.g.ProductAttributes[p]
	held := s.rng.IntN(len(attrs))

	ls := LinkSample{Positive: attrs[held], Neighbours: make([]int32, 0, len(attrs)-1)}
	ls.Neighbours = append(ls.Neighbours, attrs[:held]...)
	ls.Neighbours = append(ls.Neighbours, attrs[held+1:]...)

	pool := s.byKind[s.g.Attributes[ls.Positive].Kind]
	for tries := 0; len(ls.Negatives) < s.cfg.LinkNegatives && tries < 4*s.cfg.LinkNegatives; tries++ {
		a := pool[s.rng.IntN(len(pool))]
		if !contains(attrs, a) {
			ls.Negatives = append(ls.Negatives, a)
		}
	}

	return ls
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}

	return false
}
