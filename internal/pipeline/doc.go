// Package pipeline joins graphdb and embed into Tailor's jobs. It trains a
// model from the graph, read as the whole edge table or as sampled
// subgraphs, with per-epoch checkpoints, and writes it back. It loads the
// newest model for serving. It evaluates retrieval recall on a dataset
// split next to reference methods, ablations and simulated shopper
// interactions.
package pipeline
