package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

// realDataDir returns TAILOR_DATA_DIR, skipping the test when it is unset
// outside CI and failing when it names a folder without FashionIQ.
func realDataDir(t *testing.T) string {
	t.Helper()

	dir := os.Getenv("TAILOR_DATA_DIR")
	if dir == "" {
		if neo4jtest.Required() {
			t.Fatal("TAILOR_DATA_DIR is not set; point it at the folder that holds fashioniq/")
		}

		t.Skip("TAILOR_DATA_DIR is not set")
	}

	if _, err := os.Stat(filepath.Join(dir, "fashioniq", "captions")); err != nil {
		t.Fatalf("TAILOR_DATA_DIR=%s holds no FashionIQ: %v", dir, err)
	}

	return dir
}

func freeAddr(t *testing.T) string {
	t.Helper()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()

	return ln.Addr().String()
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()

	return b.buf.String()
}

func TestRunReachesReadyOnDressSlice(t *testing.T) {
	realDataDir(t)
	neo4jtest.Open(t) // wipes the test database
	t.Setenv("NEO4J_URI", neo4jtest.Config().URI)

	addr := freeAddr(t)
	out := &syncBuffer{}
	a := &app{logger: slog.New(slog.NewTextHandler(io.Discard, nil)), stdout: out, stderr: out}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	done := make(chan int, 1)
	go func() {
		done <- dispatch(ctx, a, []string{"run", "--addr", addr, "--categories", "dress", "--epochs", "2", "--patience", "0"})
	}()

	waitReady(t, "http://"+addr+"/readyz", done, out)

	resp, err := http.Post("http://"+addr+"/v1/search", "application/json",
		strings.NewReader(`{"candidate": "B008MTHLHQ", "modification": "is longer", "k": 5}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Errorf("search on the running server: status %d", resp.StatusCode)
	}

	cancel()

	if code := <-done; code != 0 {
		t.Fatalf("tailor run exited with %d; output:\n%s", code, out)
	}

	for _, want := range []string{"loaded fashioniq (dress)", "trained model version 1", "fashioniq val", "average", "Example: validation query"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q; output:\n%s", want, out)
		}
	}
}

// waitReady polls url until it answers 200, failing if the command exits
// first or five minutes pass.
func waitReady(t *testing.T, url string, done <-chan int, out *syncBuffer) {
	t.Helper()

	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case code := <-done:
			t.Fatalf("tailor run exited with %d before it was ready; output:\n%s", code, out)
		case <-time.After(500 * time.Millisecond):
		}

		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		resp.Body.Close()

		if resp.StatusCode == http.StatusOK {
			return
		}
	}

	t.Fatalf("%s did not answer 200 within five minutes; output:\n%s", url, out)
}
