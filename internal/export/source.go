package export

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/graphdb"
)

// Model identifies the trained model whose vectors an export contains.
type Model struct {
	Version   int64
	Dim       int
	CreatedAt string
}

// Options configures a Source.
type Options struct {
	TailorVersion string           // stored in every schema; BuildVersion() when empty
	ModelVersion  int64            // model whose vectors to export; 0 for the newest
	BatchRows     int              // rows per record batch; graphdb.DefaultBatchRows when 0
	Allocator     memory.Allocator // memory.DefaultAllocator when nil

	// Now returns the export time; time.Now when nil.
	Now func() time.Time
}

// Source opens exported tables from Neo4j.
type Source struct {
	client *graphdb.Client
	logger *slog.Logger
	opts   Options
}

// NewSource returns a source that reads through client.
func NewSource(client *graphdb.Client, logger *slog.Logger, opts Options) *Source {
	if opts.TailorVersion == "" {
		opts.TailorVersion = BuildVersion()
	}

	if opts.BatchRows <= 0 {
		opts.BatchRows = graphdb.DefaultBatchRows
	}

	if opts.Allocator == nil {
		opts.Allocator = memory.DefaultAllocator
	}

	if opts.Now == nil {
		opts.Now = time.Now
	}

	return &Source{client: client, logger: logger, opts: opts}
}

// Stamp reads the model to export and returns the metadata that tables
// opened with it carry. A graph without a trained model gives a zero
// Model unless Options.ModelVersion names one, which is then an error
// wrapping graphdb.ErrNoModel.
func (s *Source) Stamp(ctx context.Context) (Stamp, error) {
	var version any
	if s.opts.ModelVersion > 0 {
		version = s.opts.ModelVersion
	}

	recs, err := s.client.Read(ctx, cypher.MustStatement("model_info"), map[string]any{"version": version})
	if err != nil {
		return Stamp{}, fmt.Errorf("read model version: %w", err)
	}

	st := Stamp{TailorVersion: s.opts.TailorVersion, ExportedAt: s.opts.Now().UTC()}

	switch {
	case len(recs) > 0:
		st.Model = Model{Version: recs[0]["version"].(int64), Dim: int(recs[0]["dim"].(int64))}
		st.Model.CreatedAt, _ = recs[0]["created_at"].(string)
	case s.opts.ModelVersion > 0:
		return Stamp{}, fmt.Errorf("%w: model version %d not found; omit the version to export the newest", graphdb.ErrNoModel, s.opts.ModelVersion)
	}

	return st, nil
}

// Open streams the named table with a fresh stamp. The caller must
// Release the reader.
func (s *Source) Open(ctx context.Context, name string) (array.RecordReader, error) {
	t, err := Lookup(name)
	if err != nil {
		return nil, err
	}

	st, err := s.Stamp(ctx)
	if err != nil {
		return nil, err
	}

	return s.OpenTable(ctx, t, st)
}

// OpenTable streams t, stamping its schema with st. Tables that need a
// model return an error wrapping graphdb.ErrNoModel when st has none.
// The caller must Release the reader.
func (s *Source) OpenTable(ctx context.Context, t Table, st Stamp) (array.RecordReader, error) {
	if t.NeedsModel && st.Model.Version == 0 {
		return nil, fmt.Errorf("export %s: %w; run \"tailor train\" first", t.Name, graphdb.ErrNoModel)
	}

	gt, params := t.graph(st.Model)

	rr, err := s.client.StreamTable(ctx, gt, params, s.opts.BatchRows, s.opts.Allocator)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", t.Name, err)
	}

	r := &stampedReader{src: rr, schema: annotate(t, gt.Schema, st)}
	r.refs.Store(1)

	return r, nil
}

// stampedReader passes on the batches of src under a schema that adds
// metadata, which writers compare against each batch's schema.
type stampedReader struct {
	src    array.RecordReader
	schema *arrow.Schema
	cur    arrow.RecordBatch
	refs   atomic.Int64
}

func (r *stampedReader) Retain() { r.refs.Add(1) }

func (r *stampedReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}

	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}

	r.src.Release()
}

func (r *stampedReader) Schema() *arrow.Schema { return r.schema }

func (r *stampedReader) Err() error { return r.src.Err() }

func (r *stampedReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current batch; it exists to satisfy array.RecordReader.
func (r *stampedReader) Record() arrow.RecordBatch { return r.cur }

func (r *stampedReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}

	if !r.src.Next() {
		return false
	}

	rec := r.src.RecordBatch()
	r.cur = array.NewRecordBatch(r.schema, rec.Columns(), rec.NumRows())

	return true
}
