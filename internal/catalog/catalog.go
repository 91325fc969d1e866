package catalog

import (
	"cmp"
	"slices"
)

// Attribute is one (kind, value) pair, such as ("texture", "floral").
// Kinds and values are lower-case and trimmed by the readers.
type Attribute struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// Membership places a product in one category's split of a dataset.
// FashionIQ lists some products under two categories, sometimes in
// different splits, so a product carries a list of them.
type Membership struct {
	Category string `json:"category"`
	Split    string `json:"split"`
}

// Product is one catalog item.
type Product struct {
	ID          string       `json:"id"`
	Source      string       `json:"source"`
	Title       string       `json:"title,omitempty"`
	ImageURL    string       `json:"image_url,omitempty"`
	Memberships []Membership `json:"memberships"`
	Attributes  []Attribute  `json:"attributes"`

	// ImageEmbedding is an optional precomputed image vector (for example
	// from a CLIP model); nil when the source has none.
	ImageEmbedding []float32 `json:"image_embedding,omitempty"`
}

// Categories returns the product's distinct categories in sorted order.
func (p Product) Categories() []string {
	out := make([]string, 0, len(p.Memberships))
	for _, m := range p.Memberships {
		out = append(out, m.Category)
	}

	slices.Sort(out)

	return slices.Compact(out)
}

// Splits returns the product's distinct splits in sorted order.
func (p Product) Splits() []string {
	out := make([]string, 0, len(p.Memberships))
	for _, m := range p.Memberships {
		out = append(out, m.Split)
	}

	slices.Sort(out)

	return slices.Compact(out)
}

// Query is a modification query: "like Candidate, but Text", whose
// intended answer is Target. Target is empty for test splits that
// publish no answer.
type Query struct {
	ID        string   `json:"id"`
	Source    string   `json:"source"`
	Category  string   `json:"category"`
	Split     string   `json:"split"`
	Candidate string   `json:"candidate"`
	Target    string   `json:"target,omitempty"`
	Captions  []string `json:"captions"`
}

// Text joins the query's captions into the one modification text that
// the model reads, separated by " and ".
func (q Query) Text() string {
	out := ""
	for i, c := range q.Captions {
		if i > 0 {
			out += " and "
		}

		out += c
	}

	return out
}

// SortAttributes orders attributes by kind, then value, and removes
// duplicates, so that equal attribute sets compare equal.
func SortAttributes(attrs []Attribute) []Attribute {
	slices.SortFunc(attrs, func(a, b Attribute) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Value, b.Value))
	})

	return slices.Compact(attrs)
}
