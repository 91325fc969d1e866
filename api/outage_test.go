package api_test

import (
	"context"
	"io"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

// cuttableProxy forwards TCP connections to a target until Cut closes
// the listener and every open connection, which looks to its clients like
// the database going down.
type cuttableProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns []net.Conn
}

func newCuttableProxy(t *testing.T, target string) *cuttableProxy {
	t.Helper()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}

	p := &cuttableProxy{ln: ln, target: target}
	go p.serve()
	t.Cleanup(p.Cut)

	return p
}

func (p *cuttableProxy) serve() {
	for {
		in, err := p.ln.Accept()
		if err != nil {
			return
		}

		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}

		p.mu.Lock()
		p.conns = append(p.conns, in, out)
		p.mu.Unlock()

		go func() { _, _ = io.Copy(out, in); out.Close() }()
		go func() { _, _ = io.Copy(in, out); in.Close() }()
	}
}

// Cut stops accepting and closes every forwarded connection.
func (p *cuttableProxy) Cut() {
	p.ln.Close()

	p.mu.Lock()
	defer p.mu.Unlock()

	for _, c := range p.conns {
		c.Close()
	}
}

func TestNeo4jOutage(t *testing.T) {
	f := newFixture(t, "")

	target := strings.TrimPrefix(neo4jtest.Config().URI, "bolt://")
	proxy := newCuttableProxy(t, target)

	ctx := context.Background()
	client, err := graphdb.Open(ctx, graphdb.Config{URI: "bolt://" + proxy.ln.Addr().String()}, neo4jtest.Logger())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close(ctx)

	engine := retrieval.NewEngine(client, neo4jtest.Logger())
	if err := engine.Reload(ctx); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(api.NewServer(engine, client, neo4jtest.Logger(), api.DefaultLimits()).Handler())
	defer srv.Close()

	down := &fixture{client: client, engine: engine, url: srv.URL}
	filtered := `{"candidate": "P0001", "k": 20, "filter": {"require": [{"kind": "colour", "value": "red"}]}}`

	// The healthy server resolves the filter through Neo4j; the other one
	// first sees it during the outage, so its cache cannot serve it.
	_, before := f.do(t, "POST", "/v1/search", filtered)

	proxy.Cut()

	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"unfiltered search", "POST", "/v1/search", `{"candidate": "P0001", "k": 5}`, 200},
		{"property filter", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"properties": [{"name": "source", "op": "eq", "value": "testcat"}]}}`, 503},
		{"product", "GET", "/v1/products/P0002", "", 200},
		{"add attribute", "POST", "/v1/products/P0002/attributes", `{"kind": "shape", "value": "flared"}`, 503},
		{"add preference", "POST", "/v1/preferences", `{"products": ["P0001", "P0002"]}`, 503},
		{"ready", "GET", "/readyz", "", 503},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := down.do(t, tc.method, tc.path, tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d: %v", status, tc.status, body)
			}

			if status == 503 && tc.method == "POST" && tc.path != "/v1/search" {
				msg := body["error"].(map[string]any)["message"].(string)
				if !strings.Contains(msg, "retry") || !strings.Contains(msg, "nothing was changed") {
					t.Errorf("503 message %q lacks retry advice", msg)
				}
			}
		})
	}

	status, after := down.do(t, "POST", "/v1/search", filtered)
	if status != 200 {
		t.Fatalf("filtered search during the outage: status %d: %v", status, after)
	}

	if got, want := len(after["results"].([]any)), len(before["results"].([]any)); got != want {
		t.Errorf("in-memory filter returned %d results, Neo4j returned %d", got, want)
	}

	// Nothing was written while Neo4j was down.
	recs, err := f.client.Read(ctx, "MATCH (:Product {id: 'P0002'})-[:HAS_ATTRIBUTE]->(a:Attribute {value: 'flared'}) RETURN count(a) AS n", nil)
	if err != nil {
		t.Fatal(err)
	}

	if n := recs[0]["n"].(int64); n != 0 {
		t.Errorf("found %d flared edges on P0002 after writes that returned 503", n)
	}
}
