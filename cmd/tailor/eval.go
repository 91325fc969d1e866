package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tailorsearch/tailor/internal/pipeline"
)

func runEval(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("eval", "[options]")
	dataset := fs.String("dataset", "fashioniq", "dataset whose queries to rank: fashioniq or fashion200k")
	split := fs.String("split", "", "split to evaluate (default: val for fashioniq, test for fashion200k)")
	version := fs.Int64("model", 0, "model version to evaluate (0: the newest)")
	seed := fs.Uint64("seed", 1, "seed for tie-breaking, the ablations' training and the simulations")
	asJSON := fs.Bool("json", false, "print one JSON object instead of a table")
	baselines := fs.String("baselines", strings.Join(pipeline.DefaultBaselines, ","),
		"comma-separated baselines to measure, or none; the ablations (no_graph, no_link_loss, no_compositional_loss) train a model each")
	interactions := fs.Bool("interactions", true, "simulate \"more metadata\" and \"I like that\" and report recall before and after")
	hide := fs.Float64("hide-attributes", -1, "share of gallery attributes hidden, in [0, 1): for fashion200k the setting to evaluate, which the graph must have been loaded with (default: the loaded one); for fashioniq the share that the \"more metadata\" simulation hides (default 0.3)")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	opts, err := evalOptions(*dataset, *split, *baselines)
	if err != nil {
		return err
	}

	opts.Version, opts.Seed, opts.Interactions, opts.HideFraction = *version, *seed, *interactions, *hide
	if *hide >= 1 {
		return fmt.Errorf("%w: --hide-attributes %g is not below 1", errUsage, *hide)
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	rep, err := pipeline.Evaluate(ctx, a.logger, client, opts)
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

// evalOptions checks the dataset and baseline names and fills the
// dataset's default split and cut-offs.
func evalOptions(dataset, split, baselines string) (pipeline.EvalOptions, error) {
	opts := pipeline.EvalOptions{Dataset: dataset, Split: split, Baselines: []string{}}

	switch dataset {
	case "fashioniq":
		opts.Ks = []int{10, 50}
		if opts.Split == "" {
			opts.Split = "val"
		}
	case "fashion200k":
		opts.Ks = []int{1, 10, 50}
		if opts.Split == "" {
			opts.Split = "test"
		}
	default:
		return opts, fmt.Errorf("%w: unknown dataset %q; use fashioniq or fashion200k", errUsage, dataset)
	}

	if baselines == "none" {
		return opts, nil
	}

	for _, name := range splitList(baselines) {
		found := false
		for _, known := range pipeline.DefaultBaselines {
			found = found || known == name
		}

		if !found {
			return opts, fmt.Errorf("%w: unknown baseline %q; the baselines are %s", errUsage, name, strings.Join(pipeline.DefaultBaselines, ", "))
		}

		opts.Baselines = append(opts.Baselines, name)
	}

	return opts, nil
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

// printEvalTable prints one row per method with Recall@K per category and
// on average, then the interaction simulations.
func printEvalTable(w io.Writer, rep *pipeline.EvalReport) {
	cats := sortedKeys(rep.Categories)
	ks := recallKeys(rep.Average)

	fmt.Fprintf(w, "%s %s, model version %d (recall in percent)\n", rep.Dataset, rep.Split, rep.ModelVersion)

	fmt.Fprintf(w, "%-24s", "method")
	for _, c := range append(cats, "average") {
		queries := ""
		if n, ok := rep.Queries[c]; ok {
			queries = fmt.Sprintf(" (%d)", n)
		}

		fmt.Fprintf(w, " | %-*s", 7*len(ks)-1, c+queries)
	}

	fmt.Fprintln(w)

	fmt.Fprintf(w, "%-24s", "")
	for range len(cats) + 1 {
		fmt.Fprint(w, " |")
		for _, k := range ks {
			fmt.Fprintf(w, " %6s", strings.Replace(k, "recall", "R", 1))
		}
	}

	fmt.Fprintln(w)

	printMethodRow(w, "tailor", cats, ks, rep.Categories, rep.Average)

	names := sortedKeys(rep.Baselines)
	for _, n := range names {
		b := rep.Baselines[n]
		printMethodRow(w, n, cats, ks, b.Categories, b.Average)
	}

	for _, n := range names {
		if b := rep.Baselines[n]; b.Published {
			fmt.Fprintf(w, "%s: %s\n", n, b.Description)
		}
	}

	if len(rep.Interactions) > 0 {
		fmt.Fprintln(w, "\ninteractions, average recall before -> after, without retraining")
		for _, n := range sortedKeys(rep.Interactions) {
			in := rep.Interactions[n]
			fmt.Fprintf(w, "%-16s %6d edges", n, in.Edges)
			for _, k := range ks {
				fmt.Fprintf(w, "   %s %6.2f -> %6.2f", strings.Replace(k, "recall", "R", 1), in.Before[k], in.After[k])
			}

			fmt.Fprintf(w, "\n  %s\n", in.Description)
		}
	}
}

func printMethodRow(w io.Writer, name string, cats, ks []string, byCat map[string]pipeline.Recalls, avg pipeline.Recalls) {
	fmt.Fprintf(w, "%-24s", name)

	for _, c := range cats {
		fmt.Fprint(w, " |")
		for _, k := range ks {
			if r, ok := byCat[c][k]; ok {
				fmt.Fprintf(w, " %6.2f", r)
			} else {
				fmt.Fprintf(w, " %6s", "-")
			}
		}
	}

	fmt.Fprint(w, " |")
	for _, k := range ks {
		fmt.Fprintf(w, " %6.2f", avg[k])
	}

	fmt.Fprintln(w)
}

// recallKeys returns the "recall@K" keys ordered by K.
func recallKeys(r pipeline.Recalls) []string {
	keys := sortedKeys(r)
	sort.Slice(keys, func(i, j int) bool {
		var a, b int
		fmt.Sscanf(keys[i], "recall@%d", &a)
		fmt.Sscanf(keys[j], "recall@%d", &b)

		return a < b
	})

	return keys
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}

	sort.Strings(out)

	return out
}
