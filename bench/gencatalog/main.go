// Command gencatalog writes a synthetic retailer catalog for load
// benchmarks: n products, each with one attribute of every kind, as
// JSON Lines (the format of "tailor load catalog") or CSV with attr.KIND
// columns (readable by LOAD CSV too). The output depends only on the
// flags.
//
//	go run ./bench/gencatalog -n 1000000 -out /tmp/catalog-1m.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// categories are the product categories, assigned round-robin.
var categories = []string{"dress", "top", "skirt", "pants", "jacket"}

type config struct {
	n, kinds, values, dim int
	seed                  uint64
	format, out           string
}

func main() {
	var cfg config

	flag.IntVar(&cfg.n, "n", 1000, "number of products")
	flag.IntVar(&cfg.kinds, "kinds", 10, "attribute kinds; every product has one attribute of each")
	flag.IntVar(&cfg.values, "values", 50, "distinct values per attribute kind")
	flag.IntVar(&cfg.dim, "dim", 0, "length of the image embedding of each product; 0 writes none")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed of the attribute values")
	flag.StringVar(&cfg.format, "format", "jsonl", "output format: jsonl or csv")
	flag.StringVar(&cfg.out, "out", "", "output file (required)")
	flag.Parse()

	if err := run(cfg); err != nil {
		log.Fatal(err)
	}
}

func run(cfg config) error {
	if cfg.out == "" || cfg.n < 1 || cfg.kinds < 1 || cfg.values < 1 || cfg.dim < 0 {
		return fmt.Errorf("invalid flags %+v: -out is required and the counts must be positive", cfg)
	}

	if cfg.format != "jsonl" && cfg.format != "csv" {
		return fmt.Errorf("unknown -format %q; use jsonl or csv", cfg.format)
	}

	f, err := os.Create(cfg.out)
	if err != nil {
		return err
	}
	defer f.Close()

	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(cfg.seed, 2))

	if cfg.format == "csv" {
		writeHeader(w, cfg)
	}

	for i := range cfg.n {
		if err := writeProduct(w, cfg, rng, i); err != nil {
			return err
		}
	}

	if err := w.Flush(); err != nil {
		return err
	}

	return f.Close()
}

func writeHeader(w *bufio.Writer, cfg config) {
	cols := []string{"id", "category", "title"}
	for k := range cfg.kinds {
		cols = append(cols, fmt.Sprintf("attr.k%d", k))
	}

	if cfg.dim > 0 {
		cols = append(cols, "image_embedding")
	}

	w.WriteString(strings.Join(cols, ",") + "\n")
}

func writeProduct(w *bufio.Writer, cfg config, rng *rand.Rand, i int) error {
	id := fmt.Sprintf("gen-%07d", i)
	category := categories[i%len(categories)]

	values := make([]string, cfg.kinds)
	for k := range values {
		values[k] = fmt.Sprintf("v%d", rng.IntN(cfg.values))
	}

	vec := make([]float64, cfg.dim)
	for d := range vec {
		vec[d] = rng.NormFloat64()
	}

	if cfg.format == "csv" {
		cells := append([]string{id, category, "Product " + id}, values...)
		if cfg.dim > 0 {
			parts := make([]string, len(vec))
			for d, x := range vec {
				parts[d] = strconv.FormatFloat(x, 'g', 6, 64)
			}

			cells = append(cells, strings.Join(parts, " "))
		}

		_, err := w.WriteString(strings.Join(cells, ",") + "\n")

		return err
	}

	rec := map[string]any{"id": id, "category": category, "title": "Product " + id}

	attrs := make([]map[string]string, cfg.kinds)
	for k, v := range values {
		attrs[k] = map[string]string{"kind": fmt.Sprintf("k%d", k), "value": v}
	}

	rec["attributes"] = attrs
	if cfg.dim > 0 {
		rec["image_embedding"] = vec
	}

	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}

	w.Write(b)

	return w.WriteByte('\n')
}
