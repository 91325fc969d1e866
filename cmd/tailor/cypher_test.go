package main

import (
	"context"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
	"github.com/tailorsearch/tailor/internal/modtext"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

func TestParseParams(t *testing.T) {
	comment := `Something useful.

Parameters:
  $kind      string   attribute kind, such as color (required)
  $category  string   category, or null for all (default null)
  $limit     integer  maximum number of rows (default 25)
  $share     float    minimum share (default 0.5)
  $all       boolean  every row (default false)`

	params, err := parseParams(comment)
	if err != nil {
		t.Fatal(err)
	}

	want := []paramSpec{
		{name: "kind", typ: "string", required: true, text: "attribute kind, such as color"},
		{name: "category", typ: "string", text: "category, or null for all (default null)"},
		{name: "limit", typ: "integer", def: int64(25), text: "maximum number of rows (default 25)"},
		{name: "share", typ: "float", def: 0.5, text: "minimum share (default 0.5)"},
		{name: "all", typ: "boolean", def: false, text: "every row (default false)"},
	}

	if !slices.Equal(params, want) {
		t.Errorf("params = %+v\nwant %+v", params, want)
	}

	if _, err := parseParams("  $limit  integer  rows (default many)"); err == nil {
		t.Error("a default that is not an integer was accepted")
	}
}

func TestMerchQueryBind(t *testing.T) {
	q, err := loadMerchQuery("missing_kind")
	if err != nil {
		t.Fatal(err)
	}

	got, err := q.bind(paramFlag{{"kind", "color"}, {"limit", "5"}})
	if err != nil {
		t.Fatal(err)
	}

	if got["kind"] != "color" || got["limit"] != int64(5) || got["category"] != nil || len(got) != 3 {
		t.Errorf("bound parameters = %v", got)
	}

	tests := []struct {
		name  string
		given paramFlag
		want  string
	}{
		{"missing required", paramFlag{}, "needs --param kind=VALUE"},
		{"unknown", paramFlag{{"kind", "color"}, {"colour", "red"}}, `no parameter "colour"`},
		{"wrong type", paramFlag{{"kind", "color"}, {"limit", "ten"}}, `"ten" is not an integer`},
	}

	for _, tc := range tests {
		if _, err := q.bind(tc.given); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestEveryMerchQueryParses(t *testing.T) {
	var out strings.Builder
	if err := listMerchQueries(&out); err != nil {
		t.Fatal(err)
	}

	for _, name := range []string{"attribute_coverage", "missing_kind", "requested_attributes", "top_targets", "similar_products", "liked_groups", "why_matched"} {
		if !strings.Contains(out.String(), name+" ") {
			t.Errorf("tailor cypher list does not name %s:\n%s", name, out.String())
		}

		q, err := loadMerchQuery(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}

		for _, p := range q.params {
			if !strings.Contains(q.statement, "$"+p.name) {
				t.Errorf("%s declares $%s but does not use it", name, p.name)
			}
		}
	}
}

func TestCypherUsageErrors(t *testing.T) {
	tests := [][]string{
		{"cypher"},
		{"cypher", "no_such_query"},
		{"cypher", "load_products"},
		{"cypher", "missing_kind"},
		{"cypher", "missing_kind", "--param", "kind"},
		{"cypher", "missing_kind", "--param", "kind=color", "--format", "xml"},
	}

	for _, args := range tests {
		a, _ := testApp()
		if code := dispatch(context.Background(), a, args); code != 2 {
			t.Errorf("tailor %s exited %d, want 2", strings.Join(args, " "), code)
		}
	}
}

// merchFixture loads a small catalog with known results into the test
// server and points NEO4J_URI at it.
//
//	dress p1: color=black length=short material=silk
//	dress p2: color=black length=long
//	dress p3: color=red   length=short material=silk
//	dress p4: length=short
//	top   t1: color=white sleeve=long
//	top   t2: (none)
//	q1: p1 -> p3 adds color=red
//	q2: p2 -> p3 adds color=red, removes color=black
//	q3: p4 -> p1 adds color=black, material=silk
//	group g1 (summer): p1, p3, with p1 LIKED_WITH p3
//	group g2 (office): p2, t1
func merchFixture(t *testing.T) {
	t.Helper()

	c := neo4jtest.Open(t)
	ctx := context.Background()

	if err := c.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	t.Setenv("NEO4J_URI", neo4jtest.Config().URI)

	products := []catalog.Product{
		fixtureProduct("p1", "dress", "color=black", "length=short", "material=silk"),
		fixtureProduct("p2", "dress", "color=black", "length=long"),
		fixtureProduct("p3", "dress", "color=red", "length=short", "material=silk"),
		fixtureProduct("p4", "dress", "length=short"),
		fixtureProduct("t1", "top", "color=white", "sleeve=long"),
		fixtureProduct("t2", "top"),
	}

	queries := []ingest.Query{
		fixtureQuery("q1", "p1", "p3", "is red", []string{"color=red"}, nil),
		fixtureQuery("q2", "p2", "p3", "is red, not black", []string{"color=red"}, []string{"color=black"}),
		fixtureQuery("q3", "p4", "p1", "black silk", []string{"color=black", "material=silk"}, nil),
	}

	stream := &fixtureStream{products: ingest.Slices(products, nil), queries: queries}
	if _, err := c.LoadStream(ctx, stream, graphdb.LoadOptions{Dataset: "shop"}); err != nil {
		t.Fatal(err)
	}

	const groups = `
CREATE (g1:PreferenceGroup {id: 'g1', context: 'summer'}), (g2:PreferenceGroup {id: 'g2', context: 'office'})
WITH g1, g2
MATCH (p1:Product {id: 'p1'}), (p2:Product {id: 'p2'}), (p3:Product {id: 'p3'}), (t1:Product {id: 't1'})
CREATE (g1)-[:INCLUDES]->(p1), (g1)-[:INCLUDES]->(p3), (g2)-[:INCLUDES]->(p2), (g2)-[:INCLUDES]->(t1),
       (p1)-[:LIKED_WITH {group: 'g1'}]->(p3)`
	if _, err := c.Write(ctx, groups, nil); err != nil {
		t.Fatal(err)
	}
}

func fixtureProduct(id, category string, attrs ...string) catalog.Product {
	p := catalog.Product{ID: id, Source: "shop", Title: "Product " + id, Memberships: []catalog.Membership{{Category: category, Split: "all"}}}
	p.Attributes = attributes(attrs)

	return p
}

func attributes(pairs []string) []catalog.Attribute {
	var out []catalog.Attribute
	for _, a := range pairs {
		kind, value, _ := strings.Cut(a, "=")
		out = append(out, catalog.Attribute{Kind: kind, Value: value})
	}

	return out
}

func fixtureQuery(id, candidate, target, text string, added, removed []string) ingest.Query {
	q := ingest.Query{Mentions: &modtext.Mentions{Requested: attributes(added), Removed: attributes(removed)}}
	q.ID, q.Source, q.Split, q.Candidate, q.Target, q.Captions = id, "shop", "all", candidate, target, []string{text}

	return q
}

// fixtureStream yields the products of a slice stream and the given queries.
type fixtureStream struct {
	products ingest.Stream
	queries  []ingest.Query
}

func (s *fixtureStream) NextProduct(ctx context.Context) (ingest.Product, error) {
	return s.products.NextProduct(ctx)
}

func (s *fixtureStream) NextQuery(ctx context.Context) (ingest.Query, error) {
	if len(s.queries) == 0 {
		return s.products.NextQuery(ctx)
	}

	q := s.queries[0]
	s.queries = s.queries[1:]

	return q, nil
}

func (s *fixtureStream) Close() error { return nil }

// runCypherCSV runs "tailor cypher" with --format csv and returns the rows
// after the header.
func runCypherCSV(t *testing.T, args ...string) (header []string, rows [][]string) {
	t.Helper()

	a, out := testApp()
	var stderr strings.Builder
	a.stderr = &stderr

	if code := dispatch(context.Background(), a, append(append([]string{"cypher"}, args...), "--format", "csv")); code != 0 {
		t.Fatalf("tailor cypher %s exited %d: %s", strings.Join(args, " "), code, stderr.String())
	}

	records, err := csv.NewReader(strings.NewReader(out.String())).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v\n%s", err, out.String())
	}

	return records[0], records[1:]
}

func TestMerchQueriesKnownAnswers(t *testing.T) {
	merchFixture(t)

	tests := []struct {
		name   string
		args   []string
		header string
		rows   []string // cells joined by "|"
	}{
		{
			"attribute coverage", []string{"attribute_coverage"},
			"category|kind|products|category_products|coverage",
			[]string{"dress|length|4|4|1", "dress|color|3|4|0.75", "dress|material|2|4|0.5", "top|color|1|2|0.5", "top|sleeve|1|2|0.5"},
		},
		{
			"coverage of one category", []string{"merch_attribute_coverage", "--param", "category=top"},
			"category|kind|products|category_products|coverage",
			[]string{"top|color|1|2|0.5", "top|sleeve|1|2|0.5"},
		},
		{
			"missing kind", []string{"missing_kind", "--param", "kind=color"},
			"id|title|categories",
			[]string{"p4|Product p4|dress", "t2|Product t2|top"},
		},
		{
			"missing kind in a category", []string{"missing_kind", "--param", "kind=color", "--param", "category=dress"},
			"id|title|categories",
			[]string{"p4|Product p4|dress"},
		},
		{
			"requested attributes", []string{"requested_attributes"},
			"kind|value|added|removed|total",
			[]string{"color|black|1|1|2", "color|red|2|0|2", "material|silk|1|0|1"},
		},
		{
			"top targets", []string{"top_targets"},
			"id|title|times_target|candidates",
			[]string{"p3|Product p3|2|2", "p1|Product p1|1|1"},
		},
		{
			"similar products", []string{"similar_products", "--param", "id=p1"},
			"id|title|shared_count|shared",
			[]string{"p3|Product p3|2|length=short, material=silk", "p2|Product p2|1|color=black", "p4|Product p4|1|length=short"},
		},
		{
			"liked groups", []string{"liked_groups"},
			"group|context|products|product_ids|common_attributes|liked_pairs",
			[]string{"g1|summer|2|p1, p3|length=short, material=silk|1", "g2|office|2|p2, t1||0"},
		},
		{
			"why the target matched", []string{"why_matched", "--param", "query=q2", "--param", "product=p3"},
			"reason|kind|value|path",
			[]string{
				`has an attribute the query asks for|color|red|(:Query {id: "q2"})-[:MENTIONS]->(:Attribute {kind: "color", value: "red"})<-[:HAS_ATTRIBUTE]-(:Product {id: "p3"})`,
				`is the target of the query|||(:Query {id: "q2"})-[:TARGET]->(:Product {id: "p3"})`,
				`lacks an attribute the query asks to remove|color|black|(:Query {id: "q2"})-[:MENTIONS]->(:Attribute {kind: "color", value: "black"})`,
			},
		},
		{
			"why another product matched", []string{"why_matched", "--param", "query=q2", "--param", "product=p1"},
			"reason|kind|value|path",
			[]string{
				`has an attribute the query asks to remove (counts against it)|color|black|(:Query {id: "q2"})-[:MENTIONS]->(:Attribute {kind: "color", value: "black"})<-[:HAS_ATTRIBUTE]-(:Product {id: "p1"})`,
			},
		},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			header, rows := runCypherCSV(t, tc.args...)

			if got := strings.Join(header, "|"); got != tc.header {
				t.Errorf("header = %s, want %s", got, tc.header)
			}

			got := make([]string, len(rows))
			for i, r := range rows {
				got[i] = strings.Join(r, "|")
			}

			if !slices.Equal(got, tc.rows) {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.rows, "\n"))
			}
		})
	}
}

