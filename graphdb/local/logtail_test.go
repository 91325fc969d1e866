package local

import (
	"os"
	"path/filepath"
	"testing"
)

func TestTailLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "server.log")
	content := "old 1\nold 2\nnew 1\nnew 2\nnew 3\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}

	offset := int64(len("old 1\nold 2\n"))

	tests := []struct {
		name   string
		offset int64
		n      int
		want   string
	}{
		{"whole file", 0, 10, "old 1\nold 2\nnew 1\nnew 2\nnew 3"},
		{"last two", 0, 2, "new 2\nnew 3"},
		{"from offset", offset, 10, "new 1\nnew 2\nnew 3"},
		{"offset at end", int64(len(content)), 10, ""},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tailLines(path, tt.offset, tt.n); got != tt.want {
				t.Errorf("tailLines(offset %d, n %d) = %q, want %q", tt.offset, tt.n, got, tt.want)
			}
		})
	}
}

func TestTailLinesMissingFile(t *testing.T) {
	if got := tailLines(filepath.Join(t.TempDir(), "missing.log"), 0, 5); got != "" {
		t.Errorf("tailLines of a missing file = %q, want empty", got)
	}
}
