// Package catalog defines the records every Tailor source is read into
// before it reaches Neo4j: products with their attributes, and
// modification queries that link a candidate product to a target.
//
// Readers for the individual sources (FashionIQ, Fashion200K, generic
// retailer catalogs) produce these types; the graphdb package writes them.
package catalog
