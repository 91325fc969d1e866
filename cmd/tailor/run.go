package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/graphdb/local"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/datafetch"
	"github.com/tailorsearch/tailor/internal/export"
	"github.com/tailorsearch/tailor/internal/fashioniq"
	"github.com/tailorsearch/tailor/internal/pipeline"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

func runMain(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("run", "[options]")
	addr := fs.String("addr", "127.0.0.1:8080", "host:port for the HTTP API")
	cats := fs.String("categories", strings.Join(fashioniq.Categories, ","), "FashionIQ categories to load when the graph has none")
	retrain := fs.Bool("retrain", false, "train a new model even when one exists")
	noServe := fs.Bool("no-serve", false, "exit after the evaluation and the example instead of serving")
	boltPort := fs.Int("neo4j-bolt-port", local.DefaultBoltPort, "Bolt port of the local Neo4j server that run starts when NEO4J_URI is unset")
	httpPort := fs.Int("neo4j-http-port", local.DefaultHTTPPort, "HTTP port of that local server")
	cfg, holdOut := trainFlags(fs)

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	if os.Getenv("NEO4J_URI") == "" {
		uri, err := a.startLocalNeo4j(ctx, *boltPort, *httpPort)
		if err != nil {
			return err
		}

		os.Setenv("NEO4J_URI", uri)
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	if err := a.ensureLoaded(ctx, client, splitList(*cats)); err != nil {
		return err
	}

	if err := a.ensureModel(ctx, client, pipeline.TrainOptions{Config: *cfg, HoldOut: *holdOut}, *retrain); err != nil {
		return err
	}

	engine := retrieval.NewEngine(client, a.logger)
	if err := a.report(ctx, client, engine); err != nil {
		return err
	}

	if *noServe {
		return nil
	}

	return a.serve(ctx, *addr, api.NewServer(engine, client, a.logger, api.DefaultLimits()).WithAPIKey(os.Getenv("TAILOR_API_KEY")).
		WithExporter(export.NewSource(client, a.logger, export.Options{})))
}

// startLocalNeo4j starts (or finds running) the project's own server and
// returns its Bolt address.
func (a *app) startLocalNeo4j(ctx context.Context, boltPort, httpPort int) (string, error) {
	fmt.Fprintln(a.stdout, "starting the local Neo4j server (NEO4J_URI is not set)...")

	opts := local.Options{StateDir: stateDir(), BoltPort: boltPort, HTTPPort: httpPort, Password: os.Getenv("NEO4J_PASSWORD")}

	st, err := local.Start(ctx, a.logger, opts)
	if err != nil {
		return "", fmt.Errorf("start local neo4j: %w", err)
	}

	fmt.Fprintf(a.stdout, "neo4j is up: bolt %s, http %s (stop it with \"tailor neo4j stop\")\n", st.BoltURI(), st.HTTPURL())

	return st.BoltURI(), nil
}

// ensureLoaded loads FashionIQ unless a complete load is recorded.
func (a *app) ensureLoaded(ctx context.Context, client *graphdb.Client, categories []string) error {
	loaded, err := client.DatasetLoaded(ctx, "fashioniq")
	if err != nil {
		return err
	}

	if loaded {
		fmt.Fprintln(a.stdout, "fashioniq is already loaded")
		return nil
	}

	dir := dataDir()
	if err := a.ensureFashionIQData(ctx, dir); err != nil {
		return err
	}

	_, err = a.loadFashionIQData(ctx, dir, categories, graphdb.DefaultBatchSize)

	return err
}

// ensureFashionIQData downloads FashionIQ into dir when it is missing.
func (a *app) ensureFashionIQData(ctx context.Context, dir string) error {
	if _, err := os.Stat(filepath.Join(dir, "fashioniq", "captions")); err == nil {
		return nil
	}

	fmt.Fprintf(a.stdout, "FashionIQ is not in %s; downloading it (set TAILOR_DATA_DIR to use a local copy)...\n", dir)

	res, err := a.downloadDataset(ctx, "fashioniq", dir, datafetch.DefaultBaseURL, false)
	if err != nil {
		return fmt.Errorf("download fashioniq: %w", err)
	}

	a.logger.Info("downloaded fashioniq", "result", fmt.Sprintf("%+v", res))

	return nil
}

// ensureModel trains a model unless one exists (or retrain is set).
func (a *app) ensureModel(ctx context.Context, client *graphdb.Client, opts pipeline.TrainOptions, retrain bool) error {
	_, err := client.Model(ctx, 0)
	switch {
	case err == nil && !retrain:
		fmt.Fprintln(a.stdout, "a trained model exists (use --retrain to train a new one)")
		return nil
	case err != nil && !errors.Is(err, graphdb.ErrNoModel):
		return err
	}

	fmt.Fprintln(a.stdout, "training...")

	rep, err := pipeline.Train(ctx, a.logger, client, opts)
	if err != nil {
		return err
	}

	fmt.Fprintf(a.stdout, "trained model version %d in %.1fs (%d epochs, best %d)\n",
		rep.Version, rep.Result.Duration.Seconds(), len(rep.Result.History), rep.Result.BestEpoch)

	return nil
}

// report loads the model into the engine, prints the evaluation table and
// one worked example.
func (a *app) report(ctx context.Context, client *graphdb.Client, engine *retrieval.Engine) error {
	loaded, err := pipeline.LoadModel(ctx, client, 0)
	if err != nil {
		return err
	}

	if err := engine.SetLoaded(ctx, loaded); err != nil {
		return err
	}

	rep, err := pipeline.Evaluate(ctx, a.logger, client, pipeline.EvalOptions{Dataset: "fashioniq", Split: "val", Seed: 1, Loaded: loaded})
	if err != nil {
		return err
	}

	if err := storeMetrics(ctx, client, rep); err != nil {
		a.logger.Warn("could not store metrics on the model", "err", err)
	}

	fmt.Fprintln(a.stdout)
	printEvalTable(a.stdout, rep)

	return a.printExample(ctx, a.stdout, engine, loaded)
}

// printExample runs the first validation query through the engine,
// ranked within its category's validation gallery as the evaluation
// ranks it, and prints its top results with their explanations.
func (a *app) printExample(ctx context.Context, w io.Writer, engine *retrieval.Engine, l *pipeline.Loaded) error {
	var q *embed.QueryRecord
	for i, r := range l.Corpus.Queries {
		if r.Split == "val" && r.Target != "" {
			q = &l.Corpus.Queries[i]
			break
		}
	}

	if q == nil {
		return nil
	}

	gallery := graphdb.GalleryKey(q.Source, q.Category, q.Split)
	req := retrieval.Request{
		Candidate: q.Candidate, Modification: q.Text, K: 50, Explain: true,
		Filter: retrieval.Filter{Named: &retrieval.NamedFilter{Name: "gallery", Params: map[string]any{"key": gallery}}},
	}

	resp, err := engine.Search(ctx, req)
	if err != nil {
		return fmt.Errorf("run example query %s: %w", q.ID, err)
	}

	fmt.Fprintf(w, "\nExample: validation query %s, ranked within the %s gallery\n", q.ID, gallery)
	fmt.Fprintf(w, "  candidate %s %s\n  modification %q\n", q.Candidate, attrList(resp.Candidate.Attributes), q.Text)
	fmt.Fprintf(w, "  understood: asks for %s, asks to remove %s\n", attrList(resp.Understood.Requested), attrList(resp.Understood.Removed))

	rank := "not in the top 50"
	for i, r := range resp.Results {
		if r.Product.ID == q.Target {
			rank = fmt.Sprintf("rank %d", i+1)
		}
	}

	fmt.Fprintf(w, "  wanted target %s: %s\n  top 5:\n", q.Target, rank)
	for i, r := range resp.Results[:min(5, len(resp.Results))] {
		ex := r.Explanation
		fmt.Fprintf(w, "  %d. %s score %.3f\n", i+1, r.Product.ID, r.Score)
		fmt.Fprintf(w, "     has requested %s; lacks requested %s; shares %s; dropped %s; near %s\n",
			attrList(ex.Requested), attrList(ex.Missing), attrList(ex.Shared), attrList(ex.Dropped), neighbourList(ex.Neighbours))
	}

	fmt.Fprintln(w)

	return nil
}

func attrList(attrs []catalog.Attribute) string {
	if len(attrs) == 0 {
		return "[]"
	}

	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Kind + ":" + a.Value
	}

	return "[" + strings.Join(parts, " ") + "]"
}

func neighbourList(ns []retrieval.Neighbour) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = n.ID
	}

	return "[" + strings.Join(parts, " ") + "]"
}
