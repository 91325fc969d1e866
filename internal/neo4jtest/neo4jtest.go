package neo4jtest

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/graphdb"
)

// DefaultURI is the Bolt address of the test server that "make test" starts.
const DefaultURI = "bolt://127.0.0.1:7688"

// Config returns the connection settings for the test server.
func Config() graphdb.Config {
	uri := os.Getenv("NEO4J_TEST_URI")
	if uri == "" {
		uri = DefaultURI
	}

	return graphdb.Config{
		URI:      uri,
		User:     envOr("NEO4J_TEST_USER", "neo4j"),
		Password: os.Getenv("NEO4J_TEST_PASSWORD"),
	}
}

// Required reports whether a missing test server fails the test rather
// than skipping it.
func Required() bool {
	return os.Getenv("CI") != "" || os.Getenv("TAILOR_REQUIRE_NEO4J") != ""
}

// Open connects to the test server, wipes it, and closes the client when
// the test ends.
func Open(t testing.TB) *graphdb.Client {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	cfg := Config()
	c, err := graphdb.Open(ctx, cfg, Logger())
	if err != nil {
		msg := "neo4j test server at " + cfg.URI + " is not responding (run \"make test\", which starts it): " + err.Error()
		if Required() {
			t.Fatal(msg)
		}

		t.Skip(msg)
	}

	t.Cleanup(func() { _ = c.Close(context.Background()) })

	Wipe(t, c)

	return c
}

// Wipe deletes every relationship and then every node, in batches, so
// that large or dense test graphs do not exhaust the transaction memory.
func Wipe(t testing.TB, c *graphdb.Client) {
	t.Helper()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	for _, q := range []string{
		"MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS",
		"MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS",
	} {
		if err := c.Auto(ctx, q, nil); err != nil {
			t.Fatalf("wipe test database: %v", err)
		}
	}
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}

	return def
}

// Logger returns a logger that discards everything, for tests.
func Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}
