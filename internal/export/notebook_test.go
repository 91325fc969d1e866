package export

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/fashioniq"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
	"github.com/tailorsearch/tailor/internal/pipeline"
)

// notebookPlots are the PNG files that the notebook writes.
var notebookPlots = []string{"attribute_coverage.png", "embeddings_pca.png", "recall_at_k.png"}

// TestNotebookRuns loads FashionIQ's dress category into the test
// database, trains a small model, evaluates and exports it, and runs
// notebooks-export/run.sh, which executes the notebook headless and fails
// on any cell error. It installs Python packages, so it runs only under
// CI or with TAILOR_NOTEBOOK_TEST set; then a missing Python, data folder
// or Neo4j fails it.
func TestNotebookRuns(t *testing.T) {
	if os.Getenv("CI") == "" && os.Getenv("TAILOR_NOTEBOOK_TEST") == "" {
		t.Skip("set TAILOR_NOTEBOOK_TEST=1 to run the notebook; it installs Python packages, and CI always runs it")
	}

	python := envOr("PYTHON", "python3")
	if _, err := exec.LookPath(python); err != nil {
		t.Fatalf("%s is not installed: the notebook test needs Python 3.11 or later with venv and pip (%v)", python, err)
	}

	dataDir := os.Getenv("TAILOR_DATA_DIR")
	if dataDir == "" {
		t.Fatal("TAILOR_DATA_DIR is not set; point it at the folder that contains fashioniq/")
	}

	client := neo4jtest.Open(t)
	logger := neo4jtest.Logger()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()

	start := time.Now()

	ds, err := fashioniq.Load(ctx, dataDir, []string{"dress"}, logger)
	if err != nil {
		t.Fatal(err)
	}

	if err := client.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	if _, err := client.Load(ctx, fashioniq.Source, ds.Products, ds.Queries, 0); err != nil {
		t.Fatalf("load dress: %v", err)
	}

	t.Logf("loaded %d dress products and %d queries in %s", len(ds.Products), len(ds.Queries), time.Since(start).Round(time.Second))

	cfg := embed.DefaultConfig()
	cfg.Dim, cfg.Epochs, cfg.Patience = 16, 2, 0

	if _, err := pipeline.Train(ctx, logger, client, pipeline.TrainOptions{Config: cfg}); err != nil {
		t.Fatalf("train: %v", err)
	}

	dir := t.TempDir()
	evalPath := filepath.Join(dir, "eval.json")
	writeEvalJSON(t, ctx, client, evalPath)

	exportDir := filepath.Join(dir, "export")
	if _, err := NewSource(client, logger, Options{}).Export(ctx, Request{Dir: exportDir, Format: Parquet}); err != nil {
		t.Fatalf("export: %v", err)
	}

	t.Logf("trained, evaluated and exported after %s", time.Since(start).Round(time.Second))

	out := envOr("NOTEBOOK_OUT_DIR", filepath.Join(dir, "notebook"))
	runNotebook(t, ctx, exportDir, evalPath, out)

	for _, name := range append([]string{"export.ipynb"}, notebookPlots...) {
		if info, err := os.Stat(filepath.Join(out, name)); err != nil || info.Size() == 0 {
			t.Errorf("the notebook run left no %s in %s (%v)", name, out, err)
		}
	}
}

// writeEvalJSON writes what "tailor eval --json" prints, measured at more
// cut-offs than its default so that the notebook draws curves.
func writeEvalJSON(t *testing.T, ctx context.Context, client *graphdb.Client, path string) {
	t.Helper()

	rep, err := pipeline.Evaluate(ctx, neo4jtest.Logger(), client, pipeline.EvalOptions{
		Dataset: fashioniq.Source, Split: "val", Ks: []int{1, 5, 10, 20, 50, 100}, Seed: 1,
		Baselines: []string{pipeline.BaselineOverlap},
	})
	if err != nil {
		t.Fatalf("evaluate: %v", err)
	}

	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func runNotebook(t *testing.T, ctx context.Context, exportDir, evalPath, out string) {
	t.Helper()

	cmd := exec.CommandContext(ctx, "bash", filepath.Join("..", "..", "notebooks-export", "run.sh"))
	cmd.Env = append(os.Environ(), "TAILOR_EXPORT_DIR="+exportDir, "TAILOR_EVAL_JSON="+evalPath, "NOTEBOOK_OUT_DIR="+out)

	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("notebooks-export/run.sh failed: %v\n%s", err, output)
	}

	t.Logf("notebooks-export/run.sh:\n%s", output)
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}

	return def
}