func TestCypherTableOutput(t *testing.T) {
	merchFixture(t)

	a, out := testApp()
	if code := dispatch(context.Background(), a, []string{"cypher", "top_targets", "--param", "limit=1"}); code != 0 {
		t.Fatalf("exit code %d", code)
	}

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "id ") || !strings.HasPrefix(lines[2], "p3 ") || lines[3] != "(1 rows)" {
		t.Errorf("table output:\n%s", out.String())
	}
}

func TestCypherRunsReadOnly(t *testing.T) {
	merchFixture(t)

	c := neo4jtest.Open(t)

	_, _, err := readRows(context.Background(), c, "CREATE (:Product {id: 'intruder'})", nil)
	if err == nil {
		t.Fatal("a write statement ran in the read transaction of tailor cypher")
	}

	if errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

func FuzzParamFlag(f *testing.F) {
	f.Add("kind=color")
	f.Add("limit=12")
	f.Add("category=null")
	f.Add("=x")

	q, err := loadMerchQuery("missing_kind")
	if err != nil {
		f.Fatal(err)
	}

	f.Fuzz(func(t *testing.T, arg string) {
		var params paramFlag
		if err := params.Set(arg); err != nil {
			return
		}

		values, err := q.bind(append(params, keyValue{"kind", "color"}))
		if err != nil {
			return
		}

		if _, ok := values["limit"].(int64); !ok && values["limit"] != nil {
			t.Fatalf("limit bound as %T from %q", values["limit"], arg)
		}

		if len(values) != 3 {
			t.Fatalf("bound %d parameters from %q, want 3", len(values), arg)
		}
	})
}
