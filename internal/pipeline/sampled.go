package pipeline

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
)

// SampledSource returns a TableSource that serves the attribute_edges
// table from sampled subgraphs of every product, and every other table
// from client.
func SampledSource(client *graphdb.Client, opts graphdb.SampleOptions) embed.TableSource {
	return sampledSource{client: client, opts: opts}
}

// sampledSource serves the attribute_edges table from sampled subgraphs
// of every product, and every other table from the client. With a
// fan-out of graphdb.AllEdges it returns the same edges in the same order
// as the whole table, so training reads the same graph.
type sampledSource struct {
	client *graphdb.Client
	opts   graphdb.SampleOptions
}

func (s sampledSource) OpenTable(ctx context.Context, name string) (array.RecordReader, error) {
	if name != embed.TableAttributeEdges {
		return s.client.OpenTable(ctx, name)
	}

	ids, err := productIDs(ctx, s.client)
	if err != nil {
		return nil, err
	}

	return s.client.StreamSubgraphs(ctx, ids, s.opts)
}

// productIDs reads the id of every product, in the products table's order.
func productIDs(ctx context.Context, src embed.TableSource) ([]string, error) {
	rr, err := src.OpenTable(ctx, embed.TableProducts)
	if err != nil {
		return nil, fmt.Errorf("read product ids: %w", err)
	}
	defer rr.Release()

	var ids []string
	for rr.Next() {
		rec := rr.RecordBatch()
		col, ok := rec.Column(rec.Schema().FieldIndices("id")[0]).(*array.String)
		if !ok {
			return nil, fmt.Errorf("read product ids: column id is %s, not a string", rec.Column(0).DataType())
		}

		for i := range col.Len() {
			ids = append(ids, col.Value(i))
		}
	}

	if err := rr.Err(); err != nil {
		return nil, fmt.Errorf("read product ids: %w", err)
	}

	return ids, nil
}
