package main

import (
	"context"
	"fmt"

	"github.com/tailorsearch/tailor/graphdb"
)

// dbConfig reads the Neo4j settings from the environment.
func dbConfig() graphdb.Config {
	return graphdb.Config{
		URI:      envOr("NEO4J_URI", graphdb.DefaultURI),
		User:     envOr("NEO4J_USER", "neo4j"),
		Password: envOr("NEO4J_PASSWORD", ""),
		Database: envOr("NEO4J_DATABASE", ""),
	}
}

// openDB connects to Neo4j and applies the schema.
func (a *app) openDB(ctx context.Context) (*graphdb.Client, error) {
	cfg := dbConfig()

	a.logger.Info("using neo4j", "uri", cfg.URI, "database", cfg.Database)

	client, err := graphdb.Open(ctx, cfg, a.logger)
	if err != nil {
		return nil, fmt.Errorf("%w (start the local server with \"tailor neo4j start\", or set NEO4J_URI)", err)
	}

	if err := client.ApplySchema(ctx); err != nil {
		_ = client.Close(ctx)
		return nil, err
	}

	return client, nil
}
