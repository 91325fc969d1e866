package export

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tailorsearch/tailor/graphdb"
)

// ErrUnknownTable means a table name is not one of the exported tables.
var ErrUnknownTable = errors.New("unknown export table")

// Table is one exported table.
type Table struct {
	Name        string // file name without extension, and the {table} of GET /v1/export/{table}
	Description string
	NeedsModel  bool // true when the table cannot be exported without a trained model

	// graph returns the graph table to stream and its query parameters.
	graph func(m Model) (graphdb.Table, map[string]any)

	// fields describes each top-level field of the graph table's schema.
	fields map[string]string
}

// The exported tables, in the order that Tables returns them.
var tables = []Table{
	{
		Name:        "products",
		Description: "one row per product, with its categories, splits and attributes",
		graph:       fixed(graphdb.ProductDetailsTable),
		fields: map[string]string{
			"id":         "product id; for FashionIQ, the Amazon ASIN",
			"source":     "dataset the product was loaded from, such as fashioniq",
			"title":      "product title; empty when the dataset has none",
			"image_url":  "URL of the product image; empty or null when unknown",
			"categories": "categories the product is listed under, sorted",
			"splits":     "dataset splits the product appears in (train, val, test), sorted",
			"attributes": "the product's attributes as {kind, value} structs, sorted by kind and value",
		},
	},
	{
		Name:        "attributes",
		Description: "one row per attribute, with the number of products that have it",
		graph:       fixed(graphdb.AttributesTable),
		fields: map[string]string{
			"kind":     "attribute kind, such as texture or fabric",
			"value":    "attribute value, such as floral; (kind, value) is unique",
			"products": "number of products with an edge to this attribute",
		},
	},
	{
		Name:        "edges",
		Description: "one row per edge between catalog nodes: product-attribute and product-product",
		graph:       fixed(graphdb.EdgesTable),
		fields: map[string]string{
			"source":      "id of the product the edge starts from",
			"target":      "attribute value for HAS_ATTRIBUTE edges, product id for LIKED_WITH edges",
			"target_kind": "attribute kind for HAS_ATTRIBUTE edges; null for LIKED_WITH edges",
			"type":        "relationship type: HAS_ATTRIBUTE or LIKED_WITH",
			"provenance":  "where the edge came from: dataset (loaded), user (added through the API) or preference (a preference group)",
		},
	},
	{
		Name:        "queries",
		Description: "one row per modification query: a candidate product, a text and the intended target",
		graph:       fixed(graphdb.QueriesTable),
		fields: map[string]string{
			"id":        "query id",
			"source":    "dataset the query was loaded from",
			"category":  "category whose gallery the query ranks",
			"split":     "dataset split: train, val or test",
			"candidate": "id of the product the shopper starts from",
			"target":    "id of the intended product; null where the split publishes no target",
			"text":      "modification text: the query's captions joined with \" and \"",
			"words":     "distinct words of the text, sorted, as the model reads them",
		},
	},
	{
		Name:        "preferences",
		Description: "one row per preference group: products a shopper liked together",
		graph:       fixed(graphdb.PreferenceGroupsTable),
		fields: map[string]string{
			"id":         "preference group id",
			"context":    "free text the shopper gave with the group; may be empty",
			"created_at": "time the group was stored, in UTC",
			"products":   "ids of the products in the group, sorted",
		},
	},
	{
		Name:        "embeddings",
		Description: "one row per vector of the exported model version: products, attributes and words",
		NeedsModel:  true,
		graph: func(m Model) (graphdb.Table, map[string]any) {
			return graphdb.EmbeddingsTable(m.Dim), map[string]any{"version": m.Version}
		},
		fields: map[string]string{
			"node":          "what the vector embeds: product, attribute or word",
			"id":            "product id, attribute value or word",
			"kind":          "attribute kind for attribute rows; null for products and words",
			"model_version": "model version that wrote the vector",
			"vector":        "the embedding, a fixed-size list of float32 whose length is the model dimension",
		},
	},
}

func fixed(t graphdb.Table) func(Model) (graphdb.Table, map[string]any) {
	return func(Model) (graphdb.Table, map[string]any) { return t, nil }
}

// Tables returns every exported table in export order.
func Tables() []Table {
	return append([]Table(nil), tables...)
}

// TableNames returns the names of every exported table in export order.
func TableNames() []string {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Name
	}

	return names
}

// Lookup returns the exported table with the given name.
func Lookup(name string) (Table, error) {
	for _, t := range tables {
		if t.Name == name {
			return t, nil
		}
	}

	return Table{}, fmt.Errorf("%w %q: the tables are %s", ErrUnknownTable, name, strings.Join(TableNames(), ", "))
}

// ParseTables parses a comma-separated list of table names, such as the
// value of --only, into tables in export order. An empty list selects
// every table. Spaces around names are ignored; an unknown or repeated
// name is an error.
func ParseTables(list string) ([]Table, error) {
	if strings.TrimSpace(list) == "" {
		return Tables(), nil
	}

	chosen := map[string]bool{}
	for _, item := range strings.Split(list, ",") {
		name := strings.TrimSpace(item)
		if name == "" {
			return nil, fmt.Errorf("table list %q has an empty name; separate names with single commas", list)
		}

		if _, err := Lookup(name); err != nil {
			return nil, err
		}

		if chosen[name] {
			return nil, fmt.Errorf("table list %q names %s twice", list, name)
		}

		chosen[name] = true
	}

	var out []Table
	for _, t := range tables {
		if chosen[t.Name] {
			out = append(out, t)
		}
	}

	return out, nil
}
