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
	pools    [][]int32 // per triplet group, the distinct products of its triplets
}

func newSampler(g *Graph, rng *rand.Rand, cfg Config, train []Triplet) *sampler {
	s := &sampler{g: g, rng: rng, cfg: cfg, byKind: make([][]int32, len(g.Kinds))}

	for p, attrs := range g.ProductAttributes {
		if len(attrs) >= 2 {
			s.linkable = append(s.linkable, int32(p))
		}
	}

	for a, node := range g.Attributes {
		s.byKind[node.Kind] = append(s.byKind[node.Kind], int32(a))
	}

	s.pools = groupPools(train)

	return s
}

// groupPools returns, per group, the distinct products of the group's
// triplets in order of first appearance.
func groupPools(train []Triplet) [][]int32 {
	var pools [][]int32
	seen := map[[2]int32]bool{}

	add := func(group, p int32) {
		for int(group) >= len(pools) {
			pools = append(pools, nil)
		}

		if key := [2]int32{group, p}; !seen[key] {
			seen[key] = true
			pools[group] = append(pools[group], p)
		}
	}

	for _, t := range train {
		add(t.Group, t.Candidate)
		add(t.Group, t.Target)
	}

	return pools
}

// epochBatches returns one epoch's batches as positions in train. With
// GroupBatches, each batch holds triplets of one group only; the batches
// of all groups are then shuffled together.
func (s *sampler) epochBatches(train []Triplet) [][]int {
	size := s.cfg.BatchSize

	if !s.cfg.GroupBatches {
		return chunk(s.rng.Perm(len(train)), size)
	}

	byGroup := make([][]int, len(s.pools))
	for i, t := range train {
		byGroup[t.Group] = append(byGroup[t.Group], i)
	}

	var batches [][]int
	for _, idx := range byGroup {
		s.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		batches = append(batches, chunk(idx, size)...)
	}

	s.rng.Shuffle(len(batches), func(i, j int) { batches[i], batches[j] = batches[j], batches[i] })

	return batches
}

func chunk(idx []int, size int) [][]int {
	var out [][]int
	for lo := 0; lo < len(idx); lo += size {
		out = append(out, idx[lo:min(lo+size, len(idx))])
	}

	return out
}

// batch assembles the triplets at positions idx with fresh negatives and
// one held-out edge per triplet. Negatives come from the group of the
// batch's first triplet when batches are grouped, and from every product
// otherwise.
func (s *sampler) batch(train []Triplet, idx []int) Batch {
	b := Batch{Triplets: make([]Triplet, len(idx)), Symmetric: s.cfg.Symmetric}
	for i, j := range idx {
		b.Triplets[i] = train[j]
	}

	var pool []int32
	if s.cfg.GroupBatches && len(b.Triplets) > 0 {
		pool = s.pools[b.Triplets[0].Group]
	}

	for range s.cfg.Negatives {
		if pool != nil {
			b.Negatives = append(b.Negatives, pool[s.rng.IntN(len(pool))])
		} else {
			b.Negatives = append(b.Negatives, int32(s.rng.IntN(len(s.g.Products))))
		}
	}

	if s.cfg.CandidateNegatives {
		for _, t := range b.Triplets {
			b.Negatives = append(b.Negatives, t.Candidate)
		}
	}

	if s.cfg.EdgeDropout > 0 {
		s.dropEdges(&b)
	}

	if s.cfg.LinkWeight > 0 && len(s.linkable) > 0 {
		for range idx {
			b.Links = append(b.Links, s.linkSample())
		}
	}

	return b
}

// dropEdges fills the batch's attribute lists with each edge kept with
// probability 1 - EdgeDropout, and at least one edge per product.
func (s *sampler) dropEdges(b *Batch) {
	keep := func(p int32) []int32 {
		attrs := s.g.ProductAttributes[p]
		if len(attrs) <= 1 {
			return attrs
		}

		out := make([]int32, 0, len(attrs))
		for _, a := range attrs {
			if s.rng.Float64() >= s.cfg.EdgeDropout {
				out = append(out, a)
			}
		}

		if len(out) == 0 {
			out = append(out, attrs[s.rng.IntN(len(attrs))])
		}

		return out
	}

	for _, t := range b.Triplets {
		b.CandidateAttributes = append(b.CandidateAttributes, keep(t.Candidate))
	}

	for _, t := range b.Triplets {
		b.TargetAttributes = append(b.TargetAttributes, keep(t.Target))
	}

	for _, p := range b.Negatives {
		b.TargetAttributes = append(b.TargetAttributes, keep(p))
	}
}

// linkSample holds out one attribute of a random product and draws
// negatives of the same kind that the product lacks.
func (s *sampler) linkSample() LinkSample {
	p := s.linkable[s.rng.IntN(len(s.linkable))]
	attrs := s.g.ProductAttributes[p]
	held := s.rng.IntN(len(attrs))

	ls := LinkSample{Product: p, Positive: attrs[held], Neighbours: make([]int32, 0, len(attrs)-1)}
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

// edges returns the number of attribute edges that encoding b reads.
func (s *sampler) edges(b Batch) int {
	n := 0
	for _, t := range b.Triplets {
		n += len(s.g.ProductAttributes[t.Candidate]) + len(s.g.ProductAttributes[t.Target])
	}

	for _, p := range b.Negatives {
		n += len(s.g.ProductAttributes[p])
	}

	for _, l := range b.Links {
		n += len(l.Neighbours)
	}

	return n
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}

	return false
}
