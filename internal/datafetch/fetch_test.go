package datafetch

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const testCommit = "0123456789abcdef0123456789abcdef01234567"

// testServer serves made-up files on 127.0.0.1 and counts requests per path.
type testServer struct {
	*httptest.Server

	mu       sync.Mutex
	requests map[string]int
	handlers map[string]http.HandlerFunc
}

// newTestServer starts a server whose handlers are keyed by URL path.
func newTestServer(t *testing.T, handlers map[string]http.HandlerFunc) *testServer {
	t.Helper()

	s := &testServer{requests: map[string]int{}, handlers: handlers}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)

	return s
}

func (s *testServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests[r.URL.Path]++
	h, ok := s.handlers[r.URL.Path]
	s.mu.Unlock()

	if !ok {
		http.NotFound(w, r)
		return
	}

	h(w, r)
}

func (s *testServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()

	return s.requests[path]
}

// serveBody returns a handler that always sends body.
func serveBody(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, body) }
}

// repoPath returns the server path of a file of the test repository.
func repoPath(path string) string { return "/owner/repo/" + testCommit + "/" + path }

func testFile(path, dest string) File {
	return File{Repo: "owner/repo", Commit: testCommit, Path: path, Dest: dest}
}

// testDataset has a JSON file and a text file in a nested folder.
func testDataset() Dataset {
	return Dataset{Name: "test", Files: []File{
		testFile("data/list.json", "test/list.json"),
		testFile("data/urls.txt", "test/sub/urls.txt"),
	}}
}

func goodHandlers() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		repoPath("data/list.json"): serveBody(`["A1", "A2"]`),
		repoPath("data/urls.txt"):  serveBody("A1\thttp://127.0.0.1/a1.jpg\n"),
	}
}

func newFetcher(base string, logs io.Writer) *Fetcher {
	return &Fetcher{
		BaseURL: base,
		Backoff: time.Millisecond,
		Logger:  slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	}
}

// listFiles returns the slash-separated paths of all files under dir.
func listFiles(t *testing.T, dir string) []string {
	t.Helper()

	var out []string

	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}

		rel, err := filepath.Rel(dir, path)
		out = append(out, filepath.ToSlash(rel))

		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	return out
}

func readFile(t *testing.T, path string) string {
	t.Helper()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	return string(data)
}

func TestFetchWritesFiles(t *testing.T) {
	srv := newTestServer(t, goodHandlers())
	dir := t.TempDir()

	var logs bytes.Buffer

	res, err := newFetcher(srv.URL, &logs).Fetch(context.Background(), dir, testDataset())
	if err != nil {
		t.Fatal(err)
	}

	want := Result{Downloaded: 2, Bytes: int64(len(`["A1", "A2"]`) + len("A1\thttp://127.0.0.1/a1.jpg\n"))}
	if res != want {
		t.Errorf("result = %+v, want %+v", res, want)
	}

	if got := readFile(t, filepath.Join(dir, "test", "list.json")); got != `["A1", "A2"]` {
		t.Errorf("list.json = %q", got)
	}

	if got := strings.Join(listFiles(t, dir), " "); got != "test/list.json test/sub/urls.txt" {
		t.Errorf("files in the data folder = %s, want only the two downloads", got)
	}

	info, err := os.Stat(filepath.Join(dir, "test", "list.json"))
	if err != nil {
		t.Fatal(err)
	}

	if info.Mode().Perm() != 0o644 {
		t.Errorf("file mode = %v, want 0644", info.Mode().Perm())
	}

	for _, want := range []string{"msg=downloading", "url=" + srv.URL + repoPath("data/list.json"), "msg=downloaded", "bytes=12"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log does not contain %q:\n%s", want, logs.String())
		}
	}
}

