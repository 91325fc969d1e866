package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/fashioniq"
)

func runLoad(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("%w: name a source: tailor load fashioniq [options]", errUsage)
	}

	switch args[0] {
	case "fashioniq":
		return a.loadFashionIQ(ctx, args[1:])
	default:
		return fmt.Errorf("%w: unknown source %q; the sources are: fashioniq", errUsage, args[0])
	}
}

func (a *app) loadFashionIQ(ctx context.Context, args []string) error {
	fs := a.newFlagSet("load fashioniq", "[options]")
	dir := fs.String("data", dataDir(), "folder that holds fashioniq/ (default $TAILOR_DATA_DIR or ./data)")
	cats := fs.String("categories", strings.Join(fashioniq.Categories, ","), "comma-separated categories to load")
	batch := fs.Int("batch-size", graphdb.DefaultBatchSize, "rows per write transaction")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	_, err := a.loadFashionIQData(ctx, *dir, splitList(*cats), *batch)

	return err
}

// loadFashionIQData reads FashionIQ from dir and writes it to Neo4j.
func (a *app) loadFashionIQData(ctx context.Context, dir string, categories []string, batch int) (graphdb.LoadReport, error) {
	ds, err := fashioniq.Load(ctx, dir, categories, a.logger)
	if err != nil {
		return graphdb.LoadReport{}, err
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return graphdb.LoadReport{}, err
	}
	defer client.Close(ctx)

	rep, err := client.Load(ctx, "fashioniq", ds.Products, ds.Queries, batch)
	if err != nil {
		return rep, err
	}

	fmt.Fprintf(a.stdout, "loaded fashioniq (%s): %d products, %d attribute edges, %d queries in %.1fs; created %d nodes and %d relationships (0 means everything was already there)\n",
		strings.Join(categories, ","), rep.Products, rep.AttributeEdges, rep.Queries, rep.Duration.Seconds(),
		rep.Changes.NodesCreated, rep.Changes.RelationshipsCreated)

	return rep, nil
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
