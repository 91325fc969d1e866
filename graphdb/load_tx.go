package graphdb

import (
	"context"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// loadTxTimeout bounds one batch transaction of a load.
const loadTxTimeout = 10 * time.Minute

// writeTx runs work in one write transaction, which the driver retries
// on transient errors such as deadlocks, so work must not change state
// outside the transaction. An error from work rolls the transaction back.
func (c *Client) writeTx(ctx context.Context, work func(tx neo4j.ManagedTransaction) (any, error)) (any, error) {
	s := c.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)

	v, err := s.ExecuteWrite(ctx, work, neo4j.WithTxTimeout(loadTxTimeout))
	if err != nil {
		return nil, mapError(err)
	}

	return v, nil
}

// collectTx runs a statement inside tx and returns its records as maps.
func collectTx(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any) ([]map[string]any, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return nil, err
	}

	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, err
	}

	out := make([]map[string]any, len(recs))
	for i, r := range recs {
		out[i] = r.AsMap()
	}

	return out, nil
}

// countTx runs a statement inside tx and returns what it changed.
func countTx(ctx context.Context, tx neo4j.ManagedTransaction, query string, params map[string]any) (Counts, error) {
	res, err := tx.Run(ctx, query, params)
	if err != nil {
		return Counts{}, err
	}

	sum, err := res.Consume(ctx)
	if err != nil {
		return Counts{}, err
	}

	n := sum.Counters()

	return Counts{
		NodesCreated:         n.NodesCreated(),
		RelationshipsCreated: n.RelationshipsCreated(),
		RelationshipsDeleted: n.RelationshipsDeleted(),
		PropertiesSet:        n.PropertiesSet(),
	}, nil
}