func TestFetchNotFound(t *testing.T) {
	handlers := goodHandlers()
	delete(handlers, repoPath("data/urls.txt"))

	srv := newTestServer(t, handlers)
	dir := t.TempDir()

	_, err := newFetcher(srv.URL, io.Discard).Fetch(context.Background(), dir, testDataset())
	if !errors.Is(err, ErrHTTPStatus) {
		t.Fatalf("error = %v, want ErrHTTPStatus", err)
	}

	for _, want := range []string{srv.URL + repoPath("data/urls.txt"), "404 Not Found", "test/sub/urls.txt"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}

	if n := srv.count(repoPath("data/urls.txt")); n != 1 {
		t.Errorf("404 was requested %d times, want 1 (no retry)", n)
	}

	if got := strings.Join(listFiles(t, dir), " "); got != "test/list.json" {
		t.Errorf("files in the data folder = %s, want only the first download", got)
	}
}

func TestFetchTruncatedBody(t *testing.T) {
	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Length", "100")
		_, _ = io.WriteString(w, `["A1", `)
	}

	srv := newTestServer(t, handlers)
	dir := t.TempDir()

	var logs bytes.Buffer

	_, err := newFetcher(srv.URL, &logs).Fetch(context.Background(), dir, testDataset())
	if err == nil {
		t.Fatal("Fetch succeeded on a truncated body")
	}

	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("error = %v, want one that wraps io.ErrUnexpectedEOF", err)
	}

	if !strings.Contains(err.Error(), srv.URL+repoPath("data/list.json")) {
		t.Errorf("error %q does not name the URL", err)
	}

	if n := srv.count(repoPath("data/list.json")); n != 1+DefaultRetries {
		t.Errorf("truncated file was requested %d times, want %d", n, 1+DefaultRetries)
	}

	if !strings.Contains(logs.String(), "download failed, retrying") {
		t.Errorf("log does not mention the retries:\n%s", logs.String())
	}

	if files := listFiles(t, dir); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

func TestFetchInvalidJSON(t *testing.T) {
	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = serveBody(`["A1", `)

	srv := newTestServer(t, handlers)
	dir := t.TempDir()

	_, err := newFetcher(srv.URL, io.Discard).Fetch(context.Background(), dir, testDataset())
	if !errors.Is(err, ErrInvalidContent) {
		t.Fatalf("error = %v, want ErrInvalidContent", err)
	}

	if !strings.Contains(err.Error(), repoPath("data/list.json")) {
		t.Errorf("error %q does not name the URL", err)
	}

	if n := srv.count(repoPath("data/list.json")); n != 1 {
		t.Errorf("invalid file was requested %d times, want 1 (no retry)", n)
	}

	if files := listFiles(t, dir); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

func TestFetchForceKeepsOldFileOnFailure(t *testing.T) {
	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = serveBody(`{"broken": `)

	srv := newTestServer(t, handlers)
	dir := t.TempDir()
	dest := filepath.Join(dir, "test", "list.json")

	writeFile(t, dest, `["OLD"]`)

	f := newFetcher(srv.URL, io.Discard)
	f.Force = true

	if _, err := f.Fetch(context.Background(), dir, testDataset()); !errors.Is(err, ErrInvalidContent) {
		t.Fatalf("error = %v, want ErrInvalidContent", err)
	}

	if got := readFile(t, dest); got != `["OLD"]` {
		t.Errorf("existing file = %q after a failed forced download, want it unchanged", got)
	}
}

func TestFetchRetriesTransientStatus(t *testing.T) {
	failures := 0
	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = func(w http.ResponseWriter, r *http.Request) {
		if failures < 2 {
			failures++
			http.Error(w, "busy", http.StatusServiceUnavailable)

			return
		}

		serveBody(`["A1"]`)(w, r)
	}

	srv := newTestServer(t, handlers)
	dir := t.TempDir()

	if _, err := newFetcher(srv.URL, io.Discard).Fetch(context.Background(), dir, testDataset()); err != nil {
		t.Fatal(err)
	}

	if n := srv.count(repoPath("data/list.json")); n != 3 {
		t.Errorf("file was requested %d times, want 3", n)
	}

	if got := readFile(t, filepath.Join(dir, "test", "list.json")); got != `["A1"]` {
		t.Errorf("list.json = %q, want the body of the successful attempt", got)
	}
}

func TestFetchGivesUpAfterRetries(t *testing.T) {
	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	}

	srv := newTestServer(t, handlers)

	f := newFetcher(srv.URL, io.Discard)
	f.Retries = 1

	_, err := f.Fetch(context.Background(), t.TempDir(), testDataset())
	if !errors.Is(err, ErrHTTPStatus) {
		t.Fatalf("error = %v, want ErrHTTPStatus", err)
	}

	if n := srv.count(repoPath("data/list.json")); n != 2 {
		t.Errorf("file was requested %d times, want 2", n)
	}
}

