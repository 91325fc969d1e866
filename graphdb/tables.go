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

func int64Field(name string, nullable bool) arrow.Field {
	return arrow.Field{Name: name, Type: arrow.PrimitiveTypes.Int64, Nullable: nullable}
}

// attributeType is one (kind, value) pair in a product's attribute list.
var attributeType = arrow.StructOf(utf8Field("kind", false), utf8Field("value", false))

// The tables that only the export reads.
var (
	ProductDetailsTable = Table{Name: "product_details", Query: "table_product_details", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("id", false), utf8Field("source", true), utf8Field("title", true), utf8Field("image_url", true),
		listField("categories"), listField("splits"),
		{Name: "attributes", Type: arrow.ListOf(attributeType), Nullable: false},
	}, nil)}

	AttributesTable = Table{Name: "attributes", Query: "table_attributes", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("kind", false), utf8Field("value", false), int64Field("products", false),
	}, nil)}

	EdgesTable = Table{Name: "edges", Query: "table_edges", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("source", false), utf8Field("target", false), utf8Field("target_kind", true),
		utf8Field("type", false), utf8Field("provenance", false),
	}, nil)}

	PreferenceGroupsTable = Table{Name: "preference_groups", Query: "table_preference_groups", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("id", false), utf8Field("context", true),
		{Name: "created_at", Type: &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, Nullable: true},
		listField("products"),
	}, nil)}
)

// EmbeddingsTable returns the table of the product, attribute and word
// vectors of one model version, whose vectors have dim values each. The
// query takes the parameter $version.
func EmbeddingsTable(dim int) Table {
	return Table{Name: "embeddings", Query: "table_embeddings", Schema: arrow.NewSchema([]arrow.Field{
		utf8Field("node", false), utf8Field("id", false), utf8Field("kind", true), int64Field("model_version", false),
		{Name: "vector", Type: arrow.FixedSizeListOf(int32(dim), arrow.PrimitiveTypes.Float32), Nullable: false},
	}, nil)}
}
