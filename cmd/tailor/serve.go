package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/export"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("serve", "[options]")
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on")
	maxK := fs.Int("max-k", api.DefaultLimits().MaxK, "largest number of results one search may ask for")
	reload := fs.Duration("reload", 0, "how often to reload the model and graph from Neo4j, picking up newer models and edits made by other servers or in Cypher (0: never; e.g. 5m)")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	if *maxK < 1 {
		return fmt.Errorf("%w: invalid --max-k %d: it must be at least 1", errUsage, *maxK)
	}

	if *reload < 0 {
		return fmt.Errorf("%w: invalid --reload %s: it must not be negative", errUsage, *reload)
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	engine := retrieval.NewEngine(client, a.logger)
	go a.loadEngine(ctx, engine, *reload)

	limits := api.DefaultLimits()
	limits.MaxK = *maxK

	return a.serve(ctx, *addr, api.NewServer(engine, client, a.logger, limits).WithAPIKey(os.Getenv("TAILOR_API_KEY")).
		WithExporter(export.NewSource(client, a.logger, export.Options{})))
}

// loadEngine loads the newest model, retrying until one exists, so that
// the server responds to /healthz at once and turns ready when training
// ends. With every > 0 it then reloads at that interval.
func (a *app) loadEngine(ctx context.Context, engine *retrieval.Engine, every time.Duration) {
	for wait := time.Second; ; wait = min(2*wait, 30*time.Second) {
		err := engine.Reload(ctx)
		if err == nil {
			break
		}

		if errors.Is(err, graphdb.ErrNoModel) {
			a.logger.Warn("no trained model yet; run \"tailor train\"", "retry_in", wait)
		} else {
			a.logger.Error("loading the model failed", "err", err, "retry_in", wait)
		}

		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}

	if every <= 0 {
		return
	}

	ticker := time.NewTicker(every)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := engine.Reload(ctx); err != nil {
				a.logger.Error("reloading the model failed; serving the previous one", "err", err)
			}
		}
	}
}

// serve runs the HTTP server until ctx ends, then lets requests in flight
// finish for up to ten seconds.
func (a *app) serve(ctx context.Context, addr string, s *api.Server) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w (pick another address with --addr)", addr, err)
	}

	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second}
	errc := make(chan error, 1)

	go func() { errc <- srv.Serve(ln) }()

	if host, _, _ := net.SplitHostPort(ln.Addr().String()); !net.ParseIP(host).IsLoopback() {
		a.logger.Warn("listening beyond loopback: other machines can reach the API", "addr", ln.Addr().String(), "write_key_set", os.Getenv("TAILOR_API_KEY") != "")
	}

	a.logger.Info("serving", "addr", "http://"+ln.Addr().String())
	fmt.Fprintf(a.stdout, "serving on http://%s (Ctrl-C to stop)\n", ln.Addr())

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	a.logger.Info("shutting down")
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}

	return nil
}
