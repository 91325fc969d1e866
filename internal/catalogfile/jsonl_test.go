package catalogfile

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

func TestJSONLProducts(t *testing.T) {
	products, queries := readAll(t, []string{"testdata/products.jsonl"}, nil)

	if len(products) != 3 || len(queries) != 0 {
		t.Fatalf("read %d products and %d queries, want 3 and 0", len(products), len(queries))
	}

	p := products[0]
	wantAttrs := []catalog.Attribute{{Kind: "color", Value: "black"}, {Kind: "length", Value: "midi"}, {Kind: "material", Value: "silk"}}

	if p.ID != "sku-1" || p.Source != "shop" || p.Title != "Silk slip dress" || p.ImageURL != "http://127.0.0.1:1/sku-1.jpg" {
		t.Errorf("first product = %+v", p)
	}

	if !slices.Equal(p.Memberships, []catalog.Membership{{Category: "dress", Split: DefaultSplit}}) {
		t.Errorf("first product memberships = %v", p.Memberships)
	}

	if !slices.Equal(p.Attributes, wantAttrs) {
		t.Errorf("first product attributes = %v, want %v", p.Attributes, wantAttrs)
	}

	if !slices.Equal(p.ImageEmbedding, []float32{0.5, -0.25, 1}) {
		t.Errorf("first product embedding = %v", p.ImageEmbedding)
	}

	if p.Pos != (ingest.Position{File: "testdata/products.jsonl", Line: 1}) {
		t.Errorf("first product position = %v", p.Pos)
	}

	if got := products[1]; got.Memberships[0].Split != "train" || !slices.Equal(got.Attributes, []catalog.Attribute{{Kind: "color", Value: "red"}, {Kind: "color", Value: "white"}}) {
		t.Errorf("second product = %+v", got)
	}

	if got := products[2]; got.Pos.Line != 4 || got.ImageEmbedding != nil || len(got.Attributes) != 0 {
		t.Errorf("third product = %+v; want line 4 after the blank line, no embedding, no attributes", got)
	}
}

func TestJSONLInvalidLines(t *testing.T) {
	good := `{"id": "a", "category": "dress"}`

	tests := []struct {
		name, line, field string
	}{
		{"malformed", `{"id": "b", `, ""},
		{"not an object", `["b"]`, ""},
		{"unknown column", `{"id": "b", "category": "dress", "colour": "red"}`, "colour"},
		{"empty attr kind", `{"id": "b", "category": "dress", "attr.": "red"}`, "attr."},
		{"number id", `{"id": 7, "category": "dress"}`, "id"},
		{"missing id", `{"category": "dress"}`, "id"},
		{"missing category", `{"id": "b"}`, "category"},
		{"attribute without value", `{"id": "b", "category": "dress", "attributes": [{"kind": "color"}]}`, "attributes"},
		{"attribute with extra key", `{"id": "b", "category": "dress", "attributes": [{"kind": "color", "value": "red", "x": 1}]}`, "attributes"},
		{"empty attribute value", `{"id": "b", "category": "dress", "attributes": [{"kind": "color", "value": " "}]}`, "attributes"},
		{"string vector", `{"id": "b", "category": "dress", "image_embedding": "0.1 0.2"}`, "image_embedding"},
		{"huge number", `{"id": "b", "category": "dress", "image_embedding": [1e400]}`, "image_embedding"},
		{"beyond float32", `{"id": "b", "category": "dress", "image_embedding": [1e39]}`, "image_embedding"},
		{"string in vector", `{"id": "b", "category": "dress", "image_embedding": [1, "2"]}`, "image_embedding"},
		{"two objects", `{"id": "b", "category": "dress"} {"id": "c"}`, ""},
		{"bad attr list", `{"id": "b", "category": "dress", "attr.color": [1]}`, "attr.color"},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "p.jsonl", good+"\n"+tc.line+"\n"+good+"\n")

			err := nextProductError(t, path, 2)

			var re *ingest.RecordError
			if !errors.As(err, &re) {
				t.Fatalf("error = %v, want a RecordError", err)
			}

			if re.Pos.Line != 2 || re.Pos.File != path || re.Field != tc.field {
				t.Errorf("error at %v, field %q; want line 2, field %q: %v", re.Pos, re.Field, tc.field, err)
			}
		})
	}
}

