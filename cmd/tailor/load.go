package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalogfile"
	"github.com/tailorsearch/tailor/internal/fashion200k"
	"github.com/tailorsearch/tailor/internal/fashioniq"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// loadSources lists the sources of "tailor load".
const loadSources = "fashioniq, fashion200k, catalog"

func runLoad(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: name a source: tailor load SOURCE [options], where SOURCE is one of %s", errUsage, loadSources)
	}

	switch args[0] {
	case "fashioniq":
		return a.loadFashionIQ(ctx, args[1:])
	case "fashion200k":
		return a.loadFashion200K(ctx, args[1:])
	case "catalog":
		return a.loadCatalog(ctx, args[1:])
	default:
		return fmt.Errorf("%w: unknown source %q; the sources are: %s", errUsage, args[0], loadSources)
	}
}

// loadFlags are the options that every load takes.
type loadFlags struct {
	batch       *int
	skipInvalid *bool
}

func addLoadFlags(fs *flag.FlagSet) loadFlags {
	return loadFlags{
		batch:       fs.Int("batch-size", graphdb.DefaultBatchSize, "records per write transaction; memory grows with it"),
		skipInvalid: fs.Bool("skip-invalid", false, "skip invalid records and count them, instead of stopping at the first one"),
	}
}

func (f loadFlags) check() error {
	if *f.batch < 1 {
		return fmt.Errorf("%w: --batch-size %d is not positive; pass the number of records per transaction, such as %d", errUsage, *f.batch, graphdb.DefaultBatchSize)
	}

	return nil
}

func (a *app) loadFashionIQ(ctx context.Context, args []string) error {
	fs := a.newFlagSet("load fashioniq", "[options]")
	dir := fs.String("data", dataDir(), "folder that holds fashioniq/ (default $TAILOR_DATA_DIR or ./data)")
	cats := fs.String("categories", strings.Join(fashioniq.Categories, ","), "comma-separated categories to load")
	lf := addLoadFlags(fs)

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	if err := lf.check(); err != nil {
		return err
	}

	opts := graphdb.LoadOptions{Dataset: fashioniq.Source, BatchSize: *lf.batch, SkipInvalid: *lf.skipInvalid}
	_, err := a.loadFashionIQWith(ctx, *dir, splitList(*cats), opts)

	return err
}

// loadFashionIQData reads FashionIQ from dir and writes it to Neo4j.
func (a *app) loadFashionIQData(ctx context.Context, dir string, categories []string, batch int) (graphdb.LoadReport, error) {
	return a.loadFashionIQWith(ctx, dir, categories, graphdb.LoadOptions{Dataset: fashioniq.Source, BatchSize: batch})
}

func (a *app) loadFashionIQWith(ctx context.Context, dir string, categories []string, opts graphdb.LoadOptions) (graphdb.LoadReport, error) {
	ds, err := fashioniq.Load(ctx, dir, categories, a.logger)
	if err != nil {
		return graphdb.LoadReport{}, err
	}

	return a.runLoadStream(ctx, ingest.Slices(ds.Products, ds.Queries), opts, "fashioniq ("+strings.Join(categories, ",")+")")
}

func (a *app) loadFashion200K(ctx context.Context, args []string) error {
	fs := a.newFlagSet("load fashion200k", "[options] [FILE...]\n\n"+
		"Each FILE is an official label file, named CATEGORY_SPLIT_detect_all.txt, or the JSON Lines\n"+
		"subset; the content tells them apart. Without FILE, the subset in the data folder is loaded.\n"+
		"Queries pair the products of a split whose captions differ in one word: \"replace X with Y\".")
	mode := fs.String("attributes", string(fashion200k.Words), "how captions become attributes: words (every word) or first-rest (the first word, and the rest of the caption)")
	hide := fs.Float64("hide-attributes", 0, "fraction in [0, 1) of each test product's attributes to hide at random; the caption stays whole")
	seed := fs.Uint64("seed", 1, "seed of the random hiding")
	splits := fs.String("query-splits", "test", "comma-separated splits to generate queries for: test, train")
	lf := addLoadFlags(fs)

	files, err := parseWithFiles(fs, args)
	if err != nil {
		return err
	}

	if err := lf.check(); err != nil {
		return err
	}

	if len(files) == 0 {
		subset := filepath.Join(dataDir(), "fashion200k", "subset.jsonl")
		if _, err := os.Stat(subset); err != nil {
			return fmt.Errorf("%w: no FILE given and %s is missing; name label files or the subset, run \"tailor data fetch fashion200k\", or set TAILOR_DATA_DIR to the folder that holds fashion200k/", errUsage, subset)
		}

		files = []string{subset}
	}

	m, err := fashion200k.ParseMode(*mode)
	if err != nil {
		return fmt.Errorf("%w: --attributes: %v", errUsage, err)
	}

	opts := fashion200k.Options{Mode: m, Hide: fashion200k.Hider{Fraction: *hide, Seed: *seed}, QuerySplits: splitList(*splits)}
	if err := opts.Hide.Check(); err != nil {
		return fmt.Errorf("%w: --hide-attributes: %v", errUsage, err)
	}

	src, err := fashion200k.Open(files, opts, a.logger)
	if err != nil {
		return err
	}
	defer src.Close()

	key, err := ingest.RunKey(files, "fashion200k", *mode, strconv.FormatFloat(*hide, 'g', -1, 64), strconv.FormatUint(*seed, 10), *splits)
	if err != nil {
		return err
	}

	load := graphdb.LoadOptions{Dataset: fashion200k.Source, BatchSize: *lf.batch, SkipInvalid: *lf.skipInvalid, RunKey: key, Settings: src.Settings()}
	_, err = a.runLoadStream(ctx, src, load, fmt.Sprintf("fashion200k from %d file(s)", len(files)))

	return err
}

