// Package export writes Tailor's graph and embeddings as Arrow tables for
// notebooks and other analysis tools.
//
// Six tables are exported: products (with their attribute lists),
// attributes, edges, queries, preferences and embeddings. Each streams
// from Neo4j in record batches through graphdb.Client.StreamTable, so
// memory stays bounded by the batch size, not by the size of the graph.
// Export writes one file per table, as an Arrow IPC file (.arrow) or a
// Parquet file (.parquet); Source.Open returns the same tables as record
// readers, which the HTTP API sends as Arrow IPC streams.
//
// Every schema carries metadata: the Tailor version, the model version and
// the export time (keys tailor.version, tailor.model_version,
// tailor.exported_at and tailor.table), and a description of each field
// under the field metadata key "description". docs/export.md lists the
// fields.
package export
