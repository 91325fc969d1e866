package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
	"github.com/tailorsearch/tailor/internal/pipeline"
	"github.com/tailorsearch/tailor/internal/retrieval"
	"github.com/tailorsearch/tailor/internal/testcatalog"
)

// fixture is a test server over a trained model of a generated catalog.
type fixture struct {
	client *graphdb.Client
	engine *retrieval.Engine
	url    string
}

// newFixture loads a generated catalog into the wiped test Neo4j, trains
// a small model and serves it.
func newFixture(t *testing.T, apiKey string) *fixture {
	t.Helper()

	client := neo4jtest.Open(t)
	ctx := context.Background()

	if err := client.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	products, queries := testcatalog.Generate(80, 11)
	if _, err := client.Load(ctx, testcatalog.Dataset, products, queries, 1000); err != nil {
		t.Fatal(err)
	}

	cfg := embed.DefaultConfig()
	cfg.Dim, cfg.Epochs, cfg.BatchSize, cfg.Negatives = 8, 3, 16, 8

	if _, err := pipeline.Train(ctx, neo4jtest.Logger(), client, pipeline.TrainOptions{Config: cfg}); err != nil {
		t.Fatalf("train: %v", err)
	}

	engine := retrieval.NewEngine(client, neo4jtest.Logger())
	if err := engine.Reload(ctx); err != nil {
		t.Fatal(err)
	}

	srv := httptest.NewServer(api.NewServer(engine, client, neo4jtest.Logger(), api.DefaultLimits()).WithAPIKey(apiKey).Handler())
	t.Cleanup(srv.Close)

	return &fixture{client: client, engine: engine, url: srv.URL}
}

func (f *fixture) do(t *testing.T, method, path, body string, header ...string) (int, map[string]any) {
	t.Helper()

	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}

	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	raw, _ := io.ReadAll(resp.Body)

	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s returned non-JSON body %q", method, path, raw)
	}

	return resp.StatusCode, out
}

