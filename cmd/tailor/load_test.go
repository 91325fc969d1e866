package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

// loadTestDB wipes the test server, points NEO4J_URI at it and returns a client.
func loadTestDB(t *testing.T) *graphdb.Client {
	t.Helper()

	c := neo4jtest.Open(t)
	t.Setenv("NEO4J_URI", neo4jtest.Config().URI)

	return c
}

// runTailor runs the command and returns its exit code, output and errors.
func runTailor(t *testing.T, args ...string) (int, string, string) {
	t.Helper()

	a, out := testApp()
	var stderr strings.Builder
	a.stderr = &stderr

	code := dispatch(context.Background(), a, args)

	return code, out.String(), stderr.String()
}

func count(t *testing.T, c *graphdb.Client, query string) int64 {
	t.Helper()

	recs, err := c.Read(context.Background(), query, nil)
	if err != nil {
		t.Fatalf("run %q: %v", query, err)
	}

	return recs[0]["n"].(int64)
}

func TestLoadCatalogExamples(t *testing.T) {
	c := loadTestDB(t)

	code, out, stderr := runTailor(t, "load", "catalog", "../../docs/examples/catalog.jsonl", "../../docs/examples/queries.csv", "--dataset", "demo")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}

	for _, want := range []string{"5 read: 5 created, 0 updated, 0 already there", "16 listed: 16 created, 0 already there, 0 removed", "3 read: 3 created"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}

	if n := count(t, c, "MATCH (p:Product {id: 'sku-1001'}) RETURN size(p.image_embedding) AS n"); n != 4 {
		t.Errorf("sku-1001 stores %d embedding values, want 4", n)
	}

	if n := count(t, c, "MATCH (q:Query)-[:TARGET]->(:Product {id: 'sku-1002'}) WHERE q.category = 'dress' RETURN count(q) AS n"); n != 1 {
		t.Errorf("found %d queries targeting sku-1002 with the candidate's category, want 1", n)
	}

	// The CSV example holds the same products, so loading it changes nothing.
	code, out, stderr = runTailor(t, "load", "catalog", "--dataset", "demo", "../../docs/examples/catalog.csv")
	if code != 0 {
		t.Fatalf("CSV load exit code %d: %s", code, stderr)
	}

	if !strings.Contains(out, "5 read: 0 created, 0 updated, 5 already there") {
		t.Errorf("the CSV example differs from the JSON Lines one:\n%s", out)
	}
}

func TestLoadCatalogInvalidRecord(t *testing.T) {
	c := loadTestDB(t)

	path := filepath.Join(t.TempDir(), "products.jsonl")
	content := `{"id": "a", "category": "dress", "image_embedding": [1, 2]}
{"id": "b", "category": "dress", "image_embedding": [1, 2, 3]}
{"id": "c", "category": "dress", "image_embedding": [3, 4]}
`
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}

	code, _, stderr := runTailor(t, "load", "catalog", path, "--batch-size", "1")
	if code != 1 || !strings.Contains(stderr, path+":2: field image_embedding") || !strings.Contains(stderr, "--skip-invalid") {
		t.Fatalf("exit code %d, error %q; want 1 and an error naming %s:2, image_embedding and --skip-invalid", code, stderr, path)
	}

	if n := count(t, c, "MATCH (p:Product) RETURN count(p) AS n"); n != 1 {
		t.Errorf("%d products committed before the invalid record, want 1", n)
	}

	code, out, stderr := runTailor(t, "load", "catalog", path, "--skip-invalid", "--batch-size", "1")
	if code != 0 {
		t.Fatalf("with --skip-invalid: exit code %d: %s", code, stderr)
	}

	if !strings.Contains(out, "skipped 1 invalid records") || !strings.Contains(out, "resumed: 1 records") {
		t.Errorf("report lacks the skipped or resumed record:\n%s", out)
	}
}

func TestLoadFashion200KTestdata(t *testing.T) {
	c := loadTestDB(t)
	dir := "../../internal/fashion200k/testdata/"

	code, out, stderr := runTailor(t, "load", "fashion200k", dir+"dress_test_detect_all.txt", dir+"subset.jsonl",
		"--attributes", "first-rest", "--hide-attributes", "0.5", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}

	if !strings.Contains(out, "7 read: 7 created") || !strings.Contains(out, "10 read: 10 created") {
		t.Errorf("report:\n%s\nwant 7 products and 10 queries created", out)
	}

	recs, err := c.Read(context.Background(), "MATCH (d:Dataset {name: 'fashion200k'}) RETURN d.attribute_mode AS mode, d.hide_attributes AS hide, d.hide_seed AS seed", nil)
	if err != nil {
		t.Fatal(err)
	}

	if len(recs) != 1 || recs[0]["mode"] != "first-rest" || recs[0]["hide"] != 0.5 || recs[0]["seed"] != int64(3) {
		t.Errorf("dataset marker = %v", recs)
	}

	if n := count(t, c, "MATCH (p:Product) WHERE p.caption IS NULL OR p.caption <> p.title RETURN count(p) AS n"); n != 0 {
		t.Errorf("%d products lack their full caption", n)
	}

	if n := count(t, c, "MATCH (:Product)-[:HAS_ATTRIBUTE]->(a) RETURN count(a) AS n"); n >= 14 {
		t.Errorf("%d attribute edges for 7 test products in first-rest mode; hiding half should leave fewer than 14", n)
	}
}

