// Command trainexp trains one model configuration on a copy of the graph
// and prints its held-out score, timing and, on request, its FashionIQ
// val recall. It reads Arrow IPC tables that "trainexp -dump" wrote from
// Neo4j, so that repeated runs skip the database. It writes nothing back
// to Neo4j.
//
//	NEO4J_URI=bolt://127.0.0.1:7693 go run ./bench/trainexp -dump /tmp/tables
//	go run ./bench/trainexp -tables /tmp/tables -config '{"Dim":128}'
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

func main() {
	dump := flag.String("dump", "", "write the graph's tables from NEO4J_URI into this folder and exit")
	tables := flag.String("tables", "", "folder of Arrow IPC tables to train from")
	exported := flag.Bool("exported", false, "read -tables as the Arrow files of \"tailor export\" instead of -dump's")
	config := flag.String("config", "", "JSON object of embed.Config fields that override the defaults")
	holdOut := flag.Float64("holdout", 0.05, "fraction of training queries held out for early stopping")
	val := flag.Bool("val", false, "also report FashionIQ val recall (do this once per final setting)")
	diagnose := flag.Bool("diagnose", false, "also split held-out recall by whether the target has attributes")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	export := flag.String("export", "", "write the training data as JSON for bench/torch/reference.py to this file and exit")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	var src embed.TableSource = embed.IPCTables{Dir: *tables}
	if *exported {
		src = embed.ExportTables{Dir: *tables}
	}

	if err := run(ctx, logger, *dump, src, *config, *holdOut, *val, *diagnose, *cpuProfile, *export); err != nil {
		fmt.Fprintln(os.Stderr, "trainexp:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, logger *slog.Logger, dump string, src embed.TableSource, config string, holdOut float64, val, diagnose bool, cpuProfile, export string) error {
	if dump != "" {
		client, err := graphdb.Open(ctx, graphdb.Config{URI: os.Getenv("NEO4J_URI")}, logger)
		if err != nil {
			return err
		}
		defer client.Close(ctx)

		return embed.WriteIPCTables(ctx, client, dump, embed.CorpusTables)
	}

	cfg := embed.DefaultConfig()
	if config != "" {
		if err := json.Unmarshal([]byte(config), &cfg); err != nil {
			return fmt.Errorf("parse -config: %w", err)
		}
	}

	opts := pipeline.TrainOptions{Config: cfg, HoldOut: holdOut}

	data, err := pipeline.ReadTrainingData(ctx, logger, src, opts)
	if err != nil {
		return err
	}

	if export != "" {
		return exportJSON(export, data)
	}

	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}

		_ = pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}

	rep, err := pipeline.Fit(ctx, logger, data, opts)
	if err != nil {
		return err
	}

	res := rep.Result
	best := res.History[res.BestEpoch-1]

	var epochTime time.Duration
	triplets, edges := 0, 0
	for _, h := range res.History {
		epochTime += h.Duration
		triplets += h.Triplets
		edges += h.Edges
	}

	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)

	out := map[string]any{
		"config": cfg, "best_epoch": res.BestEpoch, "epochs": len(res.History), "held_out": best.Validation,
		"seconds": res.Duration.Seconds(), "epoch_seconds": epochTime.Seconds() / float64(len(res.History)),
		"triplets_per_second": float64(triplets) / epochTime.Seconds(), "edges_per_second": float64(edges) / epochTime.Seconds(),
		"gomaxprocs": runtime.GOMAXPROCS(0), "peak_rss_mib": float64(usage.Maxrss) / 1024,
	}

	if diagnose {
		out["diagnosis"] = diagnoseHeldOut(res.Model, data.Validation)
	}

	if val {
		cfgJSON, _ := json.Marshal(cfg)
		l := &pipeline.Loaded{Model: res.Model, Corpus: data.Corpus, Record: graphdb.ModelRecord{Config: string(cfgJSON)}}
		opts := pipeline.EvalOptions{Dataset: "fashioniq", Split: "val", Seed: 1, Interactions: true, HoldOut: holdOut, HideFraction: -1}

		ev, err := pipeline.EvaluateFrom(ctx, logger, src, l, opts)
		if err != nil {
			return err
		}

		out["val"] = ev
	}

	b, _ := json.Marshal(out)
	fmt.Println(string(b))

	return nil
}

// diagnoseHeldOut splits held-out recall by whether the target has
// attributes, and reports how often the block of products without
// attributes (which share one vector) ranks inside the top 10 and 50.
func diagnoseHeldOut(m *embed.Model, sets []embed.EvalSet) map[string]float64 {
	var tagged, untagged, block []int

	for _, set := range sets {
		ranks := m.TargetRanks(set, 1)

		var bare int32 = -1
		for _, p := range set.Gallery {
			if len(m.G.ProductAttributes[p]) == 0 {
				bare = p
				break
			}
		}

		probe := set
		probe.Queries = append([]embed.Triplet(nil), set.Queries...)
		for i := range probe.Queries {
			probe.Queries[i].Target = bare
		}

		blockRanks := m.TargetRanks(probe, 1)
		for i, q := range set.Queries {
			if len(m.G.ProductAttributes[q.Target]) > 0 {
				tagged = append(tagged, ranks[i])
				block = append(block, blockRanks[i])
			} else {
				untagged = append(untagged, ranks[i])
			}
		}
	}

	return map[string]float64{
		"tagged_share":       float64(len(tagged)) / float64(len(tagged)+len(untagged)),
		"tagged_recall@10":   embed.RecallAt(tagged, 10),
		"tagged_recall@50":   embed.RecallAt(tagged, 50),
		"untagged_recall@50": embed.RecallAt(untagged, 50),
		"block_in_top50":     embed.RecallAt(block, 50),
		"block_in_top500":    embed.RecallAt(block, 500),
	}
}

// exportJSON writes the graph, the training triplets and the held-out
// sets, with the indices that the Go trainer uses.
func exportJSON(path string, data *pipeline.TrainingData) error {
	g := data.Corpus.Builder.Graph()

	attrs := make([][]any, len(g.Attributes))
	for i, a := range g.Attributes {
		attrs[i] = []any{a.Kind, nonNil(a.Words)}
	}

	products := make([][]int32, len(g.ProductAttributes))
	for i, as := range g.ProductAttributes {
		products[i] = nonNil(as)
	}

	triplets := func(ts []embed.Triplet) [][]any {
		out := make([][]any, len(ts))
		for i, t := range ts {
			out[i] = []any{t.Candidate, t.Target, nonNil(t.Words), t.Group}
		}

		return out
	}

	var held []map[string]any
	for _, set := range data.Validation {
		held = append(held, map[string]any{"name": set.Name, "gallery": set.Gallery, "queries": triplets(set.Queries)})
	}

	b, err := json.Marshal(map[string]any{
		"kinds": len(g.Kinds), "words": len(g.Words), "word_text": g.Words, "attributes": attrs, "product_attributes": products,
		"train": triplets(data.Triplets), "held_out": held,
	})
	if err != nil {
		return err
	}

	return os.WriteFile(path, b, 0o644)
}

func nonNil(xs []int32) []int32 {
	if xs == nil {
		return []int32{}
	}

	return xs
}
