package graphdb

import "github.com/apache/arrow-go/v18/arrow"

// ImageFeaturesTable streams the precomputed image embeddings that a
// catalog load stored on products, for the trainer's image input.
var ImageFeaturesTable = Table{Name: "image_features", Query: "table_image_features", Schema: arrow.NewSchema([]arrow.Field{
	utf8Field("product", false),
	{Name: "vector", Type: arrow.ListOf(arrow.PrimitiveTypes.Float64), Nullable: false},
}, nil)}

// HasTable reports whether OpenTable serves the named table.
func (c *Client) HasTable(name string) bool {
	_, ok := Tables[name]
	return ok
}
