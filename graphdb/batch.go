package graphdb

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Counts totals what write statements changed.
type Counts struct {
	NodesCreated         int
	RelationshipsCreated int
	RelationshipsDeleted int
	PropertiesSet        int
}

// Add adds o into c.
func (c *Counts) Add(o Counts) {
	c.NodesCreated += o.NodesCreated
	c.RelationshipsCreated += o.RelationshipsCreated
	c.RelationshipsDeleted += o.RelationshipsDeleted
	c.PropertiesSet += o.PropertiesSet
}

// Progress receives the number of rows written so far after each batch.
type Progress func(done int)

// WriteBatches runs query once per batch of at most size rows, passing the
// batch as $rows, each batch in its own transaction. A failed batch leaves
// nothing behind; batches before it stay committed, so a rerun of an
// idempotent statement continues where the failure happened.
func (c *Client) WriteBatches(ctx context.Context, query string, rows []map[string]any, size int, progress Progress) (Counts, error) {
	var total Counts
	if size < 1 {
		return total, fmt.Errorf("write batches: invalid batch size %d", size)
	}

	for lo := 0; lo < len(rows); lo += size {
		hi := min(lo+size, len(rows))

		counts, err := c.WriteCounted(ctx, query, map[string]any{"rows": rows[lo:hi]})
		if err != nil {
			return total, fmt.Errorf("write rows %d to %d: %w", lo, hi-1, err)
		}

		total.Add(counts)
		if progress != nil {
			progress(hi)
		}
	}

	return total, nil
}

// WriteCounted runs a write statement in one transaction and returns what it changed.
func (c *Client) WriteCounted(ctx context.Context, query string, params map[string]any) (Counts, error) {
	s := c.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)

	v, err := s.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query, params)
		if err != nil {
			return nil, err
		}

		sum, err := res.Consume(ctx)
		if err != nil {
			return nil, err
		}

		n := sum.Counters()

		return Counts{
			NodesCreated:         n.NodesCreated(),
			RelationshipsCreated: n.RelationshipsCreated(),
			RelationshipsDeleted: n.RelationshipsDeleted(),
			PropertiesSet:        n.PropertiesSet(),
		}, nil
	}, neo4j.WithTxTimeout(10*time.Minute))
	if err != nil {
		return Counts{}, mapError(err)
	}

	return v.(Counts), nil
}
