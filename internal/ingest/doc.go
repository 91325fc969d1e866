// Package ingest defines the record stream between catalog readers and
// the graph loader: products and queries with the position in the file
// they were read from, and the error a reader returns for one invalid
// record, which the loader may skip and count instead of stopping.
package ingest
