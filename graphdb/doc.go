// Package graphdb is Tailor's boundary with Neo4j. It opens a driver from
// a Config, applies the schema in cypher/schema.cypher, writes catalogs in
// batched UNWIND transactions, reads the graph back for training and
// serving, and maps driver errors onto a few sentinel errors (ErrUnavailable,
// ErrNotFound, ErrInvalid) that callers test with errors.Is.
//
// Every query is parameterised; statements come from the cypher package.
package graphdb
