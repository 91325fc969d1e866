package graphdb

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// Load stages, as the checkpoint records them.
const (
	stageProducts = "products"
	stageQueries  = "queries"
)

// progressInterval is the time between progress log lines of a load.
const progressInterval = 2 * time.Second

// maxLoggedInvalid bounds the skipped records that a load logs one by
// one; it counts the rest.
const maxLoggedInvalid = 10

// loader is the state of one LoadStream call. The read side fields are
// written only by the reader goroutine of the current stage, and the
// write side fields only by the writer.
type loader struct {
	c    *Client
	opts LoadOptions
	run  string

	// checkpoint of an earlier run with the same run id
	resumeStage   string
	resumeRecords int

	// read side
	dim        int    // image embedding length; 0 while unknown
	dimFrom    string // source of dim, for error messages
	vocabulary map[catalog.Attribute]struct{}
	categories map[string]struct{}
	readCounts struct {
		productRecords, queryRecords      int // records read, valid or not
		resumedProducts, resumedQueries   int
		repeatedProducts, repeatedQueries int
		invalid                           int
	}

	// write side
	products     RecordCounts
	queries      RecordCounts
	edges        EdgeCounts
	changes      Counts
	writeInvalid int
	started      time.Time
	lastLog      time.Time
	lastLogged   int // records of the last progress line

	skippedLogged atomic.Int64 // skipped records so far, for logSkipped
}

// batch is up to BatchSize validated records of one stage. end is the
// number of records of the stage read up to and including this batch,
// which the checkpoint records once the batch is committed.
type batch[T any] struct {
	rows []T
	end  int
}

func (c *Client) newLoader(ctx context.Context, opts LoadOptions) (*loader, error) {
	run, err := runID(opts.Dataset, opts.RunKey)
	if err != nil {
		return nil, err
	}

	l := &loader{
		c: c, opts: opts, run: run,
		vocabulary: map[catalog.Attribute]struct{}{},
		categories: map[string]struct{}{},
	}

	if err := l.readCheckpoint(ctx); err != nil {
		return nil, err
	}

	if err := l.readDatasetSettings(ctx); err != nil {
		return nil, err
	}

	return l, nil
}

// readCheckpoint finds where an earlier run with the same run id stopped.
func (l *loader) readCheckpoint(ctx context.Context) error {
	if l.opts.RunKey == "" {
		return nil
	}

	recs, err := l.c.Read(ctx, cypher.MustStatement("load_checkpoint_get"), map[string]any{"run": l.run})
	if err != nil {
		return fmt.Errorf("read load checkpoint: %w", err)
	}

	if len(recs) == 0 {
		return nil
	}

	stage, _ := recs[0]["stage"].(string)
	records, _ := recs[0]["records"].(int64)
	l.resumeStage, l.resumeRecords = stage, int(records)

	l.c.logger.Info("resuming an earlier load of the same input", "dataset", l.opts.Dataset, "stage", stage, "records_done", records)

	return nil
}

// readDatasetSettings reads the image embedding length that an earlier
// load of the dataset recorded.
func (l *loader) readDatasetSettings(ctx context.Context) error {
	recs, err := l.c.Read(ctx, cypher.MustStatement("load_dataset_settings"), map[string]any{"name": l.opts.Dataset})
	if err != nil {
		return fmt.Errorf("read settings of dataset %q: %w", l.opts.Dataset, err)
	}

	if len(recs) == 0 {
		return nil
	}

	if dim, ok := recs[0]["image_embedding_dim"].(int64); ok && dim > 0 {
		l.dim = int(dim)
		l.dimFrom = "an earlier load of dataset " + l.opts.Dataset
	}

	return nil
}

// resumed reports whether record n (1-based) of stage was committed by
// an earlier run.
func (l *loader) resumed(stage string, n int) bool {
	switch l.resumeStage {
	case stageQueries:
		return stage == stageProducts || n <= l.resumeRecords
	case stageProducts:
		return stage == stageProducts && n <= l.resumeRecords
	default:
		return false
	}
}

// rejectRead handles an invalid record that the reader found: it returns
// the error to stop the load, or counts it when SkipInvalid is set.
func (l *loader) rejectRead(err error) error {
	if !l.opts.SkipInvalid {
		return err
	}

	l.readCounts.invalid++
	l.logSkipped(err)

	return nil
}

