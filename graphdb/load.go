package graphdb

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// DefaultBatchSize is the number of records per write transaction.
const DefaultBatchSize = 5000

// LoadOptions configures LoadStream.
type LoadOptions struct {
	// Dataset names the Dataset marker and the galleries; it is required.
	Dataset string

	// BatchSize is the number of records per write transaction; <= 0
	// means DefaultBatchSize.
	BatchSize int

	// SkipInvalid makes the load skip and count invalid records instead
	// of stopping at the first one.
	SkipInvalid bool

	// RunKey identifies the input, as ingest.RunKey computes it. A load
	// that stops early leaves a checkpoint, and a later load with the
	// same Dataset and RunKey continues after the last committed batch.
	// Empty disables checkpoints.
	RunKey string

	// Settings are scalar properties recorded on the Dataset marker, such
	// as how attributes were derived.
	Settings map[string]any
}

// RecordCounts counts the products or queries of a load.
type RecordCounts struct {
	Read      int // valid records read: the sum of the other counts
	Created   int // records that did not exist
	Updated   int // records that existed with other data
	Unchanged int // records that existed with the same data, or repeated in the input
	Resumed   int // records that an earlier run with the same RunKey committed
}

// AlreadyThere returns the records that the load found in the graph.
func (r RecordCounts) AlreadyThere() int { return r.Unchanged + r.Resumed }

// EdgeCounts counts the dataset attribute edges of the products a load wrote or found unchanged.
type EdgeCounts struct {
	Total   int // edges that the records list
	Created int // edges that did not exist
	Removed int // dataset edges that updated products no longer list
}

// AlreadyThere returns the number of listed edges that existed before the load.
func (e EdgeCounts) AlreadyThere() int { return e.Total - e.Created }

// LoadReport is what a load read and changed.
type LoadReport struct {
	Products       RecordCounts
	Queries        RecordCounts
	AttributeEdges EdgeCounts

	// Invalid is the number of records skipped as invalid (SkipInvalid).
	Invalid int

	// Changes is what Neo4j reports the product, attribute and query
	// statements changed; all zero when the load found everything there.
	Changes Counts

	Duration time.Duration
}

// Load writes products, their attribute edges and queries of one dataset
// held in memory, then marks the dataset as loaded. Loading the same data
// again changes nothing. batchSize <= 0 means DefaultBatchSize.
func (c *Client) Load(ctx context.Context, dataset string, products []catalog.Product, queries []catalog.Query, batchSize int) (LoadReport, error) {
	return c.LoadStream(ctx, ingest.Slices(products, queries), LoadOptions{Dataset: dataset, BatchSize: batchSize})
}

// LoadStream writes the products and then the queries of src to the
// graph in batches of opts.BatchSize records, one transaction per batch,
// and marks the dataset as loaded when both are done.
//
// Each batch is validated before it is written. A failed batch leaves
// nothing behind, and batches before it stay committed. A product or
// query whose stored content hash equals the record's is not written
// again, so a repeated load changes nothing but the load run recorded on
// it. A changed product gets its new properties. Its dataset attribute
// edges and galleries become the record's, and attribute edges that a
// user added stay.
//
// At most three batches are in memory: one being written, one waiting
// and one being read. So memory is bounded by the batch size, except for
// the set of distinct attributes kept to find mentions in query texts.
func (c *Client) LoadStream(ctx context.Context, src ingest.Stream, opts LoadOptions) (LoadReport, error) {
	if opts.Dataset == "" {
		return LoadReport{}, fmt.Errorf("load: %w: empty dataset name", ErrInvalid)
	}

	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}

	start := time.Now()

	l, err := c.newLoader(ctx, opts)
	if err != nil {
		return LoadReport{}, err
	}

	if err := l.loadProducts(ctx, src); err != nil {
		return l.report(start), err
	}

	if err := l.loadQueries(ctx, src); err != nil {
		return l.report(start), err
	}

	if err := l.finish(ctx); err != nil {
		return l.report(start), err
	}

	rep := l.report(start)
	c.logger.Info("load finished", "dataset", opts.Dataset,
		"products", rep.Products.Read, "queries", rep.Queries.Read, "attribute_edges", rep.AttributeEdges.Total,
		"invalid", rep.Invalid, "resumed", rep.Products.Resumed+rep.Queries.Resumed, "seconds", rep.Duration.Seconds())

	return rep, nil
}

// DatasetLoaded reports whether a load finished for dataset.
func (c *Client) DatasetLoaded(ctx context.Context, dataset string) (bool, error) {
	recs, err := c.Read(ctx, cypher.MustStatement("dataset_loaded"), map[string]any{"name": dataset})
	if err != nil {
		return false, fmt.Errorf("check dataset %q: %w", dataset, err)
	}

	return len(recs) > 0, nil
}

// GalleryKey names the gallery of one category's split of a dataset.
func GalleryKey(dataset, category, split string) string {
	return dataset + "/" + category + "/" + split
}

// runID returns the load run id: derived from the dataset and RunKey, so
// that a rerun finds its checkpoint, or random when RunKey is empty.
func runID(dataset, key string) (string, error) {
	if key == "" {
		b := make([]byte, 8)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("make load run id: %w", err)
		}

		return "once-" + hex.EncodeToString(b), nil
	}

	sum := sha256.Sum256([]byte(dataset + "\x00" + key))

	return hex.EncodeToString(sum[:8]), nil
}
