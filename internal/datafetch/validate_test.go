package datafetch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateJSON(t *testing.T) {
	tests := []struct {
		name  string
		input string
		valid bool
	}{
		{"list", `["a", {"b": [1, 2]}]`, true},
		{"object with whitespace", "\n{\"a\": null}\n\n", true},
		{"scalar", `"text"`, true},
		{"empty", "", false},
		{"whitespace only", " \n", false},
		{"truncated list", `["a", `, false},
		{"truncated object", `{"a": [1`, false},
		{"two values", `[1] [2]`, false},
		{"bad literal", `[tru]`, false},
		{"html error page", "<html>404</html>", false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateJSON(strings.NewReader(tt.input))

			if tt.valid && err != nil {
				t.Errorf("validateJSON(%q) = %v, want nil", tt.input, err)
			}

			if !tt.valid && !errors.Is(err, ErrInvalidContent) {
				t.Errorf("validateJSON(%q) = %v, want ErrInvalidContent", tt.input, err)
			}
		})
	}
}

func TestValidateJSONLines(t *testing.T) {
	if err := validateJSONLines(strings.NewReader("{\"a\": 1}\n\n{\"b\": 2}\n")); err != nil {
		t.Errorf("valid lines rejected: %v", err)
	}

	err := validateJSONLines(strings.NewReader("{\"a\": 1}\n{\"b\": \n"))
	if !errors.Is(err, ErrInvalidContent) || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("error = %v, want ErrInvalidContent naming line 2", err)
	}
}

func TestValidateFileByExtension(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "body")

	if err := os.WriteFile(path, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		dest  string
		valid bool
	}{
		{"x/list.json", false},
		{"x/subset.jsonl", false},
		{"x/urls.txt", true},
		{"x/README.md", true},
	}

	for _, tt := range tests {
		if err := validateFile(path, tt.dest); (err == nil) != tt.valid {
			t.Errorf("validateFile(%s) = %v, want valid=%v", tt.dest, err, tt.valid)
		}
	}
}
