package fashion200k

import (
	"errors"
	"testing"

	"github.com/tailorsearch/tailor/internal/ingest"
)

func TestParseSubsetLine(t *testing.T) {
	pos := ingest.Position{File: "subset.jsonl", Line: 9}

	tests := []struct {
		name, line string
		field      string // field of the expected error; "-" means no error
	}{
		{"valid", `{"image": "a/1.jpeg", "category": "Dress", "caption": "Black  dress", "split": "test", "image_url": "http://127.0.0.1:1/1.jpeg"}`, "-"},
		{"no image url", `{"image": "a/1.jpeg", "category": "dress", "caption": "black dress", "split": "train"}`, "-"},
		{"unknown key", `{"image": "a/1.jpeg", "category": "dress", "caption": "black dress", "split": "train", "color": "black"}`, "color"},
		{"missing caption", `{"image": "a/1.jpeg", "category": "dress", "split": "train"}`, "caption"},
		{"number caption", `{"image": "a/1.jpeg", "category": "dress", "caption": 7, "split": "train"}`, "caption"},
		{"unknown split", `{"image": "a/1.jpeg", "category": "dress", "caption": "x", "split": "val"}`, "split"},
		{"malformed", `{"image": "a/1.jpeg",`, ""},
		{"list", `[1, 2]`, ""},
		{"two objects", `{"image": "a", "category": "d", "caption": "x", "split": "test"} {}`, ""},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it, err := parseSubsetLine(pos, []byte(tc.line))
			if tc.field == "-" {
				if err != nil {
					t.Fatal(err)
				}

				if it.Image != "a/1.jpeg" || it.Category != "dress" || it.Caption != "black dress" {
					t.Errorf("item = %+v", it)
				}

				return
			}

			var re *ingest.RecordError
			if !errors.As(err, &re) {
				t.Fatalf("error = %v, want a RecordError", err)
			}

			if re.Field != tc.field || re.Pos != pos {
				t.Errorf("error at %v field %q, want %v field %q: %v", re.Pos, re.Field, pos, tc.field, err)
			}
		})
	}
}

func FuzzParseSubsetLine(f *testing.F) {
	f.Add([]byte(`{"image": "a/1.jpeg", "category": "dress", "caption": "black dress", "split": "test", "image_url": "u"}`))
	f.Add([]byte(`{"image": null}`))
	f.Add([]byte(`{"image": "a", "image": "b", "category": "c", "caption": "d", "split": "train"}`))
	f.Add([]byte(`"x"`))

	f.Fuzz(func(t *testing.T, line []byte) {
		it, err := parseSubsetLine(ingest.Position{File: "f", Line: 1}, line)
		if err != nil {
			if !errors.Is(err, ingest.ErrInvalidRecord) {
				t.Fatalf("error %v does not wrap ErrInvalidRecord", err)
			}

			return
		}

		if it.Image == "" || it.Category == "" || it.Caption == "" || !validSplit(it.Split) {
			t.Fatalf("accepted an incomplete item %+v from %q", it, line)
		}
	})
}
