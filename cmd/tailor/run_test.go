package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
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

func TestRunInteractionsSurviveRestart(t *testing.T) {
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

	base := "http://" + addr
	waitReady(t, base+"/readyz", done, out)

	// A real validation query: the dress B008MTHLHQ made "longer". Adding a
	// user attribute to the product at rank 20 must move it, and a
	// preference group with the candidate must move it further.
	search := `{"candidate": "B008MTHLHQ", "modification": "is longer", "k": 50, "explain": true}`
	ranking := searchIDs(t, base, search)
	moved := ranking[19]

	postJSON(t, base+"/v1/products/"+moved+"/attributes", `{"kind": "part", "value": "sleeveless"}`, http.StatusCreated)
	postJSON(t, base+"/v1/preferences", `{"products": ["B008MTHLHQ", "`+moved+`"], "context": "test"}`, http.StatusCreated)

	after := searchIDs(t, base, search)
	if rankOf(after, moved) >= 19 {
		t.Fatalf("%s stayed at rank %d after the interactions, want above 20", moved, rankOf(after, moved)+1)
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

	// A fresh server reads the interactions back from Neo4j.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()

	done2 := make(chan int, 1)
	go func() { done2 <- dispatch(ctx2, a, []string{"serve", "--addr", addr}) }()

	waitReady(t, base+"/readyz", done2, out)

	if restarted := searchIDs(t, base, search); !slices.Equal(restarted, after) {
		t.Errorf("ranking after restart differs from the one before:\n got %v\nwant %v", restarted[:10], after[:10])
	}

	cancel2()
	<-done2
}

func searchIDs(t *testing.T, base, body string) []string {
	t.Helper()

	raw := postJSON(t, base+"/v1/search", body, http.StatusOK)

	var resp struct {
		Results []struct {
			Product struct {
				ID string `json:"id"`
			} `json:"product"`
		} `json:"results"`
	}

	if err := json.Unmarshal(raw, &resp); err != nil {
		t.Fatal(err)
	}

	ids := make([]string, len(resp.Results))
	for i, r := range resp.Results {
		ids[i] = r.Product.ID
	}

	return ids
}

func postJSON(t *testing.T, url, body string, status int) []byte {
	t.Helper()

	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != status {
		t.Fatalf("POST %s: status %d, want %d: %s", url, resp.StatusCode, status, raw)
	}

	return raw
}

func rankOf(ids []string, id string) int {
	if i := slices.Index(ids, id); i >= 0 {
		return i
	}

	return len(ids)
}

// waitReady polls url until it returns 200, failing if the command exits
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