func TestFetchNoRetries(t *testing.T) {
	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "busy", http.StatusTooManyRequests)
	}

	srv := newTestServer(t, handlers)

	f := newFetcher(srv.URL, io.Discard)
	f.Retries = -1

	if _, err := f.Fetch(context.Background(), t.TempDir(), testDataset()); !errors.Is(err, ErrHTTPStatus) {
		t.Fatalf("error = %v, want ErrHTTPStatus", err)
	}

	if n := srv.count(repoPath("data/list.json")); n != 1 {
		t.Errorf("file was requested %d times, want 1", n)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()

	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestFetchSkipsExisting(t *testing.T) {
	srv := newTestServer(t, goodHandlers())
	dir := t.TempDir()
	dest := filepath.Join(dir, "test", "list.json")

	writeFile(t, dest, `["OLD"]`)

	var logs bytes.Buffer

	res, err := newFetcher(srv.URL, &logs).Fetch(context.Background(), dir, testDataset())
	if err != nil {
		t.Fatal(err)
	}

	if res.Downloaded != 1 || res.Skipped != 1 {
		t.Errorf("result = %+v, want 1 downloaded and 1 skipped", res)
	}

	if got := readFile(t, dest); got != `["OLD"]` {
		t.Errorf("existing file = %q, want it unchanged", got)
	}

	if n := srv.count(repoPath("data/list.json")); n != 0 {
		t.Errorf("existing file was requested %d times, want 0", n)
	}

	if !strings.Contains(logs.String(), "skipping existing file") {
		t.Errorf("log does not mention the skipped file:\n%s", logs.String())
	}
}

func TestFetchForceReplacesExisting(t *testing.T) {
	srv := newTestServer(t, goodHandlers())
	dir := t.TempDir()
	dest := filepath.Join(dir, "test", "list.json")

	writeFile(t, dest, `["OLD"]`)

	f := newFetcher(srv.URL, io.Discard)
	f.Force = true

	res, err := f.Fetch(context.Background(), dir, testDataset())
	if err != nil {
		t.Fatal(err)
	}

	if res.Downloaded != 2 || res.Skipped != 0 {
		t.Errorf("result = %+v, want 2 downloaded", res)
	}

	if got := readFile(t, dest); got != `["A1", "A2"]` {
		t.Errorf("file = %q, want the new download", got)
	}
}

func TestFetchCanceledBeforeStart(t *testing.T) {
	srv := newTestServer(t, goodHandlers())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := newFetcher(srv.URL, io.Discard).Fetch(ctx, t.TempDir(), testDataset())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}

	if n := srv.count(repoPath("data/list.json")); n != 0 {
		t.Errorf("file was requested %d times after cancellation, want 0", n)
	}
}

func TestFetchCanceledDuringBackoff(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	handlers := goodHandlers()
	handlers[repoPath("data/list.json")] = func(w http.ResponseWriter, _ *http.Request) {
		cancel()
		http.Error(w, "busy", http.StatusServiceUnavailable)
	}

	srv := newTestServer(t, handlers)
	dir := t.TempDir()

	f := newFetcher(srv.URL, io.Discard)
	f.Backoff = time.Hour

	start := time.Now()

	_, err := f.Fetch(ctx, dir, testDataset())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}

	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("Fetch took %v after cancellation", elapsed)
	}

	if files := listFiles(t, dir); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

