package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"time"

	"github.com/tailorsearch/tailor/graphdb"
)

// Readiness polling: the interval between attempts and the bound on one attempt.
const (
	pollInterval = 500 * time.Millisecond
	probeTimeout = 10 * time.Second
)

// waitReady polls Bolt on o.BoltPort until a query succeeds, the launcher
// exits, o.StartTimeout passes or ctx ends. exited reports whether the
// launcher has exited and how. Errors include the log lines written since
// byte offset logOffset.
func waitReady(ctx context.Context, logger *slog.Logger, o Options, l layout, exited func() (bool, string), logOffset int64) error {
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(o.BoltPort))
	uri := "bolt://" + addr
	deadline := time.Now().Add(o.StartTimeout)

	for {
		if done, exitStatus := exited(); done {
			return fmt.Errorf("%w (%s) before Bolt on %s accepted a query; %s", ErrExitedEarly, exitStatus, uri, describeLogs(l, logOffset))
		}

		err := probeBolt(ctx, logger, addr, o.Password)
		if err == nil {
			return nil
		}

		if errors.Is(err, graphdb.ErrInvalid) {
			return fmt.Errorf("neo4j on %s rejected the connection: %w; a database folder keeps the password it was created with, so set NEO4J_PASSWORD to that password, or remove %s to start with an empty database", uri, err, filepath.Join(l.home, "data"))
		}

		if time.Now().After(deadline) {
			return fmt.Errorf("%w: Bolt on %s accepted no query within %s (last error: %v); raise the start timeout (tailor neo4j start --timeout) or read the logs. %s", ErrStartTimeout, uri, o.StartTimeout, err, describeLogs(l, logOffset))
		}

		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for neo4j on %s: %w", uri, ctx.Err())
		case <-time.After(pollInterval):
		}
	}
}

// probeBolt connects to Bolt on addr (host:port) and runs RETURN 1, which
// also checks that the default database is online.
func probeBolt(ctx context.Context, logger *slog.Logger, addr, password string) error {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()

	// A plain TCP dial fails fast while the port is still closed.
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	conn.Close()

	client, err := graphdb.Open(ctx, graphdb.Config{URI: "bolt://" + addr, User: "neo4j", Password: password}, logger)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	_, err = client.Read(ctx, "RETURN 1 AS ready", nil)

	return err
}

// describeLogs returns where Neo4j's own logs are and the last lines the
// launcher wrote since offset.
func describeLogs(l layout, offset int64) string {
	return fmt.Sprintf("Neo4j's debug log is %s; last lines of %s:\n%s",
		filepath.Join(l.home, "logs", "debug.log"), l.logFile, tailLines(l.logFile, offset, logTailLines))
}
