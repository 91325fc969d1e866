// Command vectorindex compares the retrieval engine's exact in-memory
// ranking with Neo4j's vector index (db.index.vector.queryNodes, HNSW,
// filtered after the lookup) on the same composed queries: latency per
// query and recall of the exact top k.
//
//	NEO4J_URI=bolt://127.0.0.1:7687 go run ./bench/vectorindex -queries 200
//
// It reads the newest model and the graph, and writes nothing.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/pipeline"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

func main() {
	queries := flag.Int("queries", 200, "number of validation queries to run")
	k := flag.Int("k", 10, "results per query")
	category := flag.String("category", "dress", "category filter applied to both methods")
	flag.Parse()

	if err := run(context.Background(), *queries, *k, *category); err != nil {
		fmt.Fprintln(os.Stderr, "vectorindex:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, n, k int, category string) error {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	uri := os.Getenv("NEO4J_URI")

	client, err := graphdb.Open(ctx, graphdb.Config{URI: uri}, logger)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	loaded, err := pipeline.LoadModel(ctx, client, 0)
	if err != nil {
		return err
	}

	engine := retrieval.NewEngine(client, logger)
	if err := engine.SetLoaded(ctx, loaded); err != nil {
		return err
	}

	var reqs []retrieval.Request
	for _, q := range loaded.Corpus.Queries {
		if q.Split == "val" && q.Category == category && len(reqs) < n {
			reqs = append(reqs, retrieval.Request{Candidate: q.Candidate, Modification: q.Text, K: k, Filter: retrieval.Filter{Category: category}})
		}
	}

	fmt.Printf("%d %s validation queries, k=%d, filter category=%s\n\n", len(reqs), category, k, category)
	fmt.Println("| method | candidates from index | mean ms/query | recall of exact top k by id | recall by score |")
	fmt.Println("|---|---|---|---|---|")

	exact, exactTime, err := runExact(ctx, engine, reqs)
	if err != nil {
		return err
	}

	fmt.Printf("| in-memory exact | all | %.2f | 100.0 | 100.0 |\n", ms(exactTime)/float64(len(reqs)))

	scores, err := exactScores(ctx, engine, reqs)
	if err != nil {
		return err
	}

	for _, over := range []int{k * 10, k * 100} {
		got, took, err := runIndex(ctx, client, engine, reqs, over, k, category)
		if err != nil {
			return err
		}

		fmt.Printf("| Neo4j vector index | %d | %.2f | %.1f | %.1f |\n", over, ms(took)/float64(len(reqs)),
			overlap(exact, got, k), scoreRecall(exact, got, scores, k))
	}

	return nil
}

// exactScores returns, per query, the exact cosine of its top 1000 products.
func exactScores(ctx context.Context, engine *retrieval.Engine, reqs []retrieval.Request) ([]map[string]float64, error) {
	out := make([]map[string]float64, len(reqs))
	for i, r := range reqs {
		r.K, r.Explain = 1000, false

		resp, err := engine.Search(ctx, r)
		if err != nil {
			return nil, err
		}

		out[i] = map[string]float64{}
		for _, res := range resp.Results {
			out[i][res.Product.ID] = res.Score
		}
	}

	return out, nil
}

// scoreRecall counts an index result as a hit when its exact score is at
// least the exact k-th score: products with identical vectors (the same
// attributes) tie, and either of them is correct.
func scoreRecall(exact, got [][]string, scores []map[string]float64, k int) float64 {
	var sum float64
	for i := range exact {
		if len(exact[i]) == 0 {
			continue
		}

		kth := scores[i][exact[i][len(exact[i])-1]]
		hits := 0
		for _, id := range got[i] {
			if s, ok := scores[i][id]; ok && s >= kth-1e-9 {
				hits++
			}
		}

		sum += 100 * float64(min(hits, k)) / float64(k)
	}

	return sum / float64(len(exact))
}

func runExact(ctx context.Context, engine *retrieval.Engine, reqs []retrieval.Request) ([][]string, time.Duration, error) {
	// Warm the filter cache so that both methods are timed on ranking alone.
	if _, err := engine.Search(ctx, reqs[0]); err != nil {
		return nil, 0, err
	}

	out := make([][]string, len(reqs))
	start := time.Now()

	for i, r := range reqs {
		resp, err := engine.Search(ctx, r)
		if err != nil {
			return nil, 0, err
		}

		for _, res := range resp.Results {
			out[i] = append(out[i], res.Product.ID)
		}
	}

	return out, time.Since(start), nil
}

func runIndex(ctx context.Context, client *graphdb.Client, engine *retrieval.Engine, reqs []retrieval.Request, candidates, k int, category string) ([][]string, time.Duration, error) {
	query := cypher.MustStatement("vector_query")
	out := make([][]string, len(reqs))

	var total time.Duration
	for i, r := range reqs {
		vec, err := engine.QueryVector(r.Candidate, r.Modification)
		if err != nil {
			return nil, 0, err
		}

		start := time.Now()
		recs, err := client.Read(ctx, query, map[string]any{"candidates": candidates, "vector": vec, "category": category, "k": k + 1})
		total += time.Since(start)

		if err != nil {
			return nil, 0, err
		}

		for _, rec := range recs {
			if id := rec["id"].(string); id != r.Candidate && len(out[i]) < k {
				out[i] = append(out[i], id)
			}
		}
	}

	return out, total, nil
}

// overlap returns the mean percentage of each exact top k that got holds.
func overlap(exact, got [][]string, k int) float64 {
	var sum float64
	for i := range exact {
		hits := 0
		for _, id := range exact[i] {
			if slices.Contains(got[i], id) {
				hits++
			}
		}

		sum += 100 * float64(hits) / float64(k)
	}

	return sum / float64(len(exact))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
