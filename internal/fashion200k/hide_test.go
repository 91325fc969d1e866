package fashion200k

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
)

func someAttributes(n int) []catalog.Attribute {
	out := make([]catalog.Attribute, n)
	for i := range out {
		out[i] = catalog.Attribute{Kind: KindWord, Value: fmt.Sprintf("w%02d", i)}
	}

	return out
}

func TestHiderFraction(t *testing.T) {
	attrs := someAttributes(10)
	h := Hider{Fraction: 0.3, Seed: 7}

	kept := 0
	const products = 2000

	for i := range products {
		kept += len(h.Keep(fmt.Sprintf("p%d", i), attrs))
	}

	hidden := 1 - float64(kept)/float64(products*len(attrs))
	if math.Abs(hidden-0.3) > 0.02 {
		t.Errorf("hid %.3f of the attributes, want about 0.3", hidden)
	}
}

func TestHiderIsDeterministicPerProduct(t *testing.T) {
	attrs := someAttributes(12)
	h := Hider{Fraction: 0.5, Seed: 3}

	first := h.Keep("women/a/1.jpeg", attrs)
	h.Keep("women/a/2.jpeg", attrs)

	if again := h.Keep("women/a/1.jpeg", attrs); !slices.Equal(first, again) {
		t.Errorf("same product and seed kept %v, then %v", first, again)
	}

	other := Hider{Fraction: 0.5, Seed: 4}
	differ := 0
	for i := range 50 {
		id := fmt.Sprintf("p%d", i)
		if !slices.Equal(h.Keep(id, attrs), other.Keep(id, attrs)) {
			differ++
		}
	}

	if differ == 0 {
		t.Error("seeds 3 and 4 hid the same attributes of 50 products")
	}
}

func TestHiderCheck(t *testing.T) {
	for _, f := range []float64{0, 0.5, 0.99} {
		if err := (Hider{Fraction: f}).Check(); err != nil {
			t.Errorf("fraction %v: %v", f, err)
		}
	}

	for _, f := range []float64{-0.1, 1, math.NaN()} {
		if err := (Hider{Fraction: f}).Check(); err == nil {
			t.Errorf("fraction %v accepted", f)
		}
	}

	if got := (Hider{}).Keep("p", someAttributes(3)); len(got) != 3 {
		t.Errorf("fraction 0 kept %d of 3 attributes", len(got))
	}
}
