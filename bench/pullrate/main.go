// Command pullrate measures how fast the trainer's edges come out of
// Neo4j: the whole attribute_edges table in one streamed query, against
// sampled subgraphs of every product in batches of seeds. It only reads.
//
//	NEO4J_URI=bolt://127.0.0.1:7693 go run ./bench/pullrate -fanout 0,4 -batch 512,2048
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

func main() {
	fanouts := flag.String("fanout", "0", "comma-separated attribute fan-outs per product to measure; 0 keeps every edge")
	batches := flag.String("batch", "512", "comma-separated seed products per subgraph to measure")
	rounds := flag.Int("rounds", 1, "measure every design this many times, alternating, to average out other load on the machine")
	verify := flag.Int("verify", 0, "instead of measuring, check that sampled subgraphs with every edge and this many seeds per subgraph give the trainer the same graph as the whole edge list")
	flag.Parse()

	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))

	if *verify > 0 {
		if err := verifySameGraph(ctx, logger, *verify); err != nil {
			fmt.Fprintln(os.Stderr, "pullrate:", err)
			os.Exit(1)
		}

		return
	}

	if err := run(ctx, logger, ints(*fanouts), ints(*batches), *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "pullrate:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, logger *slog.Logger, fanouts, batches []int, rounds int) error {
	client, err := graphdb.Open(ctx, graphdb.Config{URI: os.Getenv("NEO4J_URI")}, logger)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	ids, err := productIDs(ctx, client)
	if err != nil {
		return err
	}

	for range max(rounds, 1) {
		if err := measure(ctx, client, ids, fanouts, batches); err != nil {
			return err
		}
	}

	return nil
}

// measure pulls the whole edge list once, then every sampled design once.
func measure(ctx context.Context, client *graphdb.Client, ids []string, fanouts, batches []int) error {
	start := time.Now()
	rr, err := client.OpenTable(ctx, "attribute_edges")
	if err != nil {
		return err
	}

	report("whole edge list", countRows(rr), time.Since(start))

	for _, f := range fanouts {
		fan := f
		if fan == 0 {
			fan = graphdb.AllEdges
		}

		for _, b := range batches {
			opts := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: fan}}, BatchSeeds: b}

			start := time.Now()
			rr, err := client.StreamSubgraphs(ctx, ids, opts)
			if err != nil {
				return err
			}

			report(fmt.Sprintf("sampled subgraphs, fan-out %d, %d seeds per subgraph", f, b), countRows(rr), time.Since(start))
		}
	}

	return nil
}

func productIDs(ctx context.Context, client *graphdb.Client) ([]string, error) {
	rr, err := client.OpenTable(ctx, "products")
	if err != nil {
		return nil, err
	}
	defer rr.Release()

	var ids []string
	for rr.Next() {
		col := rr.RecordBatch().Column(0).(*array.String)
		for i := range col.Len() {
			ids = append(ids, col.Value(i))
		}
	}

	return ids, rr.Err()
}

func countRows(rr array.RecordReader) int {
	defer rr.Release()

	n := 0
	for rr.Next() {
		n += int(rr.RecordBatch().NumRows())
	}

	if err := rr.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "pullrate:", err)
		os.Exit(1)
	}

	return n
}

func report(name string, edges int, d time.Duration) {
	b, _ := json.Marshal(map[string]any{
		"load": loadAverage(), "design": name, "edges": edges, "seconds": d.Seconds(), "edges_per_second": float64(edges) / d.Seconds(),
	})
	fmt.Println(string(b))
}

func ints(s string) []int {
	var out []int
	for _, part := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(part)); err == nil {
			out = append(out, n)
		}
	}

	return out
}

// verifySameGraph reads the training data both ways and compares the
// fingerprints of the resulting graphs and triplets.
func verifySameGraph(ctx context.Context, logger *slog.Logger, seeds int) error {
	client, err := graphdb.Open(ctx, graphdb.Config{URI: os.Getenv("NEO4J_URI")}, logger)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	opts := pipeline.TrainOptions{Config: embed.DefaultConfig(), HoldOut: 0.05}
	sample := graphdb.SampleOptions{Hops: []graphdb.FanOut{{Attributes: graphdb.AllEdges}}, BatchSeeds: seeds}

	var prints []string
	for _, src := range []embed.TableSource{client, pipeline.SampledSource(client, sample)} {
		data, err := pipeline.ReadTrainingData(ctx, logger, src, opts)
		if err != nil {
			return err
		}

		prints = append(prints, embed.Fingerprint(data.Corpus.Builder.Graph(), data.Triplets, opts.Config))
	}

	b, _ := json.Marshal(map[string]any{"whole_edge_list": prints[0], "sampled_subgraphs": prints[1], "same": prints[0] == prints[1]})
	fmt.Println(string(b))

	return nil
}

// loadAverage returns the one-minute load average, or "" where
// /proc/loadavg cannot be read.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}

	return strings.Fields(string(b))[0]
}
