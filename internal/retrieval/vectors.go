package retrieval

import (
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// recompute refreshes the unit vectors of the given products from their
// current neighbourhoods, growing the vector table for new products.
func (st *state) recompute(products []int32) {
	if len(products) == 0 {
		return
	}

	st.growVectors()

	H := st.loaded.Model.ProductVectors(products)
	for i, p := range products {
		row := st.vectors.RawRowView(int(p))
		copy(row, H.RawRowView(i))

		if n := floats.Norm(row, 2); n > 0 {
			floats.Scale(1/n, row)
		}
	}
}

// recomputeAround refreshes product p and every product whose vector
// reads p's through a preference edge.
func (st *state) recomputeAround(p int32) {
	affected := []int32{p}
	if g := st.loaded.Model.G; int(p) < len(g.Preferences) {
		affected = append(affected, g.Preferences[p]...)
	}

	st.recompute(affected)
}

// growVectors adds zero rows for products added since the table was built.
func (st *state) growVectors() {
	n := len(st.loaded.Model.G.Products)
	rows, cols := st.vectors.Dims()
	if n <= rows {
		return
	}

	grown := make([]float64, n*cols)
	copy(grown, st.vectors.RawMatrix().Data)
	st.vectors = mat.NewDense(n, cols, grown)
}

// rebuildMatcher indexes the graph's attributes again after one was added.
func (st *state) rebuildMatcher() {
	g := st.loaded.Model.G

	attrs := make([]catalog.Attribute, len(g.Attributes))
	for i, node := range g.Attributes {
		attrs[i] = catalog.Attribute{Kind: g.Kinds[node.Kind], Value: node.Value}
	}

	st.matcher = modtext.NewMatcher(attrs)
}

func embedShape(g *embed.Graph) embed.Shape {
	return embed.Shape{Words: len(g.Words), Attributes: len(g.Attributes), Kinds: len(g.Kinds)}
}
