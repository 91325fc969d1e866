package export

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/catalog"
)

// The oracle reads each table from Neo4j with queries of its own, apart
// from the export's statements, and assembles the rows in Go.
const (
	oracleProducts = `MATCH (p:Product)
RETURN p.id AS id, p.source AS source, p.title AS title, p.image_url AS image_url, p.categories AS categories, p.splits AS splits`
	oracleAttributeEdges = `MATCH (p:Product)-[r:HAS_ATTRIBUTE]->(a:Attribute)
RETURN p.id AS product, a.kind AS kind, a.value AS value, r.source AS provenance`
	oracleAttributes = `MATCH (a:Attribute) RETURN a.kind AS kind, a.value AS value`
	oracleLikedWith  = `MATCH (p:Product)-[:LIKED_WITH]->(o:Product) RETURN p.id AS source, o.id AS target`
	oracleQueries    = `MATCH (q:Query) RETURN q.id AS id, q.source AS source, q.category AS category, q.split AS split, q.text AS text`
	oracleQueryEdges = `MATCH (q:Query)-[r:CANDIDATE|TARGET]->(p:Product) RETURN q.id AS id, type(r) AS type, p.id AS product`
	oracleQueryWords = `MATCH (q:Query)-[:HAS_WORD]->(w:Word) RETURN q.id AS id, w.text AS word`
	oracleGroups     = `MATCH (g:PreferenceGroup) RETURN g.id AS id, g.context AS context, g.created_at AS created_at`
	oracleGroupItems = `MATCH (g:PreferenceGroup)-[:INCLUDES]->(p:Product) RETURN g.id AS id, p.id AS product`
	oracleVectors    = `MATCH (n) WHERE n.model_version = 1 RETURN labels(n)[0] AS label, n.id AS id, n.kind AS kind, n.value AS value, n.text AS text, n.embedding AS vector`
)

// expectedTables returns each exported table's rows as Neo4j holds them,
// in the export's documented order.
func expectedTables(t *testing.T, client *graphdb.Client) map[string][]map[string]any {
	t.Helper()

	read := func(q string) []map[string]any {
		recs, err := client.Read(context.Background(), q, nil)
		if err != nil {
			t.Fatalf("oracle query %q: %v", q, err)
		}

		return recs
	}

	return map[string][]map[string]any{
		"products":    expectedProducts(read(oracleProducts), read(oracleAttributeEdges)),
		"attributes":  expectedAttributes(read(oracleAttributes), read(oracleAttributeEdges)),
		"edges":       expectedEdges(read(oracleAttributeEdges), read(oracleLikedWith)),
		"queries":     expectedQueries(read(oracleQueries), read(oracleQueryEdges), read(oracleQueryWords)),
		"preferences": expectedPreferences(read(oracleGroups), read(oracleGroupItems)),
		"embeddings":  expectedEmbeddings(read(oracleVectors)),
	}
}

func expectedProducts(products, edges []map[string]any) []map[string]any {
	attrs := map[string][]catalog.Attribute{}
	for _, e := range edges {
		id := e["product"].(string)
		attrs[id] = append(attrs[id], catalog.Attribute{Kind: e["kind"].(string), Value: e["value"].(string)})
	}

	out := make([]map[string]any, len(products))
	for i, p := range products {
		list := []any{}
		for _, a := range catalog.SortAttributes(attrs[p["id"].(string)]) {
			list = append(list, map[string]any{"kind": a.Kind, "value": a.Value})
		}

		row := clone(p)
		row["attributes"] = list
		out[i] = row
	}

	sortBy(out, "id")

	return out
}

func expectedAttributes(attrs, edges []map[string]any) []map[string]any {
	counts := map[[2]string]int64{}
	for _, e := range edges {
		counts[[2]string{e["kind"].(string), e["value"].(string)}]++
	}

	out := make([]map[string]any, len(attrs))
	for i, a := range attrs {
		key := [2]string{a["kind"].(string), a["value"].(string)}
		out[i] = map[string]any{"kind": key[0], "value": key[1], "products": counts[key]}
	}

	sortBy(out, "kind", "value")

	return out
}

