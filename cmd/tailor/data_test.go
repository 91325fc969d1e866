package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/tailorsearch/tailor/internal/fashioniq"
)

// fakeFashionIQ serves small made-up FashionIQ files for every path that
// "tailor data fetch fashioniq" requests: one product per split and one
// triplet per category and split.
func fakeFashionIQ(t *testing.T, requests *atomic.Int64) *httptest.Server {
	t.Helper()

	splitFile := regexp.MustCompile(`/split\.(\w+)\.(\w+)\.json$`)
	captionFile := regexp.MustCompile(`/cap\.(\w+)\.(\w+)\.json$`)
	attributeFile := regexp.MustCompile(`/asin2attr\.(\w+)\.(\w+)\.json$`)
	urlFile := regexp.MustCompile(`/asin2url\.(\w+)\.txt$`)

	handler := func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		path := r.URL.Path

		switch {
		case splitFile.MatchString(path):
			m := splitFile.FindStringSubmatch(path)
			io.WriteString(w, `["`+m[1]+`-`+m[2]+`-a", "`+m[1]+`-`+m[2]+`-b"]`)
		case captionFile.MatchString(path):
			m := captionFile.FindStringSubmatch(path)
			target := `"target": "` + m[1] + `-` + m[2] + `-b", `
			if m[2] == "test" {
				target = ""
			}

			io.WriteString(w, `[{"candidate": "`+m[1]+`-`+m[2]+`-a", `+target+`"captions": ["is darker"]}]`)
		case attributeFile.MatchString(path):
			m := attributeFile.FindStringSubmatch(path)
			io.WriteString(w, `{"`+m[1]+`-`+m[2]+`-a": [["`+m[1]+`"], [], ["cotton"], [], [], []]}`)
		case urlFile.MatchString(path):
			m := urlFile.FindStringSubmatch(path)
			io.WriteString(w, m[1]+"-train-a \t http://127.0.0.1/"+m[1]+".jpg\n")
		case strings.HasSuffix(path, "/README.md"):
			io.WriteString(w, "# fashion-iq\n")
		default:
			http.NotFound(w, r)
		}
	}

	srv := httptest.NewServer(http.HandlerFunc(handler))
	t.Cleanup(srv.Close)

	return srv
}

func testApp() (*app, *bytes.Buffer) {
	var out bytes.Buffer

	return &app{logger: slog.New(slog.NewTextHandler(io.Discard, nil)), stdout: &out, stderr: io.Discard}, &out
}

func TestDataFetchFashionIQ(t *testing.T) {
	var requests atomic.Int64

	srv := fakeFashionIQ(t, &requests)
	dir := t.TempDir()
	a, out := testApp()

	if err := runData(context.Background(), a, []string{"fetch", "fashioniq", "--dir", dir, "--base-url", srv.URL}); err != nil {
		t.Fatal(err)
	}

	if requests.Load() != 31 {
		t.Errorf("%d requests, want 31", requests.Load())
	}

	if !strings.Contains(out.String(), "fashioniq: 31 files downloaded") {
		t.Errorf("output = %q, want a summary of 31 files", out.String())
	}

	d, err := fashioniq.Load(context.Background(), dir, nil, nil)
	if err != nil {
		t.Fatalf("downloaded files do not load: %v", err)
	}

	if len(d.Products) != 18 || len(d.Queries) != 9 {
		t.Errorf("loaded %d products and %d queries, want 18 and 9", len(d.Products), len(d.Queries))
	}

	if _, err := os.Stat(filepath.Join(dir, "fashioniq", "README.upstream.md")); err != nil {
		t.Errorf("README.upstream.md missing: %v", err)
	}
}

func TestDataFetchSkipsThenForces(t *testing.T) {
	var requests atomic.Int64

	srv := fakeFashionIQ(t, &requests)
	dir := t.TempDir()
	a, out := testApp()

	// Flags before the dataset name work too.
	args := []string{"fetch", "--dir", dir, "--base-url", srv.URL, "fashioniq"}
	if err := runData(context.Background(), a, args); err != nil {
		t.Fatal(err)
	}

	if err := runData(context.Background(), a, args); err != nil {
		t.Fatal(err)
	}

	if requests.Load() != 31 {
		t.Errorf("%d requests after a second fetch, want 31 (existing files skipped)", requests.Load())
	}

	if !strings.Contains(out.String(), "0 files downloaded (0 bytes), 31 already present") {
		t.Errorf("output = %q, want a summary of skipped files", out.String())
	}

	if err := runData(context.Background(), a, append(args, "--force")); err != nil {
		t.Fatal(err)
	}

	if requests.Load() != 62 {
		t.Errorf("%d requests after a forced fetch, want 62", requests.Load())
	}
}

func TestDataFetchUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no subcommand", nil, "missing subcommand"},
		{"unknown subcommand", []string{"pull"}, `unknown subcommand "pull"`},
		{"no dataset", []string{"fetch"}, "missing dataset name"},
		{"unknown dataset", []string{"fetch", "imagenet"}, `unknown dataset "imagenet"`},
		{"bad base URL", []string{"fetch", "fashioniq", "--base-url", "127.0.0.1:8080"}, "invalid --base-url"},
		{"extra argument", []string{"fetch", "fashioniq", "fashion200k"}, `unexpected argument "fashion200k"`},
		{"unknown flag", []string{"fetch", "fashioniq", "--mirror", "x"}, "flag provided but not defined"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := testApp()

			err := runData(context.Background(), a, tt.args)
			if !errors.Is(err, errUsage) {
				t.Fatalf("error = %v, want errUsage", err)
			}

			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

func TestDataHelp(t *testing.T) {
	a, out := testApp()

	if err := runData(context.Background(), a, []string{"-h"}); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("error = %v, want flag.ErrHelp", err)
	}

	if !strings.Contains(out.String(), "fashion200k, fashioniq") {
		t.Errorf("help %q does not list the datasets", out.String())
	}
}

func TestDataFetchNotFound(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)

	a, _ := testApp()

	err := runData(context.Background(), a, []string{"fetch", "fashion200k", "--dir", t.TempDir(), "--base-url", srv.URL})
	if err == nil || !strings.Contains(err.Error(), srv.URL+"/1234noname/") {
		t.Errorf("error = %v, want one naming the requested URL", err)
	}
}
