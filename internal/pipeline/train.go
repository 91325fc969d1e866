package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
)

// TrainOptions configures a training job.
type TrainOptions struct {
	Config embed.Config

	// HoldOut is the fraction of training queries kept aside to decide
	// early stopping; the evaluation split is never used for that.
	HoldOut float64
}

// TrainReport describes a finished training job.
type TrainReport struct {
	Version int64
	Result  *embed.Result
	Queries int // training triplets used
}

// Train reads the graph, trains on every query of the train split that
// has a target, stores the model as a new version and writes product,
// attribute and word vectors back to Neo4j.
func Train(ctx context.Context, logger *slog.Logger, client *graphdb.Client, opts TrainOptions) (*TrainReport, error) {
	logger.Info("reading graph for training")

	corpus, err := embed.ReadCorpus(ctx, client, embed.NewBuilder(nil))
	if err != nil {
		return nil, fmt.Errorf("read graph: %w", err)
	}

	train, held := splitHoldOut(queriesOfSplit(corpus.Queries, "train"), opts.HoldOut, opts.Config.Seed)
	if len(train) == 0 {
		return nil, fmt.Errorf("train: the graph has no train-split queries with a target; load a dataset first (tailor load fashioniq)")
	}

	triplets := corpus.Triplets(train, true)
	validation := evalSets(corpus, held, "train", false)

	res, err := embed.Train(ctx, logger, corpus.Builder.Graph(), triplets, validation, opts.Config)
	if err != nil {
		return nil, err
	}

	version, err := saveModel(ctx, logger, client, corpus, res, opts.Config)
	if err != nil {
		return nil, err
	}

	return &TrainReport{Version: version, Result: res, Queries: len(triplets)}, nil
}

// saveModel stores the parameters as a new model version and writes
// every vector back.
func saveModel(ctx context.Context, logger *slog.Logger, client *graphdb.Client, corpus *embed.Corpus, res *embed.Result, cfg embed.Config) (int64, error) {
	params, err := res.Model.P.MarshalBinary()
	if err != nil {
		return 0, fmt.Errorf("encode parameters: %w", err)
	}

	cfgJSON, _ := json.Marshal(cfg)
	vocab := corpus.Builder.Vocabulary()
	rec := graphdb.ModelRecord{
		Dim: cfg.Dim, Kinds: vocab.Kinds, Words: vocab.Words, Params: params,
		Config: string(cfgJSON), TrainSeconds: res.Duration.Seconds(),
	}

	for _, a := range vocab.Attributes {
		rec.AttributeKinds = append(rec.AttributeKinds, a[0])
		rec.AttributeValues = append(rec.AttributeValues, a[1])
	}

	version, err := client.CreateModel(ctx, rec)
	if err != nil {
		return 0, err
	}

	if err := WriteVectors(ctx, logger, client, res.Model, version); err != nil {
		return 0, err
	}

	logger.Info("model stored", "version", version, "dim", cfg.Dim)

	return version, nil
}

// WriteVectors writes the vectors of every product, attribute and word of
// m's graph to Neo4j and makes sure the product vector index exists.
func WriteVectors(ctx context.Context, logger *slog.Logger, client *graphdb.Client, m *embed.Model, version int64) error {
	start := time.Now()
	g := m.G

	all := make([]int32, len(g.Products))
	for i := range all {
		all[i] = int32(i)
	}

	H := m.ProductVectors(all)
	products := make([]map[string]any, len(all))
	for i, id := range g.Products {
		products[i] = map[string]any{"key": id, "vector": append([]float64(nil), H.RawRowView(i)...)}
	}

	attrs := make([]map[string]any, len(g.Attributes))
	for i, a := range g.Attributes {
		attrs[i] = map[string]any{"kind": g.Kinds[a.Kind], "value": a.Value, "vector": m.AttributeVector(int32(i))}
	}

	words := make([]map[string]any, len(g.Words))
	for i, w := range g.Words {
		words[i] = map[string]any{"key": w, "vector": append([]float64(nil), m.P.U.RawRowView(i)...)}
	}

	steps := []struct {
		target graphdb.VectorTarget
		rows   []map[string]any
	}{{graphdb.ProductVectors, products}, {graphdb.AttributeVectors, attrs}, {graphdb.WordVectors, words}}

	for _, st := range steps {
		if err := client.WriteVectors(ctx, st.target, version, st.rows, nil); err != nil {
			return err
		}
	}

	if err := client.EnsureVectorIndex(ctx, m.P.Shape.Dim); err != nil {
		return err
	}

	logger.Info("vectors written", "products", len(products), "attributes", len(attrs), "words", len(words),
		"duration", time.Since(start).Round(time.Millisecond))

	return nil
}

func queriesOfSplit(qs []embed.QueryRecord, split string) []embed.QueryRecord {
	var out []embed.QueryRecord
	for _, q := range qs {
		if q.Split == split && q.Target != "" {
			out = append(out, q)
		}
	}

	return out
}

// splitHoldOut moves a seeded random fraction of qs aside.
func splitHoldOut(qs []embed.QueryRecord, fraction float64, seed uint64) (keep, held []embed.QueryRecord) {
	if fraction <= 0 || len(qs) < 2 {
		return qs, nil
	}

	rng := rand.New(rand.NewPCG(seed, 0x401d))
	for _, i := range rng.Perm(len(qs)) {
		if float64(len(held)) < fraction*float64(len(qs)) {
			held = append(held, qs[i])
		} else {
			keep = append(keep, qs[i])
		}
	}

	return keep, held
}