func TestEndpoints(t *testing.T) {
	f := newFixture(t, "")

	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
		field  string // expected error field, if any
	}{
		{"health", "GET", "/healthz", "", 200, ""},
		{"ready", "GET", "/readyz", "", 200, ""},
		{"search", "POST", "/v1/search", `{"candidate": "P0001", "modification": "is red", "k": 5}`, 200, ""},
		{"search without explanations", "POST", "/v1/search", `{"candidate": "P0001", "k": 5, "explain": false}`, 200, ""},
		{"invalid JSON", "POST", "/v1/search", `{"candidate": `, 400, "body"},
		{"empty body", "POST", "/v1/search", ``, 400, "body"},
		{"unknown field", "POST", "/v1/search", `{"candidate": "P0001", "colour": "red"}`, 400, "colour"},
		{"unknown filter key", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"brand": "x"}}`, 400, "brand"},
		{"wrong type", "POST", "/v1/search", `{"candidate": "P0001", "k": "ten"}`, 400, "k"},
		{"k too large", "POST", "/v1/search", `{"candidate": "P0001", "k": 1000}`, 400, "k"},
		{"k zero", "POST", "/v1/search", `{"candidate": "P0001", "k": 0}`, 400, "k"},
		{"missing candidate", "POST", "/v1/search", `{"modification": "is red"}`, 400, "candidate"},
		{"incomplete required attribute", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"require": [{"kind": "colour"}]}}`, 400, "filter.require[0]"},
		{"unknown candidate", "POST", "/v1/search", `{"candidate": "NOPE"}`, 404, ""},
		{"product", "GET", "/v1/products/P0002", "", 200, ""},
		{"unknown product", "GET", "/v1/products/NOPE", "", 404, ""},
		{"product list", "GET", "/v1/products?category=dress&limit=3", "", 200, ""},
		{"product list bad limit", "GET", "/v1/products?limit=0", "", 400, "limit"},
		{"product list bad attribute", "GET", "/v1/products?attribute=red", "", 400, "attribute"},
		{"attributes", "GET", "/v1/attributes?kind=colour", "", 200, ""},
		{"categories", "GET", "/v1/categories", "", 200, ""},
		{"unknown preference group", "GET", "/v1/preferences/pg-none", "", 404, ""},
		{"preference group too small", "POST", "/v1/preferences", `{"products": ["P0001"]}`, 400, "products"},
		{"attribute without value", "POST", "/v1/products/P0001/attributes", `{"kind": "colour"}`, 400, "value"},
		{"remove dataset attribute", "DELETE", "/v1/products/P0001/attributes?kind=category&value=dress", "", 409, ""},
		{"remove missing attribute", "DELETE", "/v1/products/P0001/attributes?kind=colour&value=gold", "", 404, ""},
		{"unknown route", "GET", "/v2/nothing", "", 404, ""},
		{"wrong method", "GET", "/v1/search", "", 405, ""},
		{"similar", "GET", "/v1/products/P0001/similar?k=3", "", 200, ""},
		{"similar bad cursor", "GET", "/v1/products/P0001/similar?cursor=zz", "", 400, "cursor"},
		{"similar bad explain", "GET", "/v1/products/P0001/similar?explain=maybe", "", 400, "explain"},
		{"preference with empty id", "POST", "/v1/preferences", `{"products": ["P0001", ""]}`, 400, "products[1]"},
		{"body too large", "POST", "/v1/search", `{"candidate": "P0001", "modification": "` + strings.Repeat("x", 1<<20) + `"}`, 413, "body"},
		{"unknown category", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"category": "shoes"}}`, 400, "filter"},
		{"unknown required attribute", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"require": [{"kind": "colour", "value": "gold"}]}}`, 400, "filter"},
		{"upper-case filter", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"category": "Dress", "require": [{"kind": "Colour", "value": "RED"}]}}`, 200, ""},
		{"too many exclusions", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"exclude": [` + strings.Repeat(`{"kind": "a", "value": "b"},`, 50) + `{"kind": "a", "value": "b"}]}}`, 400, "filter.exclude"},
		{"property filter", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"properties": [{"name": "source", "op": "eq", "value": "testcat"}]}}`, 200, ""},
		{"property filter bad op", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"properties": [{"name": "source", "op": "like", "value": "x"}]}}`, 400, "filter.properties[0].op"},
		{"property filter bad name", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"properties": [{"name": "a b", "op": "eq", "value": "x"}]}}`, 400, "filter.properties[0].name"},
		{"property filter object value", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"properties": [{"name": "source", "op": "eq", "value": {}}]}}`, 400, "filter.properties[0].value"},
		{"named filter", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"named": {"name": "min_attributes", "params": {"min": 3}}}}`, 200, ""},
		{"unknown named filter", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"named": {"name": "drop_all"}}}`, 400, "filter.named.name"},
		{"named filter missing parameter", "POST", "/v1/search", `{"candidate": "P0001", "filter": {"named": {"name": "min_attributes"}}}`, 400, "filter.named"},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := f.do(t, tc.method, tc.path, tc.body)
			if status != tc.status {
				t.Fatalf("status %d, want %d; body %v", status, tc.status, body)
			}

			if status >= 400 {
				detail, _ := body["error"].(map[string]any)
				if detail == nil || detail["message"] == "" {
					t.Fatalf("error response without a message: %v", body)
				}

				if tc.field != "" && detail["field"] != tc.field {
					t.Errorf("error field %v, want %q (message %v)", detail["field"], tc.field, detail["message"])
				}
			}
		})
	}
}

func TestSearchResults(t *testing.T) {
	f := newFixture(t, "")

	status, body := f.do(t, "POST", "/v1/search", `{"candidate": "P0001", "modification": "is red", "k": 7}`)
	if status != 200 {
		t.Fatalf("status %d: %v", status, body)
	}

	results := body["results"].([]any)
	if len(results) != 7 {
		t.Fatalf("got %d results, want 7", len(results))
	}

	prev := 2.0
	for i, r := range results {
		res := r.(map[string]any)
		product := res["product"].(map[string]any)

		if product["id"] == "P0001" {
			t.Errorf("result %d is the candidate itself", i)
		}

		score := res["score"].(float64)
		if score > prev {
			t.Errorf("result %d has score %.4f above the previous %.4f", i, score, prev)
		}

		prev = score

		ex, ok := res["explanation"].(map[string]any)
		if !ok {
			t.Fatalf("result %d has no explanation", i)
		}

		for _, key := range []string{"shared", "requested", "missing", "dropped", "removed", "neighbours", "preferences"} {
			if _, ok := ex[key]; !ok {
				t.Errorf("result %d explanation lacks %q", i, key)
			}
		}
	}

	understood := body["understood"].(map[string]any)
	if req := understood["requested"].([]any); len(req) != 1 || req[0].(map[string]any)["value"] != "red" {
		t.Errorf("understood.requested = %v, want colour:red", req)
	}
}

