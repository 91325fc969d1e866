package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestExportUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // the message contains this
	}{
		{"missing out", []string{"export"}, "--out is required"},
		{"unknown format", []string{"export", "--out", "x", "--format", "csv"}, `"csv"`},
		{"unknown table", []string{"export", "--out", "x", "--only", "products,nodes"}, `"nodes"`},
		{"repeated table", []string{"export", "--out", "x", "--only", "edges,edges"}, "edges twice"},
		{"unknown compression", []string{"export", "--out", "x", "--format", "parquet", "--compression", "lzo"}, `"lzo"`},
		{"zero batch rows", []string{"export", "--out", "x", "--batch-rows", "0"}, "--batch-rows 0"},
		{"negative model", []string{"export", "--out", "x", "--model", "-1"}, "--model -1"},
		{"extra argument", []string{"export", "--out", "x", "products"}, `"products"`},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			a := &app{logger: slog.New(slog.DiscardHandler), stdout: &stdout, stderr: &stderr}

			if code := dispatch(context.Background(), a, tt.args); code != 2 {
				t.Errorf("exit code %d, want 2 (stderr %q)", code, stderr.String())
			}

			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.want)
			}
		})
	}
}
