package graphdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// loadProducts reads every product of src and writes them in batches.
func (l *loader) loadProducts(ctx context.Context, src ingest.Stream) error {
	l.started, l.lastLog, l.lastLogged = time.Now(), time.Now(), -1

	err := pipe(ctx,
		func(ctx context.Context, out chan<- batch[productRow]) error { return l.readProducts(ctx, src, out) },
		l.writeProducts)
	if err != nil {
		return err
	}

	l.logProgress(stageProducts, l.readCounts.productRecords, true)

	return nil
}

// readProducts validates products and sends them in batches. Records
// that an earlier run committed only feed the attribute vocabulary.
func (l *loader) readProducts(ctx context.Context, src ingest.Stream, out chan<- batch[productRow]) error {
	var (
		cur  batch[productRow]
		seen = map[string]int{} // id to index in cur.rows
		n    int
		sent int // n at the end of the last batch sent
	)

	for {
		p, err := src.NextProduct(ctx)
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil && !errors.Is(err, ingest.ErrInvalidRecord) {
			return fmt.Errorf("read products: %w", err)
		}

		n++
		done := l.resumed(stageProducts, n)

		if err == nil {
			err = l.checkProductDim(&p)
		}

		if err != nil {
			if done {
				continue
			}

			if err := l.rejectRead(err); err != nil {
				return err
			}

			continue
		}

		if done {
			l.noteProduct(p)
			l.readCounts.resumedProducts++

			continue
		}

		row := newProductRow(l.opts.Dataset, p)

		if i, dup := seen[row.id]; dup {
			if err := l.duplicateProduct(cur.rows[i], row, p); err != nil {
				return err
			}

			continue
		}

		l.noteProduct(p)
		seen[row.id] = len(cur.rows)
		cur.rows = append(cur.rows, row)

		if len(cur.rows) < l.opts.BatchSize {
			continue
		}

		cur.end, sent = n, n
		if err := send(ctx, out, cur); err != nil {
			return err
		}

		cur, seen = batch[productRow]{}, map[string]int{}
	}

	l.readCounts.productRecords = n
	if n == sent {
		return nil
	}

	cur.end = n

	return send(ctx, out, cur)
}

// checkProductDim validates p and fixes the load's embedding length at
// the first product that has an embedding.
func (l *loader) checkProductDim(p *ingest.Product) error {
	if err := checkProduct(p, l.dim); err != nil {
		if l.dimFrom != "" && err.Field == "image_embedding" && len(p.ImageEmbedding) != l.dim {
			err.Reason += " (the length comes from " + l.dimFrom + ")"
		}

		return err
	}

	if l.dim == 0 && len(p.ImageEmbedding) > 0 {
		l.dim = len(p.ImageEmbedding)
		l.dimFrom = "the first embedding, at " + p.Pos.String()
	}

	return nil
}

// noteProduct adds a valid product to the vocabulary and categories.
func (l *loader) noteProduct(p ingest.Product) {
	for _, a := range p.Attributes {
		l.vocabulary[a] = struct{}{}
	}

	for _, c := range p.Categories() {
		l.categories[c] = struct{}{}
	}
}

// duplicateProduct handles a product id repeated within one batch: the
// same data is counted as unchanged, other data is invalid.
func (l *loader) duplicateProduct(first, again productRow, p ingest.Product) error {
	if first.hash == again.hash {
		l.noteProduct(p)
		l.readCounts.repeatedProducts++

		return nil
	}

	return l.rejectRead(ingest.Invalid(again.pos, "id", ingest.Quote(again.id), "duplicate id with different data than %s", first.pos))
}

// productBatchResult holds the counts of one product batch transaction.
type productBatchResult struct {
	created, updated, unchanged             int
	edgesListed, edgesCreated, edgesRemoved int
	changes                                 Counts
	skipped                                 []error
	unchangedIDs                            []string
}

// writeProducts writes one batch in one transaction: it reads the stored
// content hashes, writes the new and changed products with their
// attribute edges, and advances the checkpoint.
func (l *loader) writeProducts(ctx context.Context, b batch[productRow]) error {
	v, err := l.c.writeTx(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return l.productTx(ctx, tx, b)
	})
	if err != nil {
		if _, ok := recordError(err); ok {
			return err
		}

		return fmt.Errorf("write products ending at record %d: %w", b.end, err)
	}

	res := v.(productBatchResult)
	l.products.Created += res.created
	l.products.Updated += res.updated
	l.products.Unchanged += res.unchanged
	l.edges.Total += res.edgesListed
	l.edges.Created += res.edgesCreated
	l.edges.Removed += res.edgesRemoved
	l.changes.Add(res.changes)

	for _, e := range res.skipped {
		l.writeInvalid++
		l.logSkipped(e)
	}

	l.logProgress(stageProducts, b.end, false)

	return nil
}

