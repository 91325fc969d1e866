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
	"github.com/tailorsearch/tailor/internal/retrieval"
)

func runServe(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("serve", "[options]")
	addr := fs.String("addr", "127.0.0.1:8080", "host:port to listen on")
	maxK := fs.Int("max-k", api.DefaultLimits().MaxK, "largest number of results one search may ask for")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	engine := retrieval.NewEngine(client, a.logger)
	go a.loadEngine(ctx, engine)

	limits := api.DefaultLimits()
	limits.MaxK = *maxK

	return a.serve(ctx, *addr, api.NewServer(engine, client, a.logger, limits).WithAPIKey(os.Getenv("TAILOR_API_KEY")))
}

// loadEngine loads the newest model, retrying until one exists, so that
// the server answers /healthz at once and turns ready when training ends.
func (a *app) loadEngine(ctx context.Context, engine *retrieval.Engine) {
	for wait := time.Second; ; wait = min(2*wait, 30*time.Second) {
		err := engine.Reload(ctx)
		if err == nil {
			return
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
