package graphdb

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/tailorsearch/tailor/cypher"
)

// DefaultBatchRows is the number of rows per Arrow record batch.
const DefaultBatchRows = 8192

// StreamTable runs t's query and returns its rows as Arrow record
// batches of at most batchRows rows. Rows are pulled from Neo4j as the
// reader advances, so memory stays bounded by the batch size. The caller
// must call Release, which also closes the Neo4j session.
func (c *Client) StreamTable(ctx context.Context, t Table, params map[string]any, batchRows int, mem memory.Allocator) (array.RecordReader, error) {
	if batchRows <= 0 {
		batchRows = DefaultBatchRows
	}

	if mem == nil {
		mem = memory.DefaultAllocator
	}

	query, err := cypher.Statements(t.Query)
	if err != nil {
		return nil, err
	}

	// Fetching a batch's worth of records per round trip, rather than the
	// driver's default of 1000, saves round trips on large tables.
	s := c.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: neo4j.AccessModeRead, DatabaseName: c.database, FetchSize: batchRows})

	res, err := s.Run(ctx, query[0], params, neo4j.WithTxTimeout(0))
	if err != nil {
		_ = s.Close(ctx)
		return nil, fmt.Errorf("stream table %s: %w", t.Name, mapError(err))
	}

	r := &tableReader{ctx: ctx, table: t, session: s, result: res, rows: batchRows, builder: array.NewRecordBuilder(mem, t.Schema)}
	r.refs.Store(1)

	return r, nil
}

// tableReader implements array.RecordReader over a Neo4j result.
type tableReader struct {
	ctx     context.Context
	table   Table
	session neo4j.SessionWithContext
	result  neo4j.ResultWithContext
	rows    int
	builder *array.RecordBuilder

	refs atomic.Int64
	cur  arrow.RecordBatch
	err  error
	done bool
}

func (r *tableReader) Retain() { r.refs.Add(1) }

func (r *tableReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}

	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}

	r.builder.Release()
	_ = r.session.Close(context.WithoutCancel(r.ctx))
}

func (r *tableReader) Schema() *arrow.Schema { return r.table.Schema }

func (r *tableReader) Err() error { return r.err }

func (r *tableReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current batch; it exists to satisfy array.RecordReader.
func (r *tableReader) Record() arrow.RecordBatch { return r.cur }

func (r *tableReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}

	if r.done || r.err != nil {
		return false
	}

	n := 0
	for n < r.rows && r.result.Next(r.ctx) {
		if err := appendRow(r.builder, r.result.Record().Values); err != nil {
			r.err = fmt.Errorf("stream table %s: row %d: %w", r.table.Name, n, err)
			return false
		}

		n++
	}

	if err := r.result.Err(); err != nil {
		r.err = fmt.Errorf("stream table %s: %w", r.table.Name, mapError(err))
		return false
	}

	if n < r.rows {
		r.done = true
	}

	if n == 0 {
		return false
	}

	r.cur = r.builder.NewRecordBatch()

	return true
}

// appendRow appends one Neo4j record to the builder's columns by type.
func appendRow(b *array.RecordBuilder, values []any) error {
	if len(values) != len(b.Fields()) {
		return fmt.Errorf("query returned %d columns, schema has %d", len(values), len(b.Fields()))
	}

	for i, f := range b.Fields() {
		if err := appendValue(f, b.Schema().Field(i).Type, values[i]); err != nil {
			return fmt.Errorf("column %s: %w", b.Schema().Field(i).Name, err)
		}
	}

	return nil
}

// appendValue appends v to f, whose type is dt. The type comes from the
// schema because builders of nested types rebuild theirs on every call.
func appendValue(f array.Builder, dt arrow.DataType, v any) error {
	if v == nil {
		f.AppendNull()
		return nil
	}

	switch fb := f.(type) {
	case *array.StringBuilder:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("value %v is %T, want string", v, v)
		}

		fb.Append(s)
	case *array.Int64Builder:
		n, ok := v.(int64)
		if !ok {
			return fmt.Errorf("value %v is %T, want integer", v, v)
		}

		fb.Append(n)
	case *array.Float64Builder:
		x, ok := v.(float64)
		if !ok {
			return fmt.Errorf("value %v is %T, want float", v, v)
		}

		fb.Append(x)
	case *array.ListBuilder:
		return appendList(fb, dt.(*arrow.ListType).Elem(), v)
	case *array.FixedSizeListBuilder:
		return appendFixedList(fb, v)
	case *array.StructBuilder:
		return appendStruct(fb, dt.(*arrow.StructType), v)
	case *array.TimestampBuilder:
		t, ok := v.(time.Time)
		if !ok {
			return fmt.Errorf("value %v is %T, want date-time", v, v)
		}

		fb.AppendTime(t)
	default:
		return fmt.Errorf("unsupported column builder %T", f)
	}

	return nil
}

func appendList(lb *array.ListBuilder, elem arrow.DataType, v any) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("value %v is %T, want list", v, v)
	}

	lb.Append(true)
	for _, it := range items {
		if err := appendValue(lb.ValueBuilder(), elem, it); err != nil {
			return err
		}
	}

	return nil
}

// appendStruct appends a Neo4j map, taking each struct field from the map
// entry of the same name; a missing entry is null.
func appendStruct(sb *array.StructBuilder, st *arrow.StructType, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("value %v is %T, want map", v, v)
	}

	sb.Append(true)
	for i := range st.NumFields() {
		if err := appendValue(sb.FieldBuilder(i), st.Field(i).Type, m[st.Field(i).Name]); err != nil {
			return fmt.Errorf("field %s: %w", st.Field(i).Name, err)
		}
	}

	return nil
}

func appendFixedList(lb *array.FixedSizeListBuilder, v any) error {
	items, ok := v.([]any)
	if !ok {
		return fmt.Errorf("value %v is %T, want list", v, v)
	}

	width := int(lb.Type().(*arrow.FixedSizeListType).Len())
	if len(items) != width {
		return fmt.Errorf("list has %d values, want %d", len(items), width)
	}

	fb, ok := lb.ValueBuilder().(*array.Float32Builder)
	if !ok {
		return fmt.Errorf("unsupported fixed-size list of %T", lb.ValueBuilder())
	}

	lb.Append(true)
	for _, it := range items {
		x, ok := it.(float64)
		if !ok {
			return fmt.Errorf("vector value %v is %T, want float", it, it)
		}

		fb.Append(float32(x))
	}

	return nil
}