func TestFetchTransformAndDigest(t *testing.T) {
	srv := newTestServer(t, map[string]http.HandlerFunc{repoPath("a.txt"): serveBody("abc")})

	upper := func(w io.Writer, r io.Reader) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err
		}

		_, err = w.Write(bytes.ToUpper(data))

		return err
	}

	tests := []struct {
		name     string
		digest   string
		wantWarn bool
	}{
		// SHA-256 of "ABC".
		{"matching digest", "b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78", false},
		{"other digest", strings.Repeat("0", 64), true},
		{"no digest", "", false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := testFile("a.txt", "a.txt")
			file.Transform = upper
			file.SHA256 = tt.digest

			var logs bytes.Buffer

			dir := t.TempDir()
			if _, err := newFetcher(srv.URL, &logs).Fetch(context.Background(), dir, Dataset{Name: "t", Files: []File{file}}); err != nil {
				t.Fatal(err)
			}

			if got := readFile(t, filepath.Join(dir, "a.txt")); got != "ABC" {
				t.Errorf("file = %q, want the transformed body", got)
			}

			if warned := strings.Contains(logs.String(), "level=WARN"); warned != tt.wantWarn {
				t.Errorf("warning logged = %v, want %v:\n%s", warned, tt.wantWarn, logs.String())
			}
		})
	}
}

func TestFetchTransformErrorNotRetried(t *testing.T) {
	srv := newTestServer(t, map[string]http.HandlerFunc{repoPath("m.json"): serveBody(`{"items": []}`)})

	file := testFile("m.json", "out.jsonl")
	file.Transform = ConvertFashion200KManifest

	dir := t.TempDir()

	_, err := newFetcher(srv.URL, io.Discard).Fetch(context.Background(), dir, Dataset{Name: "t", Files: []File{file}})
	if !errors.Is(err, ErrInvalidContent) {
		t.Fatalf("error = %v, want ErrInvalidContent", err)
	}

	if n := srv.count(repoPath("m.json")); n != 1 {
		t.Errorf("file was requested %d times, want 1", n)
	}

	if files := listFiles(t, dir); len(files) != 0 {
		t.Errorf("files left behind: %v", files)
	}
}

func TestFetchRejectsDestOutsideDir(t *testing.T) {
	for _, dest := range []string{"../escape.json", "/abs/escape.json", ""} {
		t.Run(dest, func(t *testing.T) {
			ds := Dataset{Name: "t", Files: []File{testFile("a.json", dest)}}

			_, err := newFetcher("http://127.0.0.1:1", io.Discard).Fetch(context.Background(), t.TempDir(), ds)
			if err == nil || !strings.Contains(err.Error(), "not a relative path") {
				t.Errorf("error = %v, want a rejected destination", err)
			}
		})
	}
}

func TestFileURL(t *testing.T) {
	file := File{Repo: "owner/name", Commit: testCommit, Path: "dir/a b#c.json"}

	tests := []struct {
		base string
		want string
	}{
		{"", "https://raw.githubusercontent.com/owner/name/" + testCommit + "/dir/a%20b%23c.json"},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080/owner/name/" + testCommit + "/dir/a%20b%23c.json"},
		{"http://127.0.0.1:8080/mirror", "http://127.0.0.1:8080/mirror/owner/name/" + testCommit + "/dir/a%20b%23c.json"},
	}

	for _, tt := range tests {
		f := &Fetcher{BaseURL: tt.base}
		if got := f.FileURL(file); got != tt.want {
			t.Errorf("FileURL with base %q = %s, want %s", tt.base, got, tt.want)
		}
	}
}
