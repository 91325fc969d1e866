package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
)

// app carries what every subcommand shares: the logger and output streams.
type app struct {
	logger *slog.Logger
	stdout io.Writer
	stderr io.Writer
}

// envHelp documents the environment variables that tailor reads.
var envHelp = [][2]string{
	{"NEO4J_URI", "Bolt address of Neo4j (default bolt://127.0.0.1:7687; when unset, \"tailor run\" starts the local server)"},
	{"NEO4J_USER", "Neo4j user name (default neo4j)"},
	{"NEO4J_PASSWORD", "Neo4j password (default empty: no authentication)"},
	{"NEO4J_DATABASE", "Neo4j database name (default neo4j)"},
	{"TAILOR_DATA_DIR", "folder that holds the datasets (default ./data)"},
	{"TAILOR_STATE_DIR", "folder for the local Neo4j server's data and logs (default ./.tailor)"},
	{"TAILOR_API_KEY", "when set, write endpoints of the API require it (Authorization: Bearer KEY)"},
	{"TAILOR_DEBUG", "set to any value for debug logs"},
}

// newFlagSet returns a flag set whose help names the subcommand and
// whose errors are returned rather than printed and exited on.
func (a *app) newFlagSet(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("tailor "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		fmt.Fprintf(a.stderr, "Usage: tailor %s %s\n\nOptions:\n", name, usage)
		fs.PrintDefaults()
	}

	return fs
}

// parseFlags parses args and rejects leftover positional arguments unless
// positional is true.
func parseFlags(fs *flag.FlagSet, args []string, positional bool) error {
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return err
		}

		return fmt.Errorf("%w: %v", errUsage, err)
	}

	if !positional && fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}

	return nil
}

// envOr returns the environment variable key, or def when it is unset or empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}

	return def
}

// dataDir returns the dataset folder: TAILOR_DATA_DIR or ./data.
func dataDir() string { return envOr("TAILOR_DATA_DIR", "data") }

// stateDir returns the folder for local server state: TAILOR_STATE_DIR or ./.tailor.
func stateDir() string { return envOr("TAILOR_STATE_DIR", ".tailor") }
