package graphdb

import (
	"context"
	"fmt"
	"time"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// DefaultBatchSize is the number of rows per write transaction.
const DefaultBatchSize = 5000

// LoadReport says what a load wrote.
type LoadReport struct {
	Products       int
	AttributeEdges int
	Queries        int
	Changes        Counts // what Neo4j reports as created; zero on a repeated load
	Duration       time.Duration
}

// Load writes products, their attribute edges and queries of one dataset,
// then marks the dataset as loaded. Every statement merges, so loading the
// same data again creates nothing. batchSize <= 0 means DefaultBatchSize.
func (c *Client) Load(ctx context.Context, dataset string, products []catalog.Product, queries []catalog.Query, batchSize int) (LoadReport, error) {
	if batchSize <= 0 {
		batchSize = DefaultBatchSize
	}

	start := time.Now()
	rep := LoadReport{Products: len(products), Queries: len(queries)}

	stages := []struct {
		name string
		file string
		rows []map[string]any
	}{
		{"products", "load_products", productRows(dataset, products)},
		{"attribute edges", "load_attributes", attributeRows(products)},
		{"queries", "load_queries", queryRows(products, queries)},
	}

	rep.AttributeEdges = len(stages[1].rows)

	for _, st := range stages {
		counts, err := c.loadStage(ctx, st.name, cypher.MustStatement(st.file), st.rows, batchSize)
		if err != nil {
			return rep, err
		}

		rep.Changes.Add(counts)
	}

	cats := categoriesOf(products)
	params := map[string]any{"name": dataset, "categories": cats, "products": len(products), "queries": len(queries)}
	if _, err := c.Write(ctx, cypher.MustStatement("mark_dataset"), params); err != nil {
		return rep, fmt.Errorf("mark dataset %q loaded: %w", dataset, err)
	}

	rep.Duration = time.Since(start)

	return rep, nil
}

func (c *Client) loadStage(ctx context.Context, name, query string, rows []map[string]any, batchSize int) (Counts, error) {
	start, last := time.Now(), time.Now()

	progress := func(done int) {
		if time.Since(last) < 2*time.Second && done < len(rows) {
			return
		}

		last = time.Now()
		rate := float64(done) / max(time.Since(start).Seconds(), 1e-9)
		c.logger.Info("loading", "stage", name, "rows", done, "of", len(rows), "rows_per_second", int(rate))
	}

	counts, err := c.WriteBatches(ctx, query, rows, batchSize, progress)
	if err != nil {
		return counts, fmt.Errorf("load %s: %w", name, err)
	}

	return counts, nil
}

// DatasetLoaded reports whether Load finished for dataset.
func (c *Client) DatasetLoaded(ctx context.Context, dataset string) (bool, error) {
	recs, err := c.Read(ctx, cypher.MustStatement("dataset_loaded"), map[string]any{"name": dataset})
	if err != nil {
		return false, fmt.Errorf("check dataset %q: %w", dataset, err)
	}

	return len(recs) > 0, nil
}

func productRows(dataset string, products []catalog.Product) []map[string]any {
	rows := make([]map[string]any, len(products))
	for i, p := range products {
		ms := make([]map[string]any, len(p.Memberships))
		for j, m := range p.Memberships {
			ms[j] = map[string]any{
				"key":      GalleryKey(dataset, m.Category, m.Split),
				"dataset":  dataset,
				"category": m.Category,
				"split":    m.Split,
			}
		}

		rows[i] = map[string]any{
			"id": p.ID, "source": p.Source, "title": p.Title, "image_url": p.ImageURL,
			"categories": p.Categories(), "splits": p.Splits(), "memberships": ms,
		}
	}

	return rows
}

// GalleryKey names the gallery of one category's split of a dataset.
func GalleryKey(dataset, category, split string) string {
	return dataset + "/" + category + "/" + split
}

func attributeRows(products []catalog.Product) []map[string]any {
	var rows []map[string]any
	for _, p := range products {
		for _, a := range p.Attributes {
			rows = append(rows, map[string]any{"product": p.ID, "kind": a.Kind, "value": a.Value})
		}
	}

	return rows
}

func queryRows(products []catalog.Product, queries []catalog.Query) []map[string]any {
	var attrs []catalog.Attribute
	for _, p := range products {
		attrs = append(attrs, p.Attributes...)
	}

	matcher := modtext.NewMatcher(catalog.SortAttributes(attrs))

	rows := make([]map[string]any, len(queries))
	for i, q := range queries {
		text := q.Text()
		found := matcher.Find(text)

		var mentions []map[string]any
		for _, a := range found.Requested {
			mentions = append(mentions, map[string]any{"kind": a.Kind, "value": a.Value, "negated": false})
		}

		for _, a := range found.Removed {
			mentions = append(mentions, map[string]any{"kind": a.Kind, "value": a.Value, "negated": true})
		}

		rows[i] = map[string]any{
			"id": q.ID, "source": q.Source, "category": q.Category, "split": q.Split,
			"candidate": q.Candidate, "target": q.Target, "captions": q.Captions, "text": text,
			"words": distinct(modtext.Tokenize(text)), "mentions": mentions,
		}
	}

	return rows
}

func categoriesOf(products []catalog.Product) []string {
	seen := map[string]bool{}

	var out []string
	for _, p := range products {
		for _, c := range p.Categories() {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}

	return out
}

func distinct(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := xs[:0:0]

	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}

	return out
}