// tableRows counts the rows of a trainer table that match keep.
func tableRows(t *testing.T, c *graphdb.Client, name string, keep func(rec map[string]string) bool) int {
	t.Helper()

	rr, err := c.OpenTable(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()

	n := 0
	for rr.Next() {
		b := rr.RecordBatch()
		for i := range int(b.NumRows()) {
			rec := map[string]string{}
			for j, f := range b.Schema().Fields() {
				if s, ok := b.Column(j).(*array.String); ok && s.IsValid(i) {
					rec[f.Name] = s.Value(i)
				}
			}

			if keep(rec) {
				n++
			}
		}
	}

	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}

	return n
}

func TestLoadFashion200KRealSubset(t *testing.T) {
	dir := os.Getenv("TAILOR_DATA_DIR")
	if dir == "" {
		if neo4jtest.Required() {
			t.Fatal("TAILOR_DATA_DIR is not set; point it at the folder that holds fashion200k/subset.jsonl")
		}

		t.Skip("TAILOR_DATA_DIR is not set")
	}

	c := loadTestDB(t)

	code, out, stderr := runTailor(t, "load", "fashion200k", "--hide-attributes", "0.3", "--seed", "1")
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}

	if !strings.Contains(out, "5000 read: 5000 created") || !strings.Contains(out, "420 read: 420 created") {
		t.Errorf("report:\n%s\nwant 5000 products and 420 queries", out)
	}

	queries := tableRows(t, c, "queries", func(r map[string]string) bool {
		return r["source"] == "fashion200k" && r["category"] == "all" && r["split"] == "test" && strings.HasPrefix(r["text"], "replace ")
	})
	if queries != 420 {
		t.Errorf("queries table holds %d Fashion200K test queries, want 420", queries)
	}

	gallery := tableRows(t, c, "galleries", func(r map[string]string) bool {
		return r["dataset"] == "fashion200k" && r["category"] == "all" && r["split"] == "test"
	})
	if gallery != 733 {
		t.Errorf("galleries table holds %d products in fashion200k/all/test, want 733", gallery)
	}

	code, out, _ = runTailor(t, "load", "fashion200k", "--hide-attributes", "0.3", "--seed", "1")
	if code != 0 || !strings.Contains(out, "5000 read: 0 created, 0 updated, 5000 already there") {
		t.Errorf("second load, exit code %d:\n%s\nwant every product already there", code, out)
	}

	edges := count(t, c, "MATCH (:Product)-[r:HAS_ATTRIBUTE]->() RETURN count(r) AS n")

	// With the same seed, hiding half hides a superset of what hiding 30%
	// did, so test products lose edges and gain none.
	code, out, stderr = runTailor(t, "load", "fashion200k", "--hide-attributes", "0.5", "--seed", "1")
	if code != 0 {
		t.Fatalf("load with more hiding, exit code %d: %s\n%s", code, stderr, out)
	}

	if !strings.Contains(out, "5000 read: 0 created, ") || !strings.Contains(out, "listed: 0 created") || strings.Contains(out, " 0 removed") {
		t.Errorf("load with more hiding:\n%s\nwant updated products, removed edges and nothing created", out)
	}

	after := count(t, c, "MATCH (:Product)-[r:HAS_ATTRIBUTE]->() RETURN count(r) AS n")
	if after >= edges {
		t.Errorf("hiding more attributes left %d edges of %d", after, edges)
	}

	const trainEdgesDiffer = `MATCH (p:Product) WHERE 'train' IN p.splits
WITH p, reduce(words = [], w IN split(p.caption, ' ') | CASE WHEN w IN words THEN words ELSE words + w END) AS words
WHERE COUNT { (p)-[:HAS_ATTRIBUTE]->() } <> size(words)
RETURN count(p) AS n`
	if n := count(t, c, trainEdgesDiffer); n > 0 {
		t.Errorf("%d train products lost attributes; only test products are hidden", n)
	}
}

func TestLoadUsageErrors(t *testing.T) {
	tests := [][]string{
		{"load"},
		{"load", "shoes"},
		{"load", "catalog"},
		{"load", "catalog", "x.csv", "--batch-size", "0"},
		{"load", "fashion200k", "--attributes", "letters"},
		{"load", "fashion200k", "--hide-attributes", "1.5"},
	}

	for _, args := range tests {
		if code, _, stderr := runTailor(t, args...); code != 2 {
			t.Errorf("tailor %s exited %d (%s), want 2", strings.Join(args, " "), code, stderr)
		}
	}
}
