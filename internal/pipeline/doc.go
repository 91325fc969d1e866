// Package pipeline joins graphdb and embed into Tailor's jobs: training a
// model from the graph and writing it back, loading the newest model for
// serving, and evaluating retrieval recall on a dataset split.
package pipeline
