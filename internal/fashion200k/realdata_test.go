package fashion200k

import (
	"os"
	"path/filepath"
	"testing"
)

// subsetPath returns the real Fashion200K subset under TAILOR_DATA_DIR,
// skipping the test when the variable is unset outside CI.
func subsetPath(t *testing.T) string {
	t.Helper()

	dir := os.Getenv("TAILOR_DATA_DIR")
	if dir == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("TAILOR_DATA_DIR is not set; point it at the folder that holds fashion200k/subset.jsonl")
		}

		t.Skip("TAILOR_DATA_DIR is not set")
	}

	path := filepath.Join(dir, "fashion200k", "subset.jsonl")
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("TAILOR_DATA_DIR=%s holds no Fashion200K subset: %v", dir, err)
	}

	return path
}

func TestRealSubsetQueries(t *testing.T) {
	products, queries := readAll(t, []string{subsetPath(t)}, Options{})

	test := 0
	for _, p := range products {
		if p.Memberships[0].Split == "test" {
			test++
		}
	}

	if len(products) != 5000 || test != 733 {
		t.Errorf("read %d products with %d in test, want 5000 and 733", len(products), test)
	}

	if len(queries) != 420 {
		t.Errorf("generated %d test queries, want the 420 ordered one-word-different pairs", len(queries))
	}

	seen := map[string]bool{}
	for _, q := range queries {
		if seen[q.ID] {
			t.Errorf("query id %s repeats", q.ID)
		}

		seen[q.ID] = true
	}
}

func TestRealSubsetHiding(t *testing.T) {
	products, _ := readAll(t, []string{subsetPath(t)}, Options{Hide: Hider{Fraction: 0.3, Seed: 1}})

	full, kept := 0, 0
	for _, p := range products {
		if p.Memberships[0].Split != "test" {
			continue
		}

		full += len(Words.Attributes(splitWords(p.Caption)))
		kept += len(p.Attributes)
	}

	hidden := 1 - float64(kept)/float64(full)
	if hidden < 0.25 || hidden > 0.35 {
		t.Errorf("hid %.3f of %d test attributes, want about 0.3", hidden, full)
	}
}