func TestSearchFilter(t *testing.T) {
	f := newFixture(t, "")

	body := `{"candidate": "P0001", "k": 50, "filter": {"require": [{"kind": "colour", "value": "red"}], "exclude": [{"kind": "shape", "value": "long"}]}}`
	status, resp := f.do(t, "POST", "/v1/search", body)
	if status != 200 {
		t.Fatalf("status %d: %v", status, resp)
	}

	results := resp["results"].([]any)
	if len(results) == 0 {
		t.Fatal("filtered search returned nothing")
	}

	for _, r := range results {
		p := r.(map[string]any)["product"].(map[string]any)

		var red, long bool
		for _, a := range p["attributes"].([]any) {
			attr := a.(map[string]any)
			red = red || (attr["kind"] == "colour" && attr["value"] == "red")
			long = long || (attr["kind"] == "shape" && attr["value"] == "long")
		}

		if !red || long {
			t.Errorf("product %v breaks the filter: %v", p["id"], p["attributes"])
		}
	}
}

func TestSimilarPages(t *testing.T) {
	f := newFixture(t, "")

	status, first := f.do(t, "GET", "/v1/products/P0001/similar?k=5", "")
	if status != 200 {
		t.Fatalf("status %d: %v", status, first)
	}

	cursor, _ := first["next_cursor"].(string)
	if cursor == "" {
		t.Fatal("first page of similar products has no next_cursor")
	}

	_, second := f.do(t, "GET", "/v1/products/P0001/similar?k=5&cursor="+cursor, "")
	_, both := f.do(t, "GET", "/v1/products/P0001/similar?k=10", "")

	ids := func(body map[string]any) []string {
		var out []string
		for _, r := range body["results"].([]any) {
			out = append(out, r.(map[string]any)["product"].(map[string]any)["id"].(string))
		}

		return out
	}

	if got, want := append(ids(first), ids(second)...), ids(both); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("two pages of 5 = %v, one page of 10 = %v", got, want)
	}
}

func TestPropertyAndNamedFilters(t *testing.T) {
	f := newFixture(t, "")

	count := func(body string) int {
		t.Helper()

		status, resp := f.do(t, "POST", "/v1/search", body)
		if status != 200 {
			t.Fatalf("status %d: %v", status, resp)
		}

		return len(resp["results"].([]any))
	}

	if n := count(`{"candidate": "P0001", "k": 100, "filter": {"properties": [{"name": "source", "op": "eq", "value": "testcat"}]}}`); n != 79 {
		t.Errorf("source = testcat kept %d products, want all 79 others", n)
	}

	if n := count(`{"candidate": "P0001", "k": 100, "filter": {"properties": [{"name": "source", "op": "ne", "value": "testcat"}]}}`); n != 0 {
		t.Errorf("source <> testcat kept %d products, want 0", n)
	}

	if n := count(`{"candidate": "P0001", "k": 100, "filter": {"properties": [{"name": "missing_property", "op": "gt", "value": 1}]}}`); n != 0 {
		t.Errorf("a condition on a missing property kept %d products, want 0", n)
	}

	if n := count(`{"candidate": "P0001", "k": 100, "filter": {"named": {"name": "min_attributes", "params": {"min": 4}}}}`); n != 0 {
		t.Errorf("min_attributes 4 kept %d products; every generated product has 3", n)
	}

	if n := count(`{"candidate": "P0001", "k": 100, "filter": {"named": {"name": "min_attributes", "params": {"min": 3}}, "require": [{"kind": "colour", "value": "red"}]}}`); n == 0 || n == 79 {
		t.Errorf("min_attributes 3 with colour red kept %d products, want the red ones only", n)
	}
}

