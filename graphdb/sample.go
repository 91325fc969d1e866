package graphdb

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/tailorsearch/tailor/cypher"
)

// Relationship types that a sampled subgraph holds.
const (
	RelHasAttribute = "HAS_ATTRIBUTE"
	RelLikedWith    = "LIKED_WITH"
)

// FanOut caps the edges that one hop samples around each product, per
// relationship type.
type FanOut struct {
	Attributes int // HAS_ATTRIBUTE edges per product
	Liked      int // LIKED_WITH edges per product
}

// AllEdges is a fan-out larger than any product's degree: a hop with it
// keeps every edge.
const AllEdges = 1 << 30

// SampleOptions sets how subgraphs are sampled and streamed.
type SampleOptions struct {
	// Hops contains one fan-out per hop. Hop 1 starts at the seed
	// products. Each later hop starts at the products that the previous
	// hop reached first through LIKED_WITH edges.
	Hops []FanOut

	// BatchSeeds is the number of seed products per subgraph; 0 means
	// DefaultBatchSeeds.
	BatchSeeds int

	// Prefetch is the number of subgraphs that StreamSubgraphs pulls ahead
	// of its reader; 0 means 2. Memory holds at most Prefetch+2 subgraphs.
	Prefetch int

	// Salt fixes the pseudo-random order that decides which edges a
	// fan-out keeps.
	Salt int64

	Mem memory.Allocator // nil means memory.DefaultAllocator
}

// DefaultBatchSeeds is the number of seed products per sampled subgraph.
// On FashionIQ, subgraphs of 4096 seeds pulled edges faster than
// subgraphs of 512 (see docs/benchmarks.md).
const DefaultBatchSeeds = 4096

// ErrNoHops means SampleOptions names no hop to sample.
var ErrNoHops = errors.New("sample options name no hop")

// SampledEdgesSchema is the edge table of a sampled subgraph. A
// HAS_ATTRIBUTE row fills kind and value, a LIKED_WITH row fills other.
// The columns product, kind and value match the attribute_edges table,
// and product and other match the preferences table.
var SampledEdgesSchema = arrow.NewSchema([]arrow.Field{
	{Name: "hop", Type: arrow.PrimitiveTypes.Int64},
	utf8Field("product", false), utf8Field("rel", false),
	utf8Field("other", true), utf8Field("kind", true), utf8Field("value", true),
}, nil)

// SampledNodesSchema is the node table of a sampled subgraph: each product
// and attribute once, with the hop that first reached it (0 for seeds).
var SampledNodesSchema = arrow.NewSchema([]arrow.Field{
	{Name: "hop", Type: arrow.PrimitiveTypes.Int64},
	utf8Field("label", false), utf8Field("id", true), utf8Field("kind", true), utf8Field("value", true),
}, nil)

// Subgraph is one sampled neighbourhood as columnar node and edge tables.
type Subgraph struct {
	Nodes arrow.RecordBatch
	Edges arrow.RecordBatch
}

// Release releases both tables.
func (s *Subgraph) Release() {
	s.Nodes.Release()
	s.Edges.Release()
}

// SampleSubgraph samples the neighbourhoods of the seed products hop by
// hop, with the fan-outs of opts.Hops.
func (c *Client) SampleSubgraph(ctx context.Context, seeds []string, opts SampleOptions) (*Subgraph, error) {
	if len(opts.Hops) == 0 {
		return nil, ErrNoHops
	}

	mem := opts.Mem
	if mem == nil {
		mem = memory.DefaultAllocator
	}

	sb := newSubgraphBuilder(mem)
	defer sb.release()

	for _, id := range seeds {
		sb.product(0, id)
	}

	frontier := seeds
	for i, fan := range opts.Hops {
		if len(frontier) == 0 {
			break
		}

		next, err := c.sampleHop(ctx, sb, int64(i+1), frontier, fan, opts.Salt)
		if err != nil {
			return nil, err
		}

		frontier = next
	}

	return sb.finish(), nil
}

// sampleHop runs one hop and returns the products it reached first.
func (c *Client) sampleHop(ctx context.Context, sb *subgraphBuilder, hop int64, ids []string, fan FanOut, salt int64) ([]string, error) {
	s := c.session(ctx, neo4j.AccessModeRead)
	defer s.Close(ctx)

	params := map[string]any{"ids": ids, "attributes": fan.Attributes, "liked": fan.Liked, "salt": salt}

	res, err := s.Run(ctx, cypher.MustStatement("sample_hop"), params)
	if err != nil {
		return nil, fmt.Errorf("sample hop %d: %w", hop, mapError(err))
	}

	var next []string
	for res.Next(ctx) {
		v := res.Record().Values
		product, rel := v[0].(string), v[1].(string)

		if rel == RelLikedWith {
			other := v[2].(string)
			sb.edge(hop, product, rel, other, "", "")
			if sb.product(hop, other) {
				next = append(next, other)
			}

			continue
		}

		kind, value := v[3].(string), v[4].(string)
		sb.edge(hop, product, rel, "", kind, value)
		sb.attribute(hop, kind, value)
	}

	if err := res.Err(); err != nil {
		return nil, fmt.Errorf("sample hop %d: %w", hop, mapError(err))
	}

	return next, nil
}

