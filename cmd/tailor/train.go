package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

// trainFlags registers the model and optimisation options on fs.
func trainFlags(fs *flag.FlagSet) (*embed.Config, *float64) {
	cfg := embed.DefaultConfig()

	fs.IntVar(&cfg.Dim, "dim", cfg.Dim, "embedding dimension")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "maximum number of passes over the training queries")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed; the same seed and data give the same model")
	fs.IntVar(&cfg.BatchSize, "batch-size", cfg.BatchSize, "training queries per optimisation step")
	fs.Float64Var(&cfg.LearningRate, "lr", cfg.LearningRate, "Adam learning rate")
	fs.Float64Var(&cfg.CompositionalWeight, "compositional-weight", cfg.CompositionalWeight, "weight of the compositional loss (0 turns it off)")
	fs.Float64Var(&cfg.LinkWeight, "link-weight", cfg.LinkWeight, "weight of the link-prediction loss (0 turns it off)")
	fs.IntVar(&cfg.Negatives, "negatives", cfg.Negatives, "extra sampled negative products per step")
	fs.Float64Var(&cfg.Temperature, "temperature", cfg.Temperature, "softmax temperature of the compositional loss")
	fs.BoolVar(&cfg.GroupBatches, "group-batches", cfg.GroupBatches, "fill each step with queries of one category and draw its negatives from that category")
	fs.BoolVar(&cfg.CandidateNegatives, "candidate-negatives", cfg.CandidateNegatives, "score each step's candidates as negatives")
	fs.IntVar(&cfg.Patience, "patience", cfg.Patience, "epochs without gain on held-out queries before stopping (0: run every epoch)")
	fs.IntVar(&cfg.Workers, "workers", cfg.Workers, "goroutines for the encoder and optimiser (0: one per CPU); results do not depend on it")

	holdOut := fs.Float64("holdout", 0.05, "fraction of training queries held out to choose the stopping epoch")

	return &cfg, holdOut
}

func runTrain(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("train", "[options]")
	cfg, holdOut := trainFlags(fs)
	checkpoints := fs.String("checkpoint-dir", filepath.Join(stateDir(), "checkpoints"),
		"folder for per-epoch checkpoints; a run with the same data and settings resumes from its checkpoint (empty: none)")
	fresh := fs.Bool("fresh", false, "ignore a matching checkpoint and start over")
	pull := fs.String("pull", "table", "how to read attribute edges: table (the whole edge list in one query) or subgraphs (sampled subgraphs of every product, pulled ahead)")
	fanOut := fs.Int("fanout", 0, "with --pull subgraphs: attribute edges sampled per product (0: every edge, the same graph as --pull table)")
	seedsPerSubgraph := fs.Int("subgraph-seeds", graphdb.DefaultBatchSeeds, "with --pull subgraphs: products per sampled subgraph")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	opts := pipeline.TrainOptions{Config: *cfg, HoldOut: *holdOut, CheckpointDir: *checkpoints, Fresh: *fresh}

	switch *pull {
	case "table":
		opts.Pull = pipeline.PullTable
	case "subgraphs":
		fan := *fanOut
		if fan <= 0 {
			fan = graphdb.AllEdges
		}

		opts.Pull = pipeline.PullSubgraphs
		opts.Sample = &graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: fan}}, BatchSeeds: *seedsPerSubgraph, Salt: int64(cfg.Seed)}
	default:
		return fmt.Errorf("%w: invalid --pull %q: use subgraphs or table", errUsage, *pull)
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	rep, err := pipeline.Train(ctx, a.logger, client, opts)
	if err != nil {
		return err
	}

	printTrainReport(a, rep)

	return nil
}

// printTrainReport prints the version, the stopping epoch and the
// training throughput.
func printTrainReport(a *app, rep *pipeline.TrainReport) {
	res := rep.Result

	var epochs time.Duration
	triplets, edges := 0, 0
	for _, h := range res.History[rep.ResumedAfter:] {
		epochs += h.Duration
		triplets += h.Triplets
		edges += h.Edges
	}

	fmt.Fprintf(a.stdout, "trained model version %d on %d queries: %d epochs (best %d) in %.1fs\n",
		rep.Version, rep.Queries, len(res.History), res.BestEpoch, res.Duration.Seconds())

	if rep.ResumedAfter > 0 {
		fmt.Fprintf(a.stdout, "resumed after epoch %d from a checkpoint\n", rep.ResumedAfter)
	}

	if n := len(res.History) - rep.ResumedAfter; n > 0 && epochs > 0 {
		fmt.Fprintf(a.stdout, "%.2fs per epoch, %.0f triplets and %.0f edges per second\n",
			epochs.Seconds()/float64(n), float64(triplets)/epochs.Seconds(), float64(edges)/epochs.Seconds())
	}
}