// logSkipped logs the first maxLoggedInvalid skipped records of the
// load; the reader and the writer both call it.
func (l *loader) logSkipped(err error) {
	switch n := l.skippedLogged.Add(1); {
	case n <= maxLoggedInvalid:
		l.c.logger.Warn("skipped invalid record", "err", err)
	case n == maxLoggedInvalid+1:
		l.c.logger.Warn("skipping more invalid records; the final report counts them", "logged", maxLoggedInvalid)
	}
}

// pipe runs read in its own goroutine, which sends batches, and calls
// write for each batch in order. When write fails, the reader is
// cancelled and the write error returned; otherwise the read error is.
func pipe[T any](ctx context.Context, read func(context.Context, chan<- batch[T]) error, write func(context.Context, batch[T]) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	out := make(chan batch[T], 1)
	readErr := make(chan error, 1)

	go func() {
		defer close(out)
		readErr <- read(ctx, out)
	}()

	var writeErr error
	for b := range out {
		if writeErr != nil {
			continue
		}

		if writeErr = write(ctx, b); writeErr != nil {
			cancel()
		}
	}

	err := <-readErr
	if writeErr != nil {
		return writeErr
	}

	return err
}

// send passes b to the writer unless ctx ends first.
func send[T any](ctx context.Context, out chan<- batch[T], b batch[T]) error {
	select {
	case out <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// checkpointParams returns the parameters of load_checkpoint, which a
// batch's transaction runs to record how many records of stage are
// committed.
func (l *loader) checkpointParams(stage string, end int) map[string]any {
	return map[string]any{"run": l.run, "dataset": l.opts.Dataset, "stage": stage, "records": end}
}

// touch runs a load_*_touch statement on the ids of unchanged records.
// Its changes are bookkeeping and not counted.
func (l *loader) touch(ctx context.Context, tx neo4j.ManagedTransaction, statement string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}

	_, err := countTx(ctx, tx, cypher.MustStatement(statement), map[string]any{"ids": ids, "run": l.run})

	return err
}

// logProgress logs the records done and the rate, at most every
// progressInterval, and at the end of a stage unless the last line
// already gave the same count.
func (l *loader) logProgress(stage string, done int, last bool) {
	now := time.Now()
	if !last && now.Sub(l.lastLog) < progressInterval || last && done == l.lastLogged {
		return
	}

	l.lastLog, l.lastLogged = now, done
	rate := float64(done) / max(now.Sub(l.started).Seconds(), 1e-9)
	l.c.logger.Info("loading", "dataset", l.opts.Dataset, "stage", stage, "records", done, "records_per_second", int(rate))
}

// finish marks the dataset as loaded and removes the checkpoint.
func (l *loader) finish(ctx context.Context) error {
	settings := map[string]any{}
	maps.Copy(settings, l.opts.Settings)

	if l.dim > 0 {
		settings["image_embedding_dim"] = l.dim
	}

	rep := l.report(time.Now())
	cats := slices.Sorted(maps.Keys(l.categories))
	params := map[string]any{
		"name": l.opts.Dataset, "categories": cats, "settings": settings,
		"products": rep.Products.Read, "queries": rep.Queries.Read,
	}

	if _, err := l.c.Write(ctx, cypher.MustStatement("mark_dataset"), params); err != nil {
		return fmt.Errorf("mark dataset %q loaded: %w", l.opts.Dataset, err)
	}

	if l.opts.RunKey == "" {
		return nil
	}

	if _, err := l.c.Write(ctx, cypher.MustStatement("load_checkpoint_delete"), map[string]any{"run": l.run}); err != nil {
		return fmt.Errorf("remove load checkpoint: %w", err)
	}

	return nil
}

func (l *loader) report(start time.Time) LoadReport {
	rc := l.readCounts
	rep := LoadReport{
		Products:       l.products,
		Queries:        l.queries,
		AttributeEdges: l.edges,
		Invalid:        rc.invalid + l.writeInvalid,
		Changes:        l.changes,
		Duration:       time.Since(start),
	}

	rep.Products.Unchanged += rc.repeatedProducts
	rep.Queries.Unchanged += rc.repeatedQueries
	rep.Products.Resumed, rep.Queries.Resumed = rc.resumedProducts, rc.resumedQueries
	rep.Products.Read = rep.Products.Created + rep.Products.Updated + rep.Products.Unchanged + rep.Products.Resumed
	rep.Queries.Read = rep.Queries.Created + rep.Queries.Updated + rep.Queries.Unchanged + rep.Queries.Resumed

	return rep
}

// recordError converts err to a *ingest.RecordError when it is one.
func recordError(err error) (*ingest.RecordError, bool) {
	var re *ingest.RecordError
	ok := errors.As(err, &re)

	return re, ok
}
