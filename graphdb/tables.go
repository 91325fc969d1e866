package graphdb

import (
	"github.com/apache/arrow-go/v18/arrow"
)

// Table is a tabular view of the graph that streams as Arrow record batches.
type Table struct {
	Name   string
	Query  string // the cypher file (without .cypher) whose columns match Schema
	Schema *arrow.Schema
}

func utf8Field(name string, nullable bool) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.BinaryTypes.String, Nullable: nullable}
}

func listField(name string) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.ListOf(arrow.BinaryTypes.String), Nullable: true}
}

// The tables that the trainer reads and the export writes.
var (
	ProductsTable = Table{Name: "products", Query: "table_products", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("id", false), utf8Field("source", true), listField("categories"), listField("splits"), utf8Field("image_url", true),
	}, nil)}

	AttributeEdgesTable = Table{Name: "attribute_edges", Query: "table_attribute_edges", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("product", false), utf8Field("kind", false), utf8Field("value", false), utf8Field("source", false),
	}, nil)}

	QueriesTable = Table{Name: "queries", Query: "table_queries", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("id", false), utf8Field("source", true), utf8Field("category", true), utf8Field("split", true),
		utf8Field("candidate", false), utf8Field("target", true), utf8Field("text", true), listField("words"),
	}, nil)}

	GalleriesTable = Table{Name: "galleries", Query: "table_galleries", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("product", false), utf8Field("dataset", false), utf8Field("category", false), utf8Field("split", false),
	}, nil)}

	PreferencesTable = Table{Name: "preferences", Query: "table_preferences", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("product", false), utf8Field("other", false), utf8Field("group_id", true),
	}, nil)}
)
