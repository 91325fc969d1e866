package graphdb

import (
	"context"
	"fmt"

	"github.com/tailorsearch/tailor/cypher"
)

// ApplySchema creates Tailor's constraints and indexes where they are
// missing. It is safe to run on every start.
func (c *Client) ApplySchema(ctx context.Context) error {
	statements, err := cypher.Statements("schema")
	if err != nil {
		return err
	}

	for _, st := range statements {
		if err := c.Auto(ctx, st, nil); err != nil {
			return fmt.Errorf("apply schema statement %q: %w", st, err)
		}
	}

	if err := c.Auto(ctx, "CALL db.awaitIndexes(300)", nil); err != nil {
		return fmt.Errorf("wait for indexes: %w", err)
	}

	c.logger.Debug("schema applied", "statements", len(statements))

	return nil
}
