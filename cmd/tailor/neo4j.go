package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/tailorsearch/tailor/graphdb/local"
)

// neo4jUsage is the help of "tailor neo4j" without a subcommand.
const neo4jUsage = `Usage: tailor neo4j start|stop|status [options]   (tailor neo4j start -h for its options)

  start   start the local Neo4j 5.26 server in the background, or find it running
  stop    stop the local server of a state folder
  status  print whether the server of a state folder runs, its pid and its addresses

The server needs Java 17 or 21; the first start builds graphdb/launcher with Maven.
Each --state-dir holds an independent server; give it its own ports.`

// runNeo4j runs "tailor neo4j start|stop|status".
func runNeo4j(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(a.stderr, neo4jUsage)
		return fmt.Errorf("%w: missing subcommand; use start, stop or status", errUsage)
	}

	switch args[0] {
	case "start":
		return runNeo4jStart(ctx, a, args[1:])
	case "stop":
		return runNeo4jStop(ctx, a, args[1:])
	case "status":
		return runNeo4jStatus(ctx, a, args[1:])
	case "help", "-h", "--help":
		fmt.Fprintln(a.stdout, neo4jUsage)
		return flag.ErrHelp
	default:
		fmt.Fprintln(a.stderr, neo4jUsage)
		return fmt.Errorf("%w: unknown subcommand %q; use start, stop or status", errUsage, args[0])
	}
}

// addStateDirFlag registers --state-dir on fs.
func addStateDirFlag(fs *flag.FlagSet) *string {
	return fs.String("state-dir", stateDir(),
		"folder whose neo4j/ subfolder holds the server's data, logs and pid file; TAILOR_STATE_DIR sets the default")
}

func runNeo4jStart(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("neo4j start", "[options]\n\n"+
		"Starts Neo4j on 127.0.0.1 and returns once Bolt accepts queries. Authentication is off\n"+
		"unless NEO4J_PASSWORD is set; then it becomes the initial password of the user\n"+
		"neo4j (at least 8 characters), which Neo4j applies only to a new state folder.")

	dir := addStateDirFlag(fs)
	boltPort := fs.Int("bolt-port", local.DefaultBoltPort, "TCP port on 127.0.0.1 for Bolt connections")
	httpPort := fs.Int("http-port", local.DefaultHTTPPort, "TCP port on 127.0.0.1 for the HTTP API, including the Query API at /db/neo4j/query/v2")
	heap := fs.String("heap", local.DefaultHeap, "JVM heap size in bytes, with an optional k, m or g suffix")
	pageCache := fs.String("pagecache", local.DefaultPageCache, "Neo4j page cache size in bytes, with an optional k, m or g suffix")
	timeout := fs.Int("timeout", int(local.DefaultStartTimeout/time.Second), "seconds to wait for Bolt to accept queries before stopping the server again")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	if *timeout <= 0 {
		return fmt.Errorf("%w: --timeout %d is not positive; pass the number of seconds to wait", errUsage, *timeout)
	}

	st, err := local.Start(ctx, a.logger, local.Options{
		StateDir:     *dir,
		BoltPort:     *boltPort,
		HTTPPort:     *httpPort,
		Heap:         *heap,
		PageCache:    *pageCache,
		Password:     os.Getenv("NEO4J_PASSWORD"),
		StartTimeout: time.Duration(*timeout) * time.Second,
	})
	if err != nil {
		return err
	}

	printNeo4jStatus(a, st)

	return nil
}

func runNeo4jStop(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("neo4j stop", "[options]\n\n"+
		"Sends SIGTERM to the server recorded in the state folder, and SIGKILL after 60 s.")
	dir := addStateDirFlag(fs)

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	stopped, err := local.Stop(ctx, a.logger, *dir)
	if err != nil {
		return err
	}

	if stopped {
		fmt.Fprintf(a.stdout, "neo4j stopped (state dir %s)\n", *dir)
	} else {
		fmt.Fprintf(a.stdout, "neo4j not running (state dir %s)\n", *dir)
	}

	return nil
}

func runNeo4jStatus(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("neo4j status", "[options]")
	dir := addStateDirFlag(fs)

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	st, err := local.Status(ctx, *dir)
	if err != nil {
		return err
	}

	if !st.Running {
		fmt.Fprintf(a.stdout, "neo4j not running (state dir %s)\n", *dir)
		return nil
	}

	printNeo4jStatus(a, st)

	return nil
}

// printNeo4jStatus prints the pid, addresses and log of a running server.
func printNeo4jStatus(a *app, st local.ServerStatus) {
	fmt.Fprintf(a.stdout, "neo4j running, pid %d\n", st.PID)
	fmt.Fprintf(a.stdout, "  bolt: %s\n", st.BoltURI())
	fmt.Fprintf(a.stdout, "  http: %s (Query API: %s/db/neo4j/query/v2)\n", st.HTTPURL(), st.HTTPURL())
	fmt.Fprintf(a.stdout, "  data: %s\n", st.Dir)
	fmt.Fprintf(a.stdout, "  log:  %s\n", st.LogPath)
}