func TestInteractionsChangeResults(t *testing.T) {
	f := newFixture(t, "")
	search := `{"candidate": "P0001", "modification": "is flared", "k": 79, "explain": true}`

	scoreOf := func(id string) float64 {
		t.Helper()

		_, resp := f.do(t, "POST", "/v1/search", search)
		for _, r := range resp["results"].([]any) {
			res := r.(map[string]any)
			if res["product"].(map[string]any)["id"] == id {
				return res["score"].(float64)
			}
		}

		t.Fatalf("%s is not among the results", id)

		return 0
	}

	before := scoreOf("P0003")

	status, body := f.do(t, "POST", "/v1/products/P0003/attributes", `{"kind": "shape", "value": "flared"}`, "X-Tailor-User", "tester")
	if status != 201 {
		t.Fatalf("add attribute: status %d: %v", status, body)
	}

	if after := scoreOf("P0003"); after == before {
		t.Errorf("score of P0003 stayed %.6f after adding an attribute", after)
	}

	status, body = f.do(t, "DELETE", "/v1/products/P0003/attributes?kind=shape&value=flared", "")
	if status != 200 {
		t.Fatalf("remove attribute: status %d: %v", status, body)
	}

	if restored := scoreOf("P0003"); restored != before {
		t.Errorf("score of P0003 is %.6f after removing the attribute, want %.6f", restored, before)
	}

	status, body = f.do(t, "POST", "/v1/preferences", `{"products": ["P0003", "P0004"], "context": "summer"}`)
	if status != 201 {
		t.Fatalf("add preference: status %d: %v", status, body)
	}

	group := body["id"].(string)
	if moved := scoreOf("P0003"); moved == before {
		t.Errorf("score of P0003 stayed %.6f after a preference group", moved)
	}

	if status, body = f.do(t, "GET", "/v1/preferences/"+group, ""); status != 200 || len(body["products"].([]any)) != 2 {
		t.Errorf("get preference: status %d, body %v", status, body)
	}

	if status, body = f.do(t, "DELETE", "/v1/preferences/"+group, ""); status != 200 {
		t.Fatalf("delete preference: status %d: %v", status, body)
	}

	if restored := scoreOf("P0003"); restored != before {
		t.Errorf("score of P0003 is %.6f after deleting the group, want %.6f", restored, before)
	}
}

func TestAPIKeyGuardsWrites(t *testing.T) {
	f := newFixture(t, "s3cret")

	if status, _ := f.do(t, "POST", "/v1/preferences", `{"products": ["P0001", "P0002"]}`); status != 401 {
		t.Errorf("write without key: status %d, want 401", status)
	}

	if status, _ := f.do(t, "POST", "/v1/preferences", `{"products": ["P0001", "P0002"]}`, "Authorization", "Bearer wrong"); status != 401 {
		t.Errorf("write with wrong key: status %d, want 401", status)
	}

	status, body := f.do(t, "POST", "/v1/preferences", `{"products": ["P0001", "P0002"]}`, "Authorization", "Bearer s3cret")
	if status != 201 {
		t.Fatalf("write with key: status %d: %v", status, body)
	}

	if status, _ := f.do(t, "GET", "/v1/products/P0001", ""); status != 200 {
		t.Errorf("read without key: status %d, want 200", status)
	}
}

func TestNotReadyWithoutModel(t *testing.T) {
	client := neo4jtest.Open(t)
	engine := retrieval.NewEngine(client, neo4jtest.Logger())
	srv := httptest.NewServer(api.NewServer(engine, client, neo4jtest.Logger(), api.DefaultLimits()).Handler())
	defer srv.Close()

	for _, path := range []string{"/readyz", "/v1/products/P0001"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()

		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("GET %s without a model: status %d, want 503", path, resp.StatusCode)
		}
	}

	resp, err := http.Post(srv.URL+"/v1/search", "application/json", bytes.NewReader([]byte(`{"candidate": "P0001"}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("search without a model: status %d, want 503", resp.StatusCode)
	}
}
