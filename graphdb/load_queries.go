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
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// loadQueries reads every query of src and writes them in batches.
func (l *loader) loadQueries(ctx context.Context, src ingest.Stream) error {
	l.started, l.lastLog, l.lastLogged = time.Now(), time.Now(), -1

	err := pipe(ctx,
		func(ctx context.Context, out chan<- batch[queryRow]) error { return l.readQueries(ctx, src, out) },
		l.writeQueries)
	if err != nil {
		return err
	}

	if l.readCounts.queryRecords > 0 {
		l.logProgress(stageQueries, l.readCounts.queryRecords, true)
	}

	return nil
}

// readQueries validates queries and sends them in batches.
func (l *loader) readQueries(ctx context.Context, src ingest.Stream, out chan<- batch[queryRow]) error {
	var (
		cur     batch[queryRow]
		seen    = map[string]int{}
		n, sent int
		matcher *modtext.Matcher
	)

	for {
		q, err := src.NextQuery(ctx)
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil && !errors.Is(err, ingest.ErrInvalidRecord) {
			return fmt.Errorf("read queries: %w", err)
		}

		n++
		done := l.resumed(stageQueries, n)

		if err == nil {
			if rerr := checkQuery(&q); rerr != nil {
				err = rerr
			}
		}

		switch {
		case err != nil && done:
			continue
		case err != nil:
			if err := l.rejectRead(err); err != nil {
				return err
			}

			continue
		case done:
			l.readCounts.resumedQueries++
			continue
		}

		if q.Mentions == nil && matcher == nil {
			matcher = l.matcher()
		}

		row := newQueryRow(q, matcher)

		if i, dup := seen[row.id]; dup {
			if err := l.duplicateQuery(cur.rows[i], row); err != nil {
				return err
			}

			continue
		}

		seen[row.id] = len(cur.rows)
		cur.rows = append(cur.rows, row)

		if len(cur.rows) < l.opts.BatchSize {
			continue
		}

		cur.end, sent = n, n
		if err := send(ctx, out, cur); err != nil {
			return err
		}

		cur, seen = batch[queryRow]{}, map[string]int{}
	}

	l.readCounts.queryRecords = n
	if n == sent {
		return nil
	}

	cur.end = n

	return send(ctx, out, cur)
}

// matcher returns a matcher over the attributes of the loaded products.
func (l *loader) matcher() *modtext.Matcher {
	attrs := slices.Collect(maps.Keys(l.vocabulary))
	return modtext.NewMatcher(catalog.SortAttributes(attrs))
}

// duplicateQuery handles a query id repeated within one batch.
func (l *loader) duplicateQuery(first, again queryRow) error {
	if first.hash == again.hash {
		l.readCounts.repeatedQueries++
		return nil
	}

	return l.rejectRead(ingest.Invalid(again.pos, "id", ingest.Quote(again.id), "duplicate query id with different data than %s", first.pos))
}

// queryBatchResult holds the counts of one query batch transaction.
type queryBatchResult struct {
	created, updated, unchanged int
	changes                     Counts
	skipped                     []error
	unchangedIDs                []string
}

// writeQueries writes one batch of queries in one transaction.
func (l *loader) writeQueries(ctx context.Context, b batch[queryRow]) error {
	v, err := l.c.writeTx(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return l.queryTx(ctx, tx, b)
	})
	if err != nil {
		if _, ok := recordError(err); ok {
			return err
		}

		return fmt.Errorf("write queries ending at record %d: %w", b.end, err)
	}

	res := v.(queryBatchResult)
	l.queries.Created += res.created
	l.queries.Updated += res.updated
	l.queries.Unchanged += res.unchanged
	l.changes.Add(res.changes)

	for _, e := range res.skipped {
		l.writeInvalid++
		l.logSkipped(e)
	}

	l.logProgress(stageQueries, b.end, false)

	return nil
}

func (l *loader) queryTx(ctx context.Context, tx neo4j.ManagedTransaction, b batch[queryRow]) (any, error) {
	var res queryBatchResult

	write, err := l.classifyQueries(ctx, tx, b.rows, &res)
	if err != nil {
		return nil, err
	}

	if len(write) > 0 {
		counts, err := countTx(ctx, tx, cypher.MustStatement("load_queries"), map[string]any{"rows": write, "run": l.run})
		if err != nil {
			return nil, err
		}

		res.changes.Add(counts)
	}

	if err := l.touch(ctx, tx, "load_queries_touch", res.unchangedIDs); err != nil {
		return nil, err
	}

	if l.opts.RunKey != "" {
		if _, err := countTx(ctx, tx, cypher.MustStatement("load_checkpoint"), l.checkpointParams(stageQueries, b.end)); err != nil {
			return nil, err
		}
	}

	return res, nil
}

// classifyQueries checks that each query's products exist, fills in a
// missing category with the candidate's first category, and returns the
// parameters of the queries to write.
func (l *loader) classifyQueries(ctx context.Context, tx neo4j.ManagedTransaction, rows []queryRow, res *queryBatchResult) ([]map[string]any, error) {
	refs := make([]map[string]any, len(rows))
	for i, r := range rows {
		refs[i] = map[string]any{"id": r.id, "candidate": r.params["candidate"], "target": r.params["target"]}
	}

	recs, err := collectTx(ctx, tx, cypher.MustStatement("load_queries_check"), map[string]any{"rows": refs})
	if err != nil {
		return nil, err
	}

	stored := storedStates(recs)
	byID := make(map[string]map[string]any, len(recs))

	for _, r := range recs {
		byID[r["id"].(string)] = r
	}

	var write []map[string]any
	for _, r := range rows {
		rec := byID[r.id]

		if err := missingProduct(r, rec); err != nil {
			if !l.opts.SkipInvalid {
				return nil, err
			}

			res.skipped = append(res.skipped, err)

			continue
		}

		params := maps.Clone(r.params)
		if params["category"] == "" {
			params["category"], _ = rec["candidate_category"].(string)
		}

		hash := finalHash(r.hash, params["category"].(string))
		params["hash"] = hash

		s := stored[r.id]

		switch {
		case !s.found:
			res.created++
			write = append(write, params)
		case s.hash == hash:
			res.unchanged++
			res.unchangedIDs = append(res.unchangedIDs, r.id)
		case s.run == l.run:
			err := ingest.Invalid(r.pos, "id", ingest.Quote(r.id), "duplicate query id with different data than an earlier record of this load")
			if !l.opts.SkipInvalid {
				return nil, err
			}

			res.skipped = append(res.skipped, err)
		default:
			res.updated++
			write = append(write, params)
		}
	}

	return write, nil
}

// missingProduct returns an error when the candidate or the target of a
// query is not in the graph.
func missingProduct(r queryRow, rec map[string]any) error {
	if found, _ := rec["candidate_found"].(bool); !found {
		return ingest.Invalid(r.pos, "candidate", ingest.Quote(r.params["candidate"].(string)), "no product has this id; load the products first")
	}

	if r.target == "" {
		return nil
	}

	if found, _ := rec["target_found"].(bool); !found {
		return ingest.Invalid(r.pos, "target", ingest.Quote(r.target), "no product has this id; load the products first")
	}

	return nil
}
