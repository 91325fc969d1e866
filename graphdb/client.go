package graphdb

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// Config is the connection setting for Neo4j.
type Config struct {
	URI      string // Bolt address, such as bolt://127.0.0.1:7687
	User     string
	Password string // empty means no authentication
	Database string // empty means the server's default database
}

// DefaultURI is the Bolt address of the local server that "tailor neo4j start" runs.
const DefaultURI = "bolt://127.0.0.1:7687"

// Client is a connection pool to one Neo4j database.
type Client struct {
	driver   neo4j.DriverWithContext
	database string
	logger   *slog.Logger
}

// Open creates a client and checks that the server responds.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*Client, error) {
	if cfg.URI == "" {
		cfg.URI = DefaultURI
	}

	auth := neo4j.NoAuth()
	if cfg.Password != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}

	// Transient failures are retried for at most five seconds, so that a
	// request fails fast with ErrUnavailable while Neo4j is down.
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.SocketConnectTimeout = 5 * time.Second
		c.MaxConnectionPoolSize = 32
		c.MaxTransactionRetryTime = 5 * time.Second
		c.ConnectionAcquisitionTimeout = 5 * time.Second
	})
	if err != nil {
		return nil, fmt.Errorf("create driver for %s: %w", cfg.URI, mapError(err))
	}

	if err := driver.VerifyConnectivity(ctx); err != nil {
		_ = driver.Close(ctx)
		return nil, fmt.Errorf("connect to %s: %w", cfg.URI, mapError(err))
	}

	logger.Debug("connected to neo4j", "uri", cfg.URI, "database", cfg.Database)

	return &Client{driver: driver, database: cfg.Database, logger: logger}, nil
}

// Close releases the connection pool.
func (c *Client) Close(ctx context.Context) error {
	return c.driver.Close(ctx)
}

// Ping checks that the server responds.
func (c *Client) Ping(ctx context.Context) error {
	if err := c.driver.VerifyConnectivity(ctx); err != nil {
		return fmt.Errorf("ping neo4j: %w", mapError(err))
	}

	return nil
}

// Driver returns the underlying driver for packages that stream results
// themselves (the Arrow export, for one).
func (c *Client) Driver() neo4j.DriverWithContext { return c.driver }

// Database returns the database name that sessions use; empty is the default.
func (c *Client) Database() string { return c.database }

func (c *Client) session(ctx context.Context, mode neo4j.AccessMode) neo4j.SessionWithContext {
	return c.driver.NewSession(ctx, neo4j.SessionConfig{AccessMode: mode, DatabaseName: c.database})
}

// Read runs a read query and returns all records as maps.
func (c *Client) Read(ctx context.Context, query string, params map[string]any) ([]map[string]any, error) {
	return c.run(ctx, neo4j.AccessModeRead, query, params)
}

// Write runs a write query in one transaction and returns all records as maps.
func (c *Client) Write(ctx context.Context, query string, params map[string]any) ([]map[string]any, error) {
	return c.run(ctx, neo4j.AccessModeWrite, query, params)
}

func (c *Client) run(ctx context.Context, mode neo4j.AccessMode, query string, params map[string]any) ([]map[string]any, error) {
	s := c.session(ctx, mode)
	defer s.Close(ctx)

	work := func(tx neo4j.ManagedTransaction) (any, error) {
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

	var (
		v   any
		err error
	)
	if mode == neo4j.AccessModeRead {
		v, err = s.ExecuteRead(ctx, work)
	} else {
		v, err = s.ExecuteWrite(ctx, work)
	}

	if err != nil {
		return nil, mapError(err)
	}

	return v.([]map[string]any), nil
}

// Auto runs a statement in an implicit (auto-commit) transaction, which
// "CALL { } IN TRANSACTIONS" requires, and discards its records.
func (c *Client) Auto(ctx context.Context, query string, params map[string]any) error {
	s := c.session(ctx, neo4j.AccessModeWrite)
	defer s.Close(ctx)

	res, err := s.Run(ctx, query, params)
	if err != nil {
		return mapError(err)
	}

	if _, err := res.Consume(ctx); err != nil {
		return mapError(err)
	}

	return nil
}
