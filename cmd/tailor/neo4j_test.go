package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
)

// neo4jTestApp returns an app that writes its standard output to out.
func neo4jTestApp(t *testing.T, out *bytes.Buffer) *app {
	t.Helper()

	return &app{logger: slog.New(slog.NewTextHandler(io.Discard, nil)), stdout: out, stderr: io.Discard}
}

func TestNeo4jUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no subcommand", nil},
		{"unknown subcommand", []string{"restart"}},
		{"extra argument", []string{"status", "now"}},
		{"unknown flag", []string{"stop", "--force"}},
		{"zero timeout", []string{"start", "--timeout", "0"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer

			err := runNeo4j(context.Background(), neo4jTestApp(t, &out), tt.args)
			if !errors.Is(err, errUsage) {
				t.Errorf("runNeo4j(%q) error = %v, want errUsage", tt.args, err)
			}
		})
	}
}

func TestNeo4jHelp(t *testing.T) {
	var out bytes.Buffer

	err := runNeo4j(context.Background(), neo4jTestApp(t, &out), []string{"help"})
	if !errors.Is(err, flag.ErrHelp) {
		t.Errorf("runNeo4j(help) error = %v, want flag.ErrHelp", err)
	}

	if !strings.Contains(out.String(), "start|stop|status") {
		t.Errorf("runNeo4j(help) output = %q, want the subcommand list", out.String())
	}
}

func TestNeo4jStatusNotRunning(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()

	if err := runNeo4j(context.Background(), neo4jTestApp(t, &out), []string{"status", "--state-dir", dir}); err != nil {
		t.Fatalf("neo4j status: %v", err)
	}

	if !strings.Contains(out.String(), "neo4j not running") {
		t.Errorf("neo4j status output = %q, want \"neo4j not running\"", out.String())
	}
}

func TestNeo4jStopNotRunning(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()

	if err := runNeo4j(context.Background(), neo4jTestApp(t, &out), []string{"stop", "--state-dir", dir}); err != nil {
		t.Fatalf("neo4j stop: %v", err)
	}

	if !strings.Contains(out.String(), "neo4j not running") {
		t.Errorf("neo4j stop output = %q, want \"neo4j not running\"", out.String())
	}
}