func expectedEdges(attrEdges, liked []map[string]any) []map[string]any {
	var out []map[string]any
	for _, e := range attrEdges {
		provenance := e["provenance"]
		if provenance == nil {
			provenance = "dataset"
		}

		out = append(out, map[string]any{
			"source": e["product"], "target": e["value"], "target_kind": e["kind"], "type": "HAS_ATTRIBUTE", "provenance": provenance,
		})
	}

	for _, e := range liked {
		out = append(out, map[string]any{"source": e["source"], "target": e["target"], "target_kind": nil, "type": "LIKED_WITH", "provenance": "preference"})
	}

	return out
}

func expectedQueries(queries, edges, words []map[string]any) []map[string]any {
	ends := map[string]map[string]any{}
	for _, e := range edges {
		id := e["id"].(string)
		if ends[id] == nil {
			ends[id] = map[string]any{}
		}

		ends[id][e["type"].(string)] = e["product"]
	}

	wordsOf := map[string][]string{}
	for _, w := range words {
		wordsOf[w["id"].(string)] = append(wordsOf[w["id"].(string)], w["word"].(string))
	}

	out := make([]map[string]any, len(queries))
	for i, q := range queries {
		id := q["id"].(string)
		row := clone(q)
		row["candidate"] = ends[id]["CANDIDATE"]
		row["target"] = ends[id]["TARGET"]
		row["words"] = sortedList(wordsOf[id])
		out[i] = row
	}

	sortBy(out, "id")

	return out
}

func expectedPreferences(groups, items []map[string]any) []map[string]any {
	products := map[string][]string{}
	for _, it := range items {
		products[it["id"].(string)] = append(products[it["id"].(string)], it["product"].(string))
	}

	out := make([]map[string]any, len(groups))
	for i, g := range groups {
		row := clone(g)
		row["created_at"] = g["created_at"].(time.Time).UTC().Truncate(time.Microsecond)
		row["products"] = sortedList(products[g["id"].(string)])
		out[i] = row
	}

	sortBy(out, "id")

	return out
}

func expectedEmbeddings(nodes []map[string]any) []map[string]any {
	out := make([]map[string]any, len(nodes))
	for i, n := range nodes {
		row := map[string]any{"model_version": int64(1), "kind": nil}

		switch n["label"] {
		case "Product":
			row["node"], row["id"] = "product", n["id"]
		case "Attribute":
			row["node"], row["id"], row["kind"] = "attribute", n["value"], n["kind"]
		case "Word":
			row["node"], row["id"] = "word", n["text"]
		}

		var vec []float32
		for _, x := range n["vector"].([]any) {
			vec = append(vec, float32(x.(float64)))
		}

		row["vector"] = vec
		out[i] = row
	}

	return out
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}

	return out
}

func sortedList(xs []string) []any {
	slices.Sort(xs)

	out := []any{}
	for _, x := range xs {
		out = append(out, x)
	}

	return out
}

// sortBy orders rows by the string values of keys, as Cypher's ORDER BY
// orders strings.
func sortBy(rows []map[string]any, keys ...string) {
	slices.SortStableFunc(rows, func(a, b map[string]any) int {
		for _, k := range keys {
			if x, y := fmt.Sprint(a[k]), fmt.Sprint(b[k]); x != y {
				if x < y {
					return -1
				}

				return 1
			}
		}

		return 0
	})
}

// loadManyProducts loads n generated products with four attributes each.
func loadManyProducts(t *testing.T, client *graphdb.Client, n int) {
	t.Helper()

	products := make([]catalog.Product, n)
	for i := range products {
		products[i] = catalog.Product{
			ID: fmt.Sprintf("G%09d", i), Source: "generated", Title: fmt.Sprintf("generated product number %d", i),
			Memberships: []catalog.Membership{{Category: "dress", Split: "train"}},
			Attributes: []catalog.Attribute{
				{Kind: "texture", Value: fmt.Sprintf("texture-%d", i%7)}, {Kind: "fabric", Value: fmt.Sprintf("fabric-%d", i%5)},
				{Kind: "shape", Value: fmt.Sprintf("shape-%d", i%3)}, {Kind: "style", Value: fmt.Sprintf("style-%d", i%11)},
			},
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	if _, err := client.Load(ctx, "generated", products, nil, 0); err != nil {
		t.Fatalf("load %d generated products: %v", n, err)
	}
}
