package fashion200k

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// Hider drops each attribute of a gallery product with probability
// Fraction, to stand in for an attribute predictor that misses some.
// The draws of a product depend only on Seed and the product id, so
// they do not change with the order or the set of files read.
type Hider struct {
	Fraction float64 // in [0, 1); 0 hides nothing
	Seed     uint64
}

// Check returns an error when Fraction is outside [0, 1).
func (h Hider) Check() error {
	if !(h.Fraction >= 0 && h.Fraction < 1) {
		return fmt.Errorf("hide fraction %v is outside [0, 1); pass a fraction such as 0.3", h.Fraction)
	}

	return nil
}

// Keep returns the attributes of product id that stay visible.
func (h Hider) Keep(id string, attrs []catalog.Attribute) []catalog.Attribute {
	if h.Fraction <= 0 {
		return attrs
	}

	f := fnv.New64a()
	f.Write([]byte(id))
	rng := rand.New(rand.NewPCG(h.Seed, f.Sum64()))

	out := make([]catalog.Attribute, 0, len(attrs))
	for _, a := range attrs {
		if rng.Float64() >= h.Fraction {
			out = append(out, a)
		}
	}

	return out
}
