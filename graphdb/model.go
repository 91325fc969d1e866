package graphdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/tailorsearch/tailor/cypher"
)

// ModelRecord is one trained model version as stored on a (:Model) node.
type ModelRecord struct {
	Version         int64
	Dim             int
	CreatedAt       string
	Kinds           []string
	AttributeKinds  []string
	AttributeValues []string
	Words           []string
	Params          []byte // embed.Params in binary form
	Config          string // training settings, JSON
	Metrics         string // evaluation results, JSON; empty until evaluated
	TrainSeconds    float64
}

// ErrNoModel means no trained model is stored yet.
var ErrNoModel = errors.New("no trained model in the graph")

// CreateModel stores rec as the next model version and returns that version.
func (c *Client) CreateModel(ctx context.Context, rec ModelRecord) (int64, error) {
	params := map[string]any{
		"dim": rec.Dim, "kinds": rec.Kinds, "attribute_kinds": rec.AttributeKinds,
		"attribute_values": rec.AttributeValues, "words": rec.Words, "params": rec.Params,
		"config": rec.Config, "train_seconds": rec.TrainSeconds,
	}

	recs, err := c.Write(ctx, cypher.MustStatement("model_create"), params)
	if err != nil {
		return 0, fmt.Errorf("create model: %w", err)
	}

	return recs[0]["version"].(int64), nil
}

// Model returns the stored model with the given version, or the newest
// when version is 0. It returns ErrNoModel when there is none.
func (c *Client) Model(ctx context.Context, version int64) (ModelRecord, error) {
	var v any
	if version > 0 {
		v = version
	}

	recs, err := c.Read(ctx, cypher.MustStatement("model_get"), map[string]any{"version": v})
	if err != nil {
		return ModelRecord{}, fmt.Errorf("read model: %w", err)
	}

	if len(recs) == 0 {
		if version > 0 {
			return ModelRecord{}, fmt.Errorf("%w: version %d not found", ErrNoModel, version)
		}

		return ModelRecord{}, ErrNoModel
	}

	r := recs[0]

	return ModelRecord{
		Version:         r["version"].(int64),
		Dim:             int(r["dim"].(int64)),
		CreatedAt:       r["created_at"].(string),
		Kinds:           stringList(r["kinds"]),
		AttributeKinds:  stringList(r["attribute_kinds"]),
		AttributeValues: stringList(r["attribute_values"]),
		Words:           stringList(r["words"]),
		Params:          r["params"].([]byte),
		Config:          r["config"].(string),
		Metrics:         r["metrics"].(string),
		TrainSeconds:    r["train_seconds"].(float64),
	}, nil
}

// SetModelMetrics stores evaluation results (JSON) on a model version.
func (c *Client) SetModelMetrics(ctx context.Context, version int64, metrics string) error {
	recs, err := c.Write(ctx, cypher.MustStatement("model_set_metrics"), map[string]any{"version": version, "metrics": metrics})
	if err != nil {
		return fmt.Errorf("store metrics of model %d: %w", version, err)
	}

	if len(recs) == 0 {
		return fmt.Errorf("store metrics: model %d: %w", version, ErrNotFound)
	}

	return nil
}

// VectorTarget names the nodes that WriteVectors writes to.
type VectorTarget string

// The node kinds that carry vectors.
const (
	ProductVectors   VectorTarget = "vectors_products"
	AttributeVectors VectorTarget = "vectors_attributes"
	WordVectors      VectorTarget = "vectors_words"
)

// WriteVectors writes rows ({key, vector} or, for attributes, {kind,
// value, vector}) in batches, tagging each node with the model version.
func (c *Client) WriteVectors(ctx context.Context, target VectorTarget, version int64, rows []map[string]any, progress Progress) error {
	query := cypher.MustStatement(string(target))

	for lo := 0; lo < len(rows); lo += DefaultBatchSize {
		hi := min(lo+DefaultBatchSize, len(rows))
		if _, err := c.WriteCounted(ctx, query, map[string]any{"rows": rows[lo:hi], "version": version}); err != nil {
			return fmt.Errorf("write %s rows %d to %d: %w", target, lo, hi-1, err)
		}

		if progress != nil {
			progress(hi)
		}
	}

	return nil
}

// EnsureVectorIndex creates the cosine vector index on product embeddings
// for dim dimensions, replacing one built for another dimension.
func (c *Client) EnsureVectorIndex(ctx context.Context, dim int) error {
	recs, err := c.Read(ctx, cypher.MustStatement("vector_index_dims"), nil)
	if err != nil {
		return fmt.Errorf("inspect vector index: %w", err)
	}

	if len(recs) > 0 {
		if d, ok := recs[0]["dim"].(int64); ok && int(d) == dim {
			return nil
		}

		if err := c.Auto(ctx, cypher.MustStatement("vector_index_drop"), nil); err != nil {
			return fmt.Errorf("drop vector index: %w", err)
		}
	}

	if err := c.Auto(ctx, cypher.MustStatement("vector_index_create"), map[string]any{"dim": dim}); err != nil {
		return fmt.Errorf("create vector index for %d dimensions: %w", dim, err)
	}

	if err := c.Auto(ctx, "CALL db.awaitIndexes(300)", nil); err != nil {
		return fmt.Errorf("wait for vector index: %w", err)
	}

	return nil
}

// stringList converts a Neo4j list of strings.
func stringList(v any) []string {
	items, _ := v.([]any)
	out := make([]string, len(items))

	for i, it := range items {
		out[i], _ = it.(string)
	}

	return out
}
