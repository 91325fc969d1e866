package embed

import (
	"fmt"
)

// Graph is the part of the Tailor graph that the model reads: products
// and their attribute edges, the attribute nodes with the words of their
// values, and preference edges between products. Indices refer to
// positions in the slices.
type Graph struct {
	Products   []string // product ids
	Kinds      []string // relation types, one per attribute kind
	Attributes []AttributeNode
	Words      []string // vocabulary shared by attribute values and texts

	// ProductAttributes lists each product's attribute indices.
	ProductAttributes [][]int32

	// Preferences lists, per product, the products a shopper liked
	// together with it. Training ignores them; encoding uses them.
	Preferences [][]int32

	// ImageFeatures holds an optional precomputed image vector per
	// product, all of one width; nil (or a nil row) where a catalog has
	// none. The encoder adds Params.Img times the vector to the product.
	ImageFeatures [][]float32
}

// AttributeNode is one (kind, value) node with its value's word indices.
type AttributeNode struct {
	Kind  int32
	Value string
	Words []int32
}

// Triplet is one training or evaluation query: candidate product, the
// word indices of the modification text, and the target product.
type Triplet struct {
	Candidate int32
	Target    int32
	Words     []int32

	// Group is the category the query belongs to. Training draws the
	// other targets of a step and its extra negatives from the same
	// group, because evaluation ranks against one category's gallery.
	Group int32
}

// Validate checks that every index is in range.
func (g *Graph) Validate() error {
	if len(g.ProductAttributes) != len(g.Products) {
		return fmt.Errorf("%w: %d products but %d attribute lists", ErrShape, len(g.Products), len(g.ProductAttributes))
	}

	for i, a := range g.Attributes {
		if a.Kind < 0 || int(a.Kind) >= len(g.Kinds) {
			return fmt.Errorf("%w: attribute %d (%q) has kind %d of %d", ErrShape, i, a.Value, a.Kind, len(g.Kinds))
		}

		if err := checkRange(a.Words, len(g.Words), "word"); err != nil {
			return fmt.Errorf("attribute %q: %w", a.Value, err)
		}
	}

	for i, attrs := range g.ProductAttributes {
		if err := checkRange(attrs, len(g.Attributes), "attribute"); err != nil {
			return fmt.Errorf("product %q: %w", g.Products[i], err)
		}
	}

	if err := g.validateImages(); err != nil {
		return err
	}

	for i, prefs := range g.Preferences {
		if err := checkRange(prefs, len(g.Products), "product"); err != nil {
			return fmt.Errorf("preferences of product %q: %w", g.Products[i], err)
		}
	}

	return nil
}

// CheckTriplets checks that every index in ts is in range for g.
func (g *Graph) CheckTriplets(ts []Triplet) error {
	n := int32(len(g.Products))
	for i, t := range ts {
		if t.Candidate < 0 || t.Candidate >= n || t.Target < 0 || t.Target >= n {
			return fmt.Errorf("%w: triplet %d names product %d or %d of %d", ErrShape, i, t.Candidate, t.Target, n)
		}

		if err := checkRange(t.Words, len(g.Words), "word"); err != nil {
			return fmt.Errorf("triplet %d: %w", i, err)
		}
	}

	return nil
}

func checkRange(idx []int32, n int, what string) error {
	for _, i := range idx {
		if i < 0 || int(i) >= n {
			return fmt.Errorf("%w: %s index %d out of range [0, %d)", ErrShape, what, i, n)
		}
	}

	return nil
}

// ImageDim returns the width of the graph's image features, or 0.
func (g *Graph) ImageDim() int {
	for _, f := range g.ImageFeatures {
		if len(f) > 0 {
			return len(f)
		}
	}

	return 0
}

func (g *Graph) validateImages() error {
	if len(g.ImageFeatures) > len(g.Products) {
		return fmt.Errorf("%w: %d image feature rows for %d products", ErrShape, len(g.ImageFeatures), len(g.Products))
	}

	width := g.ImageDim()
	for i, f := range g.ImageFeatures {
		if len(f) != 0 && len(f) != width {
			return fmt.Errorf("%w: product %q has %d image features, others have %d", ErrShape, g.Products[i], len(f), width)
		}
	}

	return nil
}

// imageRow returns product p's image features, or nil.
func (g *Graph) imageRow(p int32) []float32 {
	if p < 0 || int(p) >= len(g.ImageFeatures) {
		return nil
	}

	return g.ImageFeatures[p]
}