func (l *loader) productTx(ctx context.Context, tx neo4j.ManagedTransaction, b batch[productRow]) (any, error) {
	var res productBatchResult

	created, updated, err := l.classifyProducts(ctx, tx, b.rows, &res)
	if err != nil {
		return nil, err
	}

	start := time.Now()

	if err := l.createProducts(ctx, tx, created, &res); err != nil {
		return nil, err
	}

	if err := l.updateProducts(ctx, tx, updated, &res); err != nil {
		return nil, err
	}

	if err := l.touch(ctx, tx, "load_products_touch", res.unchangedIDs); err != nil {
		return nil, err
	}

	l.c.logger.Debug("wrote product batch", "created", len(created), "updated", len(updated), "seconds", time.Since(start).Seconds())

	if l.opts.RunKey != "" {
		if _, err := countTx(ctx, tx, cypher.MustStatement("load_checkpoint"), l.checkpointParams(stageProducts, b.end)); err != nil {
			return nil, err
		}
	}

	return res, nil
}

// createProducts writes products that do not exist, with their edges.
func (l *loader) createProducts(ctx context.Context, tx neo4j.ManagedTransaction, rows []productRow, res *productBatchResult) error {
	if len(rows) == 0 {
		return nil
	}

	params := make([]map[string]any, len(rows))
	galleries := map[string]map[string]any{}

	for i, r := range rows {
		params[i] = r.props
		for _, g := range r.props["galleries"].([]map[string]any) {
			galleries[g["key"].(string)] = g
		}
	}

	counts, err := countTx(ctx, tx, cypher.MustStatement("load_galleries"), map[string]any{"galleries": slices.Collect(maps.Values(galleries))})
	if err != nil {
		return err
	}

	res.changes.Add(counts)

	counts, err = countTx(ctx, tx, cypher.MustStatement("load_products_new"), map[string]any{"rows": params, "run": l.run})
	if err != nil {
		return err
	}

	res.changes.Add(counts)

	for _, r := range rows {
		res.edgesCreated += r.edges
	}

	return nil
}

// updateProducts rewrites products that exist with other data, and
// replaces their dataset attribute edges and galleries.
func (l *loader) updateProducts(ctx context.Context, tx neo4j.ManagedTransaction, rows []productRow, res *productBatchResult) error {
	if len(rows) == 0 {
		return nil
	}

	props := make([]map[string]any, len(rows))
	attrs := make([]map[string]any, len(rows))

	for i, r := range rows {
		props[i] = r.props
		attrs[i] = map[string]any{"product": r.id, "attributes": r.props["attributes"]}
	}

	counts, err := countTx(ctx, tx, cypher.MustStatement("load_products"), map[string]any{"rows": props, "dataset": l.opts.Dataset, "run": l.run})
	if err != nil {
		return err
	}

	res.changes.Add(counts)

	counts, err = countTx(ctx, tx, cypher.MustStatement("load_attributes"), map[string]any{"rows": attrs})
	if err != nil {
		return err
	}

	res.changes.Add(counts)
	res.edgesCreated += counts.RelationshipsCreated
	res.edgesRemoved += counts.RelationshipsDeleted

	return nil
}

// classifyProducts compares each row with the stored product and returns
// the rows to write. A product that this run already wrote with other
// data is a duplicate id with conflicting data.
func (l *loader) classifyProducts(ctx context.Context, tx neo4j.ManagedTransaction, rows []productRow, res *productBatchResult) (created, updated []productRow, err error) {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.id
	}

	stored, err := collectTx(ctx, tx, cypher.MustStatement("load_products_check"), map[string]any{"ids": ids})
	if err != nil {
		return nil, nil, err
	}

	byID := storedStates(stored)

	for _, r := range rows {
		s := byID[r.id]

		switch {
		case !s.found:
			res.created++
			res.edgesListed += r.edges
			created = append(created, r)
		case s.hash == r.hash:
			res.unchanged++
			res.edgesListed += r.edges
			res.unchangedIDs = append(res.unchangedIDs, r.id)
		case s.run == l.run:
			err := ingest.Invalid(r.pos, "id", ingest.Quote(r.id), "duplicate id with different data than an earlier record of this load")
			if !l.opts.SkipInvalid {
				return nil, nil, err
			}

			res.skipped = append(res.skipped, err)
		default:
			res.updated++
			res.edgesListed += r.edges
			updated = append(updated, r)
		}
	}

	return created, updated, nil
}

// storedState is the stored content hash and load run of one record id.
type storedState struct {
	found bool
	hash  string // content hash; empty when an older loader wrote the record
	run   string // load run that last wrote the record
}

// storedStates indexes the records of a check statement by id.
func storedStates(recs []map[string]any) map[string]storedState {
	out := make(map[string]storedState, len(recs))
	for _, r := range recs {
		found, _ := r["found"].(bool)
		hash, _ := r["hash"].(string)
		run, _ := r["run"].(string)
		id, _ := r["id"].(string)
		out[id] = storedState{found: found, hash: hash, run: run}
	}

	return out
}
