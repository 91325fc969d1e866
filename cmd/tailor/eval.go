package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/tailorsearch/tailor/internal/pipeline"
)

func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("eval", "[options]")
	dataset := fs.String("dataset", "fashioniq", "dataset whose queries to rank: fashioniq")
	split := fs.String("split", "val", "split to evaluate; FashionIQ publishes targets for train and val only")
	version := fs.Int64("model", 0, "model version to evaluate (0: the newest)")
	seed := fs.Uint64("seed", 1, "seed for breaking ties between equal scores")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	rep, err := pipeline.Evaluate(ctx, a.logger, client, pipeline.EvalOptions{Dataset: *dataset, Split: *split, Version: *version, Seed: *seed})
	if err != nil {
		return err
	}

	if err := storeMetrics(ctx, client, rep); err != nil {
		a.logger.Warn("could not store metrics on the model", "err", err)
	}

	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")

		return enc.Encode(rep)
	}

	printEvalTable(a.stdout, rep)

	return nil
}

// storeMetrics records the evaluation on the model node.
func storeMetrics(ctx context.Context, client interface {
	SetModelMetrics(context.Context, int64, string) error
}, rep *pipeline.EvalReport) error {
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}

	return client.SetModelMetrics(ctx, rep.ModelVersion, string(b))
}

// printEvalTable prints Recall@10 and @50 per category for Tailor and
// each baseline side by side.
func printEvalTable(w io.Writer, rep *pipeline.EvalReport) {
	cats := make([]string, 0, len(rep.Categories))
	for c := range rep.Categories {
		cats = append(cats, c)
	}

	sort.Strings(cats)

	names := make([]string, 0, len(rep.Baselines))
	for n := range rep.Baselines {
		names = append(names, n)
	}

	sort.Strings(names)

	fmt.Fprintf(w, "%s %s, model version %d (recall in percent)\n", rep.Dataset, rep.Split, rep.ModelVersion)
	fmt.Fprintf(w, "%-10s %8s %8s %8s", "category", "queries", "R@10", "R@50")
	for _, n := range names {
		fmt.Fprintf(w, "   %s R@10  R@50", n)
	}

	fmt.Fprintln(w)

	row := func(name string, queries string, r pipeline.Recalls, base func(pipeline.Baseline) pipeline.Recalls) {
		fmt.Fprintf(w, "%-10s %8s %8.2f %8.2f", name, queries, r["recall@10"], r["recall@50"])
		for _, n := range names {
			b := base(rep.Baselines[n])
			fmt.Fprintf(w, "   %*.2f %5.2f", len(n)+5, b["recall@10"], b["recall@50"])
		}

		fmt.Fprintln(w)
	}

	total := 0
	for _, c := range cats {
		total += rep.Queries[c]
		row(c, fmt.Sprint(rep.Queries[c]), rep.Categories[c], func(b pipeline.Baseline) pipeline.Recalls { return b.Categories[c] })
	}

	row("average", fmt.Sprint(total), rep.Average, func(b pipeline.Baseline) pipeline.Recalls { return b.Average })
}
