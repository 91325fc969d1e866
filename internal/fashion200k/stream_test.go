package fashion200k

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

func TestStreamReadsLabelFilesAndSubset(t *testing.T) {
	files := []string{"testdata/dress_test_detect_all.txt", "testdata/top_train_detect_all.txt", "testdata/subset.jsonl"}
	products, queries := readAll(t, files, Options{QuerySplits: []string{"test", "train"}})

	if len(products) != 9 {
		t.Fatalf("read %d products, want 9", len(products))
	}

	first := products[0]
	if first.ID != "women/dresses/a/1/1_0.jpeg" || first.Caption != "black short dress" || first.Pos.Line != 1 {
		t.Errorf("first product = %+v", first)
	}

	if !slices.Equal(first.Memberships, []catalog.Membership{{Category: "dress", Split: "test"}}) ||
		!slices.Equal(first.Galleries, []catalog.Membership{{Category: AllCategories, Split: "test"}}) {
		t.Errorf("first product memberships %v, galleries %v", first.Memberships, first.Galleries)
	}

	if first.DetectionScore == nil || *first.DetectionScore != 0.91 {
		t.Errorf("first detection score = %v, want 0.91", first.DetectionScore)
	}

	if products[3].Pos.Line != 5 || products[3].Caption != "black short dress" {
		t.Errorf("fourth product at line %d with caption %q; want line 5 after the blank line, normalized caption", products[3].Pos.Line, products[3].Caption)
	}

	if p := products[6]; p.ImageURL != "http://127.0.0.1:1/7.jpeg" || p.DetectionScore != nil || p.Memberships[0].Category != "skirt" {
		t.Errorf("first subset product = %+v", p)
	}

	// test, both ways: dress 1-2 (black/red), 1-3 (short/long), 4-2, 4-3,
	// where 4 has the caption of 1; skirt 7-8. train, both ways: top 5-6
	// and 9-6, where 9 has the caption of 5.
	if len(queries) != 14 {
		t.Fatalf("generated %d queries, want 14", len(queries))
	}

	q := queries[0]
	if q.Candidate != "women/dresses/a/1/1_0.jpeg" || q.Target != "women/dresses/a/2/2_0.jpeg" ||
		q.Text() != "replace black with red" || q.Category != AllCategories || q.Split != "test" || q.Source != Source {
		t.Errorf("first query = %+v", q)
	}

	if q.Mentions == nil || !slices.Equal(q.Mentions.Removed, []catalog.Attribute{{Kind: KindWord, Value: "black"}}) ||
		!slices.Equal(q.Mentions.Requested, []catalog.Attribute{{Kind: KindWord, Value: "red"}}) {
		t.Errorf("first query mentions = %+v", q.Mentions)
	}

	if q.ID != QueryID("test", q.Candidate, q.Target) {
		t.Errorf("first query id = %q", q.ID)
	}

	for _, q := range queries[10:] {
		if q.Split != "train" {
			t.Errorf("query %s of split %s after the test queries; test comes first as --query-splits lists it", q.ID, q.Split)
		}
	}
}

func TestStreamHidesTestAttributesOnly(t *testing.T) {
	files := []string{"testdata/dress_test_detect_all.txt", "testdata/top_train_detect_all.txt"}
	products, _ := readAll(t, files, Options{Hide: Hider{Fraction: 0.99, Seed: 1}})

	for _, p := range products {
		full := len(Words.Attributes(splitWords(p.Caption)))

		switch p.Memberships[0].Split {
		case "test":
			if len(p.Attributes) == full {
				t.Errorf("test product %s kept all %d attributes at fraction 0.99", p.ID, full)
			}
		default:
			if len(p.Attributes) != full {
				t.Errorf("train product %s kept %d of %d attributes; only test products are hidden", p.ID, len(p.Attributes), full)
			}
		}

		if p.Caption == "" || p.Title != p.Caption {
			t.Errorf("product %s lost its caption: caption %q, title %q", p.ID, p.Caption, p.Title)
		}
	}
}

func splitWords(s string) []string { return Item{Caption: s}.Words() }

func TestStreamFirstRestQueries(t *testing.T) {
	_, queries := readAll(t, []string{"testdata/dress_test_detect_all.txt"}, Options{Mode: FirstRest})

	found := false
	for _, q := range queries {
		if q.Text() != "replace short with long" || q.Candidate != "women/dresses/a/1/1_0.jpeg" {
			continue
		}

		found = true

		if !slices.Equal(q.Mentions.Removed, []catalog.Attribute{{Kind: KindRest, Value: "short dress"}}) ||
			!slices.Equal(q.Mentions.Requested, []catalog.Attribute{{Kind: KindRest, Value: "long dress"}}) {
			t.Errorf("first-rest mentions = %+v", q.Mentions)
		}
	}

	if !found {
		t.Error("no query replaces short with long from product 1")
	}
}

func TestStreamInvalidLines(t *testing.T) {
	s, err := Open([]string{"testdata/invalid.jsonl"}, Options{}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	wantFields := []string{"", "split", "colour", "", ""} // "" is a valid line, or a malformed one at line 4
	wantValid := []bool{true, false, false, false, true}

	for i := range wantValid {
		p, err := s.NextProduct(context.Background())
		if wantValid[i] {
			if err != nil {
				t.Fatalf("line %d: %v", i+1, err)
			}

			if p.Pos.Line != i+1 {
				t.Errorf("product from line %d, want %d", p.Pos.Line, i+1)
			}

			continue
		}

		var re *ingest.RecordError
		if !errors.As(err, &re) {
			t.Fatalf("line %d: error %v, want a RecordError", i+1, err)
		}

		if re.Pos.Line != i+1 || re.Field != wantFields[i] {
			t.Errorf("line %d: error at line %d, field %q; want field %q: %v", i+1, re.Pos.Line, re.Field, wantFields[i], err)
		}
	}

	if _, err := s.NextProduct(context.Background()); !errors.Is(err, io.EOF) {
		t.Errorf("after the last line: %v, want io.EOF", err)
	}
}

func TestOpenRejectsUnknownFiles(t *testing.T) {
	dir := t.TempDir()

	write := func(name, content string) string {
		t.Helper()

		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}

		return path
	}

	tests := []struct{ name, path string }{
		{"label file with another name", write("labels.txt", "a/1.jpeg\t0.5\tblack dress\n")},
		{"empty file", write("empty.jsonl", "")},
		{"neither form", write("notes.txt", "black dress\nred dress\n")},
	}

	for _, tc := range tests {
		s, err := Open([]string{tc.path}, Options{}, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}

		_, err = s.NextProduct(context.Background())
		if !errors.Is(err, ErrInvalidFile) {
			t.Errorf("%s: error %v, want ErrInvalidFile", tc.name, err)
		}

		s.Close()
	}
}

func TestOpenRejectsBadOptions(t *testing.T) {
	tests := []Options{
		{Mode: "letters"},
		{Hide: Hider{Fraction: 1}},
		{QuerySplits: []string{"val"}},
	}

	for _, opts := range tests {
		if _, err := Open([]string{"testdata/subset.jsonl"}, opts, slog.New(slog.DiscardHandler)); err == nil {
			t.Errorf("Open accepted options %+v", opts)
		}
	}
}