func (a *app) loadCatalog(ctx context.Context, args []string) error {
	fs := a.newFlagSet("load catalog", "[options] FILE...\n\n"+
		"Each FILE holds products or query triplets as JSON Lines, CSV, Parquet or Arrow IPC;\n"+
		"docs/catalog-format.md describes the columns. Product files load before query files.")
	dataset := fs.String("dataset", catalogfile.DefaultDataset, "dataset name: the source of the products and the prefix of their galleries")
	lf := addLoadFlags(fs)

	files, err := parseWithFiles(fs, args)
	if err != nil {
		return err
	}

	if err := lf.check(); err != nil {
		return err
	}

	if len(files) == 0 {
		return fmt.Errorf("%w: name at least one catalog file: tailor load catalog FILE...", errUsage)
	}

	src, err := catalogfile.Open(ctx, files, catalogfile.Options{Dataset: *dataset})
	if err != nil {
		return err
	}
	defer src.Close()

	for _, f := range src.Files() {
		a.logger.Info("catalog file", "path", f.Path, "format", f.Format.String(), "holds", f.Kind.String())
	}

	key, err := ingest.RunKey(files, "catalog", *dataset)
	if err != nil {
		return err
	}

	load := graphdb.LoadOptions{Dataset: *dataset, BatchSize: *lf.batch, SkipInvalid: *lf.skipInvalid, RunKey: key}
	_, err = a.runLoadStream(ctx, src, load, fmt.Sprintf("%s from %d file(s)", *dataset, len(files)))

	return err
}

// runLoadStream connects to Neo4j, loads src and prints the report.
func (a *app) runLoadStream(ctx context.Context, src ingest.Stream, opts graphdb.LoadOptions, what string) (graphdb.LoadReport, error) {
	client, err := a.openDB(ctx)
	if err != nil {
		return graphdb.LoadReport{}, err
	}
	defer client.Close(ctx)

	rep, err := client.LoadStream(ctx, src, opts)
	if err != nil {
		if errors.Is(err, ingest.ErrInvalidRecord) {
			err = fmt.Errorf("%w\n(fix the record, or rerun with --skip-invalid to skip and count invalid records; a rerun continues after the last committed batch)", err)
		}

		return rep, err
	}

	printLoadReport(a.stdout, what, rep)

	return rep, nil
}

// printLoadReport prints what a load created and what was already there.
func printLoadReport(w io.Writer, what string, rep graphdb.LoadReport) {
	records := rep.Products.Read + rep.Queries.Read + rep.Invalid
	rate := float64(records) / max(rep.Duration.Seconds(), 1e-9)

	fmt.Fprintf(w, "loaded %s in %.1fs (%d records, %.0f records/s)\n", what, rep.Duration.Seconds(), records, rate)
	fmt.Fprintf(w, "  %-16s %9d read: %d created, %d updated, %d already there\n", "products",
		rep.Products.Read, rep.Products.Created, rep.Products.Updated, rep.Products.AlreadyThere())
	fmt.Fprintf(w, "  %-16s %9d listed: %d created, %d already there, %d removed\n", "attribute edges",
		rep.AttributeEdges.Total, rep.AttributeEdges.Created, rep.AttributeEdges.AlreadyThere(), rep.AttributeEdges.Removed)
	fmt.Fprintf(w, "  %-16s %9d read: %d created, %d updated, %d already there\n", "queries",
		rep.Queries.Read, rep.Queries.Created, rep.Queries.Updated, rep.Queries.AlreadyThere())

	if rep.Invalid > 0 {
		fmt.Fprintf(w, "  skipped %d invalid records (the log lists the first ones)\n", rep.Invalid)
	}

	if n := rep.Products.Resumed + rep.Queries.Resumed; n > 0 {
		fmt.Fprintf(w, "  resumed: %d records were committed by an earlier run of the same input and count as already there\n", n)
	}
}

// parseWithFiles parses flags that may come before, between or after the
// file arguments, and returns the files.
func parseWithFiles(fs *flag.FlagSet, args []string) ([]string, error) {
	var files []string

	for {
		if err := parseFlags(fs, args, true); err != nil {
			return nil, err
		}

		if fs.NArg() == 0 {
			return files, nil
		}

		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// splitList splits a comma-separated list and drops empty items.
func splitList(s string) []string {
	var out []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}

	return out
}
