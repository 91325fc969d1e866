package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

// trainFlags registers the training options on fs.
func trainFlags(fs *flag.FlagSet) (*embed.Config, *float64) {
	cfg := embed.DefaultConfig()

	fs.IntVar(&cfg.Dim, "dim", cfg.Dim, "embedding dimension")
	fs.IntVar(&cfg.Epochs, "epochs", cfg.Epochs, "maximum number of passes over the training queries")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed; the same seed and data give the same model")
	fs.IntVar(&cfg.BatchSize, "batch-size", cfg.BatchSize, "training queries per optimisation step")
	fs.Float64Var(&cfg.LearningRate, "lr", cfg.LearningRate, "Adam learning rate")
	fs.Float64Var(&cfg.LinkWeight, "link-weight", cfg.LinkWeight, "weight of the link-prediction loss (0 turns it off)")
	fs.IntVar(&cfg.Patience, "patience", cfg.Patience, "epochs without gain on held-out queries before stopping (0: run every epoch)")

	holdOut := fs.Float64("holdout", 0.05, "fraction of training queries held out to choose the stopping epoch")

	return &cfg, holdOut
}

func runTrain(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("train", "[options]")
	cfg, holdOut := trainFlags(fs)

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	rep, err := pipeline.Train(ctx, a.logger, client, pipeline.TrainOptions{Config: *cfg, HoldOut: *holdOut})
	if err != nil {
		return err
	}

	fmt.Fprintf(a.stdout, "trained model version %d on %d queries: %d epochs (best %d) in %.1fs\n",
		rep.Version, rep.Queries, len(rep.Result.History), rep.Result.BestEpoch, rep.Result.Duration.Seconds())

	return nil
}
