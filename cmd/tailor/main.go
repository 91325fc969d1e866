package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// command is one "tailor NAME" subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, app *app, args []string) error
}

// commands lists the subcommands in the order that "tailor help" prints them.
func commands() []command {
	return []command{
		{"run", "run the main job: start Neo4j, load FashionIQ, train, evaluate, serve", runMain},
		{"neo4j", "start, stop or query the project's local Neo4j server", runNeo4j},
		{"data", "download public datasets into the data folder", runData},
		{"load", "load a dataset or catalog into Neo4j", runLoad},
		{"train", "train embeddings from the graph and write them back", runTrain},
		{"eval", "report retrieval recall on a dataset split", runEval},
		{"serve", "serve the HTTP retrieval API", runServe},
		{"export", "export the graph and embeddings as Arrow or Parquet files", runExport},
		{"cypher", "run a named merchandiser query from the Cypher library", runCypher},
	}
}

// errUsage marks a command-line mistake; main prints the help and exits 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: logLevel()}))
	a := &app{logger: logger, stdout: os.Stdout, stderr: os.Stderr}

	os.Exit(dispatch(ctx, a, os.Args[1:]))
}

// dispatch runs the subcommand named by args[0] and returns the exit code.
func dispatch(ctx context.Context, a *app, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printHelp(a.stdout)
		return 0
	}

	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}

		err := c.run(ctx, a, args[1:])
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(a.stderr, "tailor %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(a.stderr, "tailor %s: %v\n", c.name, err)
			return 1
		}
	}

	fmt.Fprintf(a.stderr, "tailor: unknown command %q; run \"tailor help\" for the list\n", args[0])

	return 2
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Tailor: interactive, explainable product retrieval on a Neo4j graph.")
	fmt.Fprintln(w, "\nUsage: tailor COMMAND [options]   (tailor COMMAND -h for its options)")
	fmt.Fprintln(w, "\nCommands:")

	for _, c := range commands() {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}

	fmt.Fprintln(w, "\nEnvironment:")
	for _, e := range envHelp {
		fmt.Fprintf(w, "  %-16s %s\n", e[0], e[1])
	}
}

func logLevel() slog.Level {
	if os.Getenv("TAILOR_DEBUG") != "" {
		return slog.LevelDebug
	}

	return slog.LevelInfo
}
