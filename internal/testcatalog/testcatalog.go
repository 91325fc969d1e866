package testcatalog

import (
	"fmt"
	"math/rand/v2"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// Colours and Shapes are the attribute values the catalog draws from.
var (
	Colours = []string{"black", "white", "red", "blue", "green"}
	Shapes  = []string{"long", "short", "fitted", "loose"}
)

// Dataset is the source name that generated products and queries carry.
const Dataset = "testcat"

// Generate returns n products in category "dress" with a colour and a
// shape each, and queries from each product to one that differs in
// colour only, with text "is <colour>". Products with index divisible
// by 5 are in the val split, the rest in train; queries take their
// candidate's split.
func Generate(n int, seed uint64) ([]catalog.Product, []catalog.Query) {
	rng := rand.New(rand.NewPCG(seed, 1))

	products := make([]catalog.Product, n)
	for i := range products {
		split := "train"
		if i%5 == 0 {
			split = "val"
		}

		products[i] = catalog.Product{
			ID:          fmt.Sprintf("P%04d", i),
			Source:      Dataset,
			ImageURL:    fmt.Sprintf("http://127.0.0.1:1/img/P%04d.jpg", i),
			Memberships: []catalog.Membership{{Category: "dress", Split: split}},
			Attributes: catalog.SortAttributes([]catalog.Attribute{
				{Kind: "category", Value: "dress"},
				{Kind: "colour", Value: Colours[rng.IntN(len(Colours))]},
				{Kind: "shape", Value: Shapes[rng.IntN(len(Shapes))]},
			}),
		}
	}

	return products, queries(products, rng)
}

// queries pairs each product with a product of the same split and shape
// but another colour.
func queries(products []catalog.Product, rng *rand.Rand) []catalog.Query {
	var out []catalog.Query
	for i, c := range products {
		for _, j := range rng.Perm(len(products)) {
			t := products[j]
			if j == i || t.Memberships[0].Split != c.Memberships[0].Split {
				continue
			}

			if value(t, "shape") != value(c, "shape") || value(t, "colour") == value(c, "colour") {
				continue
			}

			out = append(out, catalog.Query{
				ID: fmt.Sprintf("%s/q%04d", Dataset, i), Source: Dataset, Category: "dress",
				Split: c.Memberships[0].Split, Candidate: c.ID, Target: t.ID,
				Captions: []string{"is " + value(t, "colour")},
			})

			break
		}
	}

	return out
}

func value(p catalog.Product, kind string) string {
	for _, a := range p.Attributes {
		if a.Kind == kind {
			return a.Value
		}
	}

	return ""
}