// subgraphBuilder appends edges and first-seen nodes to Arrow builders.
type subgraphBuilder struct {
	edges, nodes *array.RecordBuilder
	seen         map[[3]string]bool // label, id or kind, value
}

func newSubgraphBuilder(mem memory.Allocator) *subgraphBuilder {
	return &subgraphBuilder{
		edges: array.NewRecordBuilder(mem, SampledEdgesSchema),
		nodes: array.NewRecordBuilder(mem, SampledNodesSchema),
		seen:  map[[3]string]bool{},
	}
}

func (b *subgraphBuilder) edge(hop int64, product, rel, other, kind, value string) {
	f := b.edges.Fields()
	f[0].(*array.Int64Builder).Append(hop)
	f[1].(*array.StringBuilder).Append(product)
	f[2].(*array.StringBuilder).Append(rel)
	appendOptional(f[3].(*array.StringBuilder), other)
	appendOptional(f[4].(*array.StringBuilder), kind)
	appendOptional(f[5].(*array.StringBuilder), value)
}

// product adds a product node and reports whether it was new.
func (b *subgraphBuilder) product(hop int64, id string) bool {
	return b.node(hop, "Product", id, "", "")
}

func (b *subgraphBuilder) attribute(hop int64, kind, value string) {
	b.node(hop, "Attribute", "", kind, value)
}

func (b *subgraphBuilder) node(hop int64, label, id, kind, value string) bool {
	key := [3]string{label, id + "\x00" + kind, value}
	if b.seen[key] {
		return false
	}

	b.seen[key] = true

	f := b.nodes.Fields()
	f[0].(*array.Int64Builder).Append(hop)
	f[1].(*array.StringBuilder).Append(label)
	appendOptional(f[2].(*array.StringBuilder), id)
	appendOptional(f[3].(*array.StringBuilder), kind)
	appendOptional(f[4].(*array.StringBuilder), value)

	return true
}

func (b *subgraphBuilder) finish() *Subgraph {
	return &Subgraph{Nodes: b.nodes.NewRecordBatch(), Edges: b.edges.NewRecordBatch()}
}

func (b *subgraphBuilder) release() {
	b.edges.Release()
	b.nodes.Release()
}

func appendOptional(b *array.StringBuilder, s string) {
	if s == "" {
		b.AppendNull()
		return
	}

	b.Append(s)
}

// StreamSubgraphs samples the subgraphs of consecutive batches of seeds
// and returns their edge tables as one record batch per subgraph. A
// goroutine pulls up to opts.Prefetch subgraphs ahead of the reader, so
// pulling overlaps with whatever the reader does between calls to Next.
// The caller must call Release, which stops the goroutine.
func (c *Client) StreamSubgraphs(ctx context.Context, seeds []string, opts SampleOptions) (array.RecordReader, error) {
	if len(opts.Hops) == 0 {
		return nil, ErrNoHops
	}

	if opts.BatchSeeds <= 0 {
		opts.BatchSeeds = DefaultBatchSeeds
	}

	if opts.Prefetch <= 0 {
		opts.Prefetch = 2
	}

	ctx, cancel := context.WithCancel(ctx)
	r := &subgraphReader{ch: make(chan pulled, opts.Prefetch), cancel: cancel}
	r.refs.Store(1)
	r.wg.Add(1)

	go func() {
		defer r.wg.Done()
		defer close(r.ch)

		for lo := 0; lo < len(seeds); lo += opts.BatchSeeds {
			sg, err := c.SampleSubgraph(ctx, seeds[lo:min(lo+opts.BatchSeeds, len(seeds))], opts)
			if err == nil {
				sg.Nodes.Release()
			}

			select {
			case r.ch <- pulled{edges: edgesOf(sg), err: err}:
			case <-ctx.Done():
				if sg != nil {
					sg.Edges.Release()
				}

				return
			}

			if err != nil {
				return
			}
		}
	}()

	return r, nil
}

func edgesOf(sg *Subgraph) arrow.RecordBatch {
	if sg == nil {
		return nil
	}

	return sg.Edges
}

type pulled struct {
	edges arrow.RecordBatch
	err   error
}

// subgraphReader implements array.RecordReader over the pulling goroutine.
type subgraphReader struct {
	ch     chan pulled
	cancel context.CancelFunc
	wg     sync.WaitGroup

	refs atomic.Int64
	cur  arrow.RecordBatch
	err  error
}

func (r *subgraphReader) Retain() { r.refs.Add(1) }

func (r *subgraphReader) Release() {
	if r.refs.Add(-1) != 0 {
		return
	}

	r.cancel()
	for p := range r.ch {
		if p.edges != nil {
			p.edges.Release()
		}
	}

	r.wg.Wait()

	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
}

func (r *subgraphReader) Schema() *arrow.Schema { return SampledEdgesSchema }

func (r *subgraphReader) Err() error { return r.err }

func (r *subgraphReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record returns the current batch; it exists to satisfy array.RecordReader.
func (r *subgraphReader) Record() arrow.RecordBatch { return r.cur }

func (r *subgraphReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}

	if r.err != nil {
		return false
	}

	p, ok := <-r.ch
	if !ok {
		return false
	}

	if p.err != nil {
		r.err = p.err
		return false
	}

	r.cur = p.edges

	return true
}