func TestJSONLSkipsMalformedFirstLine(t *testing.T) {
	path := writeFile(t, "p.jsonl", "{oops\n{\"id\": \"a\", \"category\": \"dress\"}\n")

	if err := nextProductError(t, path, 1); !errors.Is(err, ingest.ErrInvalidRecord) {
		t.Fatalf("first line: %v, want ErrInvalidRecord", err)
	}

	ctx := t.Context()

	s, err := Open(ctx, []string{path}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	_, _ = s.NextProduct(ctx)

	p, err := s.NextProduct(ctx)
	if err != nil || p.ID != "a" {
		t.Errorf("second line = %+v, %v; want product a", p, err)
	}
}

func TestJSONLEmptyFile(t *testing.T) {
	_, err := Open(t.Context(), []string{writeFile(t, "p.jsonl", "{\n")}, Options{})
	if err == nil {
		t.Fatal("a file of one malformed line was accepted")
	}

	_, err = Open(t.Context(), []string{writeFile(t, "p.jsonl", "\n\n")}, Options{})
	if !errors.Is(err, ErrInvalidFile) {
		t.Fatalf("empty file: %v, want ErrInvalidFile", err)
	}
}

func FuzzJSONLProducts(f *testing.F) {
	f.Add(`{"id": "sku-1", "category": "Dress", "attributes": [{"kind": "Color", "value": "Black"}], "attr.length": "midi", "image_embedding": [0.5, -0.25, 1]}`)
	f.Add(`{"id": "x", "category": "y", "image_embedding": [1e39, NaN]}`)
	f.Add(`{"candidate": "a", "text": "b"}`)
	f.Add(`{"id": "x", "category": "y", "attr.c": ["a", null]}`)

	f.Fuzz(func(t *testing.T, content string) {
		path := writeFile(t, "f.jsonl", content)
		ctx := t.Context()

		s, err := Open(ctx, []string{path}, Options{})
		if err != nil {
			return
		}
		defer s.Close()

		for range 100 {
			p, err := s.NextProduct(ctx)
			if err != nil {
				if !errors.Is(err, ingest.ErrInvalidRecord) {
					return
				}

				continue
			}

			checkProduct(t, p)
		}
	})
}

// checkProduct fails the test when a product that a reader accepted
// breaks what the readers promise.
func checkProduct(t *testing.T, p ingest.Product) {
	t.Helper()

	if strings.TrimSpace(p.ID) == "" || len(p.Memberships) != 1 || p.Memberships[0].Category == "" || p.Memberships[0].Split == "" {
		t.Fatalf("accepted product without id, category or split: %+v", p)
	}

	for _, a := range p.Attributes {
		if a.Kind == "" || a.Value == "" || a.Kind != strings.ToLower(a.Kind) || a.Value != strings.TrimSpace(a.Value) {
			t.Fatalf("accepted attribute %+v that is empty or not normalized", a)
		}
	}

	for i, x := range p.ImageEmbedding {
		if f := float64(x); math.IsNaN(f) || math.IsInf(f, 0) {
			t.Fatalf("accepted embedding value %d = %v", i, x)
		}
	}
}

func TestJSONLQueries(t *testing.T) {
	_, queries := readAll(t, []string{"testdata/queries.jsonl", "testdata/products.jsonl"}, nil)

	if len(queries) != 1 {
		t.Fatalf("read %d queries, want 1", len(queries))
	}

	q := queries[0]
	if q.ID != "q-1" || q.Candidate != "sku-1" || q.Target != "sku-2" || q.Text() != "is red" || q.Split != "val" || q.Pos.Line != 1 {
		t.Errorf("query = %+v", q)
	}
}
