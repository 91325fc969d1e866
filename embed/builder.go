package embed

import (
	"github.com/tailorsearch/tailor/internal/modtext"
)

// Builder assembles a Graph from named products, attributes and texts.
type Builder struct {
	g        *Graph
	products map[string]int32
	kinds    map[string]int32
	attrs    map[[2]string]int32
	words    map[string]int32
}

// NewBuilder returns an empty builder whose relation types start with kinds.
func NewBuilder(kinds []string) *Builder {
	b := &Builder{
		g:        &Graph{},
		products: make(map[string]int32),
		kinds:    make(map[string]int32),
		attrs:    make(map[[2]string]int32),
		words:    make(map[string]int32),
	}

	for _, k := range kinds {
		b.kind(k)
	}

	return b
}

// Product returns the index of product id, adding it when new.
func (b *Builder) Product(id string) int32 {
	if i, ok := b.products[id]; ok {
		return i
	}

	i := int32(len(b.g.Products))
	b.products[id] = i
	b.g.Products = append(b.g.Products, id)
	b.g.ProductAttributes = append(b.g.ProductAttributes, nil)

	return i
}

// ProductIndex returns the index of an existing product.
func (b *Builder) ProductIndex(id string) (int32, bool) {
	i, ok := b.products[id]
	return i, ok
}

// Edge adds the attribute (kind, value) to product id.
func (b *Builder) Edge(id, kind, value string) {
	p, a := b.Product(id), b.attribute(kind, value)
	if !contains(b.g.ProductAttributes[p], a) {
		b.g.ProductAttributes[p] = append(b.g.ProductAttributes[p], a)
	}
}

// Preference records that a shopper liked products p and q together.
func (b *Builder) Preference(p, q string) {
	i, j := b.Product(p), b.Product(q)
	if i == j {
		return
	}

	for len(b.g.Preferences) < len(b.g.Products) {
		b.g.Preferences = append(b.g.Preferences, nil)
	}

	if !contains(b.g.Preferences[i], j) {
		b.g.Preferences[i] = append(b.g.Preferences[i], j)
		b.g.Preferences[j] = append(b.g.Preferences[j], i)
	}
}

// ImageFeatures sets the precomputed image vector of product p.
func (b *Builder) ImageFeatures(p int32, x []float32) {
	for len(b.g.ImageFeatures) <= int(p) {
		b.g.ImageFeatures = append(b.g.ImageFeatures, nil)
	}

	b.g.ImageFeatures[p] = x
}

// TextWords returns the distinct word indices of text, in order of first
// appearance. With grow, unknown words join the vocabulary; without it
// they are dropped.
func (b *Builder) TextWords(text string, grow bool) []int32 {
	return b.WordIndices(modtext.Tokenize(text), grow)
}

// WordIndices returns the distinct indices of tokens, as TextWords does.
func (b *Builder) WordIndices(tokens []string, grow bool) []int32 {
	var out []int32
	for _, tok := range tokens {
		i, ok := b.words[tok]
		if !ok && grow {
			i, ok = b.word(tok), true
		}

		if ok && !contains(out, i) {
			out = append(out, i)
		}
	}

	return out
}

// Graph returns the assembled graph. The builder must not be used after.
func (b *Builder) Graph() *Graph {
	for len(b.g.Preferences) > 0 && len(b.g.Preferences) < len(b.g.Products) {
		b.g.Preferences = append(b.g.Preferences, nil)
	}

	return b.g
}

func (b *Builder) kind(k string) int32 {
	if i, ok := b.kinds[k]; ok {
		return i
	}

	i := int32(len(b.g.Kinds))
	b.kinds[k] = i
	b.g.Kinds = append(b.g.Kinds, k)

	return i
}

func (b *Builder) attribute(kind, value string) int32 {
	key := [2]string{kind, value}
	if i, ok := b.attrs[key]; ok {
		return i
	}

	node := AttributeNode{Kind: b.kind(kind), Value: value, Words: b.TextWords(value, true)}
	i := int32(len(b.g.Attributes))
	b.attrs[key] = i
	b.g.Attributes = append(b.g.Attributes, node)

	return i
}

func (b *Builder) word(w string) int32 {
	i := int32(len(b.g.Words))
	b.words[w] = i
	b.g.Words = append(b.g.Words, w)

	return i
}

// Vocabulary is the ordered list of kinds, attributes and words that a
// parameter set was trained with; index i of each list is row i of the
// matching parameter matrix.
type Vocabulary struct {
	Kinds      []string
	Attributes [][2]string // (kind, value)
	Words      []string
}

// Vocabulary returns the builder's current vocabulary.
func (b *Builder) Vocabulary() Vocabulary {
	v := Vocabulary{Kinds: b.g.Kinds, Words: b.g.Words}
	for _, a := range b.g.Attributes {
		v.Attributes = append(v.Attributes, [2]string{b.g.Kinds[a.Kind], a.Value})
	}

	return v
}

// NewBuilderFor returns a builder whose kinds, attributes and words have
// the indices they had in training, so that a graph read into it lines up
// with the trained parameters.
func NewBuilderFor(v Vocabulary) *Builder {
	b := NewBuilder(v.Kinds)
	for _, w := range v.Words {
		if _, ok := b.words[w]; !ok {
			b.word(w)
		}
	}

	for _, a := range v.Attributes {
		b.attribute(a[0], a[1])
	}

	return b
}
