// Command neo4jload loads a catalog from gencatalog the plainest ways
// Neo4j offers, as the reference for "tailor load catalog": UNWIND
// batches of CREATE and MERGE sent by one or more concurrent writers
// (mode unwind), or LOAD CSV with CALL { } IN TRANSACTIONS, optionally
// in concurrent transactions (mode loadcsv). Neither validates,
// deduplicates, checkpoints or updates; both only create. It prints the
// rows written (products plus attribute edges) per second.
//
//	go run ./bench/neo4jload -mode unwind -file /tmp/catalog.jsonl -batch 5000 -concurrency 2
//	go run ./bench/neo4jload -mode loadcsv -file /tmp/catalog.csv -batch 10000 -concurrency 2
//
// Mode loadcsv reads the CSV file on the server, by absolute path.
// NEO4J_URI sets the server (default bolt://127.0.0.1:7687).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/tailorsearch/tailor/graphdb"
)

// createStatement is the UNWIND batch of mode unwind.
const createStatement = `UNWIND $rows AS row
CREATE (p:Product {id: row.id})
SET p.title = row.title, p.categories = [row.category], p.source = 'gen'
WITH p, row
UNWIND row.attributes AS attr
MERGE (a:Attribute {kind: attr.kind, value: attr.value})
CREATE (p)-[:HAS_ATTRIBUTE {source: 'dataset'}]->(a)`

// loadCSVStatement is mode loadcsv with one transaction at a time, and
// loadCSVConcurrent with $concurrency transactions at a time.
const loadCSVStatement = `LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  CREATE (p:Product {id: row.id})
  SET p.title = row.title, p.categories = [row.category], p.source = 'gen'
  WITH p, row
  UNWIND [k IN keys(row) WHERE k STARTS WITH 'attr.'] AS key
  MERGE (a:Attribute {kind: substring(key, 5), value: row[key]})
  CREATE (p)-[:HAS_ATTRIBUTE {source: 'dataset'}]->(a)
} IN TRANSACTIONS OF $batch ROWS`

const loadCSVConcurrent = `LOAD CSV WITH HEADERS FROM $url AS row
CALL (row) {
  CREATE (p:Product {id: row.id})
  SET p.title = row.title, p.categories = [row.category], p.source = 'gen'
  WITH p, row
  UNWIND [k IN keys(row) WHERE k STARTS WITH 'attr.'] AS key
  MERGE (a:Attribute {kind: substring(key, 5), value: row[key]})
  CREATE (p)-[:HAS_ATTRIBUTE {source: 'dataset'}]->(a)
} IN $concurrency CONCURRENT TRANSACTIONS OF $batch ROWS`

func main() {
	mode := flag.String("mode", "unwind", "unwind or loadcsv")
	file := flag.String("file", "", "JSON Lines catalog for unwind; absolute path of the CSV catalog, as the server sees it, for loadcsv")
	batch := flag.Int("batch", 5000, "products per transaction")
	concurrency := flag.Int("concurrency", 1, "concurrent writers (unwind) or concurrent transactions (loadcsv)")
	flag.Parse()

	ctx := context.Background()
	uri := os.Getenv("NEO4J_URI")

	client, err := graphdb.Open(ctx, graphdb.Config{URI: uri}, slog.New(slog.DiscardHandler))
	if err != nil {
		log.Fatal(err)
	}
	defer client.Close(ctx)

	if err := client.ApplySchema(ctx); err != nil {
		log.Fatal(err)
	}

	start := time.Now()

	switch *mode {
	case "unwind":
		err = loadUnwind(ctx, client, *file, *batch, *concurrency)
	case "loadcsv":
		err = loadCSV(ctx, client, *file, *batch, *concurrency)
	default:
		err = fmt.Errorf("unknown -mode %q; use unwind or loadcsv", *mode)
	}

	if err != nil {
		log.Fatal(err)
	}

	elapsed := time.Since(start)

	recs, err := client.Read(ctx, "MATCH (p:Product) RETURN count(p) AS products, COUNT { ()-[:HAS_ATTRIBUTE]->() } AS edges", nil)
	if err != nil {
		log.Fatal(err)
	}

	products, edges := recs[0]["products"].(int64), recs[0]["edges"].(int64)
	rows := float64(products + edges)

	fmt.Printf("mode=%s batch=%d concurrency=%d products=%d edges=%d seconds=%.1f rows_per_second=%.0f products_per_second=%.0f\n",
		*mode, *batch, *concurrency, products, edges, elapsed.Seconds(), rows/elapsed.Seconds(), float64(products)/elapsed.Seconds())
}

// loadUnwind reads the file and sends batches to concurrent writers.
func loadUnwind(ctx context.Context, client *graphdb.Client, path string, size, writers int) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	batches := make(chan []map[string]any, writers)
	errs := make(chan error, writers)

	var wg sync.WaitGroup
	for range writers {
		wg.Add(1)

		go func() {
			defer wg.Done()

			for rows := range batches {
				if _, err := client.WriteCounted(ctx, createStatement, map[string]any{"rows": rows}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}

	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)

	var rows []map[string]any
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			return err
		}

		rows = append(rows, row)
		if len(rows) == size {
			batches <- rows
			rows = nil
		}
	}

	if len(rows) > 0 {
		batches <- rows
	}

	close(batches)
	wg.Wait()
	close(errs)

	if err := <-errs; err != nil {
		return err
	}

	return sc.Err()
}

// loadCSV runs LOAD CSV with CALL { } IN TRANSACTIONS.
func loadCSV(ctx context.Context, client *graphdb.Client, path string, size, concurrency int) error {
	params := map[string]any{"url": "file://" + path, "batch": size, "concurrency": concurrency}
	if concurrency > 1 {
		return client.Auto(ctx, loadCSVConcurrent, params)
	}

	return client.Auto(ctx, loadCSVStatement, params)
}
