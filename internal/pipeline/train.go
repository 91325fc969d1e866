package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
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

	// CheckpointDir is the folder for per-epoch checkpoints; empty turns
	// checkpoints off. A run whose data and settings match a checkpoint
	// there resumes from it, and a finished run removes its checkpoint.
	CheckpointDir string

	// Fresh ignores a matching checkpoint and starts over.
	Fresh bool

	// Pull chooses how attribute edges come out of Neo4j.
	Pull Pull

	// Sample sets the subgraphs that PullSubgraphs reads; nil means every
	// edge of every product in subgraphs of graphdb.DefaultBatchSeeds
	// products. PullTable ignores it.
	Sample *graphdb.SampleOptions
}

// Pull names a way of reading the attribute edges for training.
type Pull string

const (
	// PullTable streams the whole attribute_edges table in one query. On
	// FashionIQ it was measured faster than PullSubgraphs once the
	// server's caches are warm (see docs/benchmarks.md), so it is the
	// default.
	PullTable Pull = ""

	// PullSubgraphs streams sampled subgraphs of every product, pulled
	// ahead of the reader. With every edge kept it reads the same graph
	// as PullTable.
	PullSubgraphs Pull = "subgraphs"
)

// TrainReport describes a finished training job.
type TrainReport struct {
	Version int64
	Result  *embed.Result
	Queries int // training triplets used

	// ResumedAfter is the epoch of the checkpoint the run resumed from; 0
	// for a fresh run.
	ResumedAfter int
}

// TrainingData is the input of a training run: the graph with its
// vocabulary, the training triplets and the held-out validation sets.
type TrainingData struct {
	Corpus     *embed.Corpus
	Triplets   []embed.Triplet
	Validation []embed.EvalSet
}

// Train reads the graph, trains on every query of the train split that
// has a target, stores the model as a new version and writes product,
// attribute and word vectors back to Neo4j.
func Train(ctx context.Context, logger *slog.Logger, client *graphdb.Client, opts TrainOptions) (*TrainReport, error) {
	src, err := trainingSource(client, opts)
	if err != nil {
		return nil, err
	}

	data, err := ReadTrainingData(ctx, logger, src, opts)
	if err != nil {
		return nil, err
	}

	rep, err := Fit(ctx, logger, data, opts)
	if err != nil {
		return nil, err
	}

	if rep.Version, err = saveModel(ctx, logger, client, data.Corpus, rep.Result, opts.Config); err != nil {
		return nil, err
	}

	removeCheckpoint(logger, opts, data)

	return rep, nil
}

// trainingSource returns the table source that opts.Pull names.
func trainingSource(client *graphdb.Client, opts TrainOptions) (embed.TableSource, error) {
	switch opts.Pull {
	case PullTable:
		return client, nil
	case PullSubgraphs:
		sample := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: graphdb.AllEdges}}}
		if opts.Sample != nil {
			sample = *opts.Sample
		}

		return SampledSource(client, sample), nil
	default:
		return nil, fmt.Errorf("train: unknown pull %q; use %q or %q", opts.Pull, PullSubgraphs, PullTable)
	}
}

// ReadTrainingData reads the graph from src (Neo4j or Arrow IPC files)
// and splits the train-split queries into training triplets and held-out
// validation sets, one per category.
func ReadTrainingData(ctx context.Context, logger *slog.Logger, src embed.TableSource, opts TrainOptions) (*TrainingData, error) {
	logger.Info("reading graph for training")
	start := time.Now()

	corpus, err := embed.ReadCorpus(ctx, src, embed.NewBuilder(nil))
	if err != nil {
		return nil, fmt.Errorf("read graph: %w", err)
	}

	train, held := splitHoldOut(queriesOfSplit(corpus.Queries, "train"), opts.HoldOut, opts.Config.Seed)
	if len(train) == 0 {
		return nil, fmt.Errorf("train: the graph has no train-split queries with a target; load a dataset first (tailor load fashioniq)")
	}

	data := &TrainingData{
		Corpus:     corpus,
		Triplets:   groupedTriplets(corpus, train, true),
		Validation: evalSets(corpus, held, "train", false),
	}

	g := corpus.Builder.Graph()
	logger.Info("graph read", "products", len(g.Products), "attributes", len(g.Attributes), "words", len(g.Words),
		"triplets", len(data.Triplets), "held_out", len(held), "duration", time.Since(start).Round(time.Millisecond))

	return data, nil
}

// groupedTriplets converts queries into triplets whose Group numbers the
// query's category in sorted order of category names.
func groupedTriplets(c *embed.Corpus, qs []embed.QueryRecord, grow bool) []embed.Triplet {
	var names []string
	index := map[string]int32{}

	for _, q := range qs {
		if _, ok := index[q.Category]; !ok {
			index[q.Category] = 0
			names = append(names, q.Category)
		}
	}

	sort.Strings(names)
	for i, n := range names {
		index[n] = int32(i)
	}

	var out []embed.Triplet
	for _, q := range qs {
		ts := c.Triplets([]embed.QueryRecord{q}, grow)
		for _, t := range ts {
			t.Group = index[q.Category]
			out = append(out, t)
		}
	}

	return out
}

// Fit trains a model on data, saving a checkpoint after every epoch when
// opts.CheckpointDir is set and resuming from a matching one.
func Fit(ctx context.Context, logger *slog.Logger, data *TrainingData, opts TrainOptions) (*TrainReport, error) {
	g := data.Corpus.Builder.Graph()
	run := embed.RunOptions{}
	rep := &TrainReport{Queries: len(data.Triplets)}

	if opts.CheckpointDir != "" {
		path := checkpointPath(opts, data)

		ck, err := findCheckpoint(logger, path, opts.Fresh)
		if err != nil {
			return nil, err
		}

		if ck != nil {
			run.Resume, rep.ResumedAfter = ck, ck.Epoch
		}

		run.Save = func(ctx context.Context, ck *embed.Checkpoint) error {
			return embed.SaveCheckpoint(path, ck)
		}
	}

	res, err := embed.TrainWith(ctx, logger, g, data.Triplets, data.Validation, opts.Config, run)
	if err != nil {
		return nil, err
	}

	rep.Result = res

	return rep, nil
}

// checkpointPath names the checkpoint file after the run's fingerprint, so
// that only a run on the same data with the same settings finds it.
func checkpointPath(opts TrainOptions, data *TrainingData) string {
	fp := embed.Fingerprint(data.Corpus.Builder.Graph(), data.Triplets, opts.Config)
	return filepath.Join(opts.CheckpointDir, "train-"+fp+".ckpt")
}

// findCheckpoint returns the checkpoint at path, or nil when there is
// none or fresh is set.
func findCheckpoint(logger *slog.Logger, path string, fresh bool) (*embed.Checkpoint, error) {
	if fresh {
		return nil, nil
	}

	ck, err := embed.LoadCheckpoint(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("%w (start over with --fresh, or delete the file)", err)
	}

	logger.Info("resuming from checkpoint", "path", path, "epoch", ck.Epoch)

	return ck, nil
}

func removeCheckpoint(logger *slog.Logger, opts TrainOptions, data *TrainingData) {
	if opts.CheckpointDir == "" {
		return
	}

	path := checkpointPath(opts, data)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		logger.Warn("could not remove the finished run's checkpoint", "path", path, "err", err)
	}
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
