// Package catalogfile reads a retailer's catalog, and optional query
// triplets, from JSON Lines, CSV, Parquet or Arrow IPC files into the
// ingest record stream. docs/catalog-format.md describes the columns.
//
// A product file has the columns id and category, and optionally title,
// image_url, split, attributes (a list of {kind, value}), attr.KIND
// columns (values of one kind) and image_embedding (a list of numbers).
// A query file has the columns candidate and text, and optionally
// target, id, category and split. The content sets the format: Parquet
// and Arrow IPC files are detected by their magic bytes, JSON Lines by a
// first character '{', and anything else is read as CSV with a header.
//
// Readers stream: JSON Lines and CSV a line at a time, Parquet and Arrow
// IPC a record batch at a time.
package catalogfile
