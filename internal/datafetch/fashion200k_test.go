package datafetch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestConvertFashion200KManifest(t *testing.T) {
	manifest := `{
  "seed": 17,
  "criteria": {"count": 2, "selection": ["nested", {"x": null}]},
  "items": [
    {"id": "women/dresses/1/1_0.jpeg", "category": "dress", "title": "blue exclusive cr\u00eape dress", "source_url": "https://127.0.0.1/a.jpeg", "split": "train"},
    {"split": "test", "source_url": "https://127.0.0.1/b%5C.jpeg", "title": "red \"fit & flare\" \\ dress 😀", "category": "top", "id": "women/tops/2/2_1.jpeg", "extra": 1}
  ],
  "dataset_version": "v1"
}`

	want := `{"image": "women/dresses/1/1_0.jpeg", "category": "dress", "caption": "blue exclusive cr\u00eape dress", "split": "train", "image_url": "https://127.0.0.1/a.jpeg"}` + "\n" +
		`{"image": "women/tops/2/2_1.jpeg", "category": "top", "caption": "red \"fit & flare\" \\ dress \ud83d\ude00", "split": "test", "image_url": "https://127.0.0.1/b%5C.jpeg"}` + "\n"

	var out bytes.Buffer
	if err := ConvertFashion200KManifest(&out, strings.NewReader(manifest)); err != nil {
		t.Fatal(err)
	}

	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

func TestAppendPythonString(t *testing.T) {
	// Expected values are the output of Python 3's json.dumps.
	tests := []struct {
		in, want string
	}{
		{"plain text / <b>&", `"plain text / <b>&"`},
		{"a\x7fb\x01", `"a\u007fb\u0001"`},
		{"\"\\\b\f\n\r\t", `"\"\\\b\f\n\r\t"`},
		{"crêpe \u2028", `"cr\u00eape \u2028"`},
		{"😀", `"\ud83d\ude00"`},
	}

	for _, tt := range tests {
		if got := string(appendPythonString(nil, tt.in)); got != tt.want {
			t.Errorf("appendPythonString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestConvertFashion200KManifestErrors(t *testing.T) {
	tests := []struct {
		name, input, want string
	}{
		{"not an object", `[{"id": "a"}]`, "where a JSON object was expected"},
		{"no items", `{"seed": 17}`, `no "items" field`},
		{"empty items", `{"items": []}`, "has no items"},
		{"items not a list", `{"items": {"id": "a"}}`, `where a list in "items" was expected`},
		{"missing title", `{"items": [{"id": "a", "category": "dress", "source_url": "u", "split": "train"}]}`, `item 0: missing or empty field "title"`},
		{"empty split", `{"items": [{"id": "a", "category": "dress", "title": "t", "source_url": "u", "split": ""}]}`, `missing or empty field "split"`},
		{"wrong type", `{"items": [{"id": 5, "category": "dress", "title": "t", "source_url": "u", "split": "train"}]}`, "item 0: json: cannot unmarshal number"},
		{"truncated", `{"items": [{"id": "a", "category": "dress"`, "fashion200k manifest"},
		{"empty", ``, "unexpected EOF"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ConvertFashion200KManifest(&bytes.Buffer{}, strings.NewReader(tt.input))
			if !errors.Is(err, ErrInvalidContent) {
				t.Fatalf("error = %v, want ErrInvalidContent", err)
			}

			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
		})
	}
}

// TestConvertFashion200KReproducesSubset rebuilds a manifest from the
// real subset.jsonl and checks that converting it gives the same bytes.
func TestConvertFashion200KReproducesSubset(t *testing.T) {
	dir := os.Getenv("TAILOR_DATA_DIR")
	if dir == "" {
		t.Skip("TAILOR_DATA_DIR is not set; set it to the data folder to compare with the real subset.jsonl")
	}

	subset, err := os.ReadFile(filepath.Join(dir, "fashion200k", "subset.jsonl"))
	if err != nil {
		t.Fatalf("TAILOR_DATA_DIR is set but unusable: %v", err)
	}

	manifest := manifestFromSubset(t, subset)

	var out bytes.Buffer
	if err := ConvertFashion200KManifest(&out, bytes.NewReader(manifest)); err != nil {
		t.Fatal(err)
	}

	if !bytes.Equal(out.Bytes(), subset) {
		t.Errorf("converted manifest differs from subset.jsonl (%d bytes, want %d)", out.Len(), len(subset))
	}

	if lines := bytes.Count(out.Bytes(), []byte("\n")); lines != 5000 {
		t.Errorf("converted %d lines, want 5000", lines)
	}
}

// manifestFromSubset builds a manifest with the subset's items in order.
func manifestFromSubset(t *testing.T, subset []byte) []byte {
	t.Helper()

	type record struct {
		Image, Category, Caption, Split string
		ImageURL                        string `json:"image_url"`
	}

	type item struct {
		ID        string `json:"id"`
		Category  string `json:"category"`
		Title     string `json:"title"`
		SourceURL string `json:"source_url"`
		Split     string `json:"split"`
	}

	var items []item

	scanner := bufio.NewScanner(bytes.NewReader(subset))
	for scanner.Scan() {
		var r record
		if err := json.Unmarshal(scanner.Bytes(), &r); err != nil {
			t.Fatal(err)
		}

		items = append(items, item{ID: r.Image, Category: r.Category, Title: r.Caption, SourceURL: r.ImageURL, Split: r.Split})
	}

	data, err := json.MarshalIndent(map[string]any{"seed": 17, "items": items}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}

	return data
}

func FuzzConvertFashion200KManifest(f *testing.F) {
	f.Add([]byte(`{"items": [{"id": "a", "category": "dress", "title": "cr\u00eape", "source_url": "u", "split": "train"}]}`))
	f.Add([]byte(`{"seed": 1, "items": [{"id": "a"}]}`))
	f.Add([]byte(`{"items": [], "items": [{"id": "a", "category": "c", "title": "t\n", "source_url": "u", "split": "s"}]}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		var out bytes.Buffer

		err := ConvertFashion200KManifest(&out, bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrInvalidContent) {
				t.Fatalf("error %v does not wrap ErrInvalidContent", err)
			}

			return
		}

		for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
			var record map[string]string
			if err := json.Unmarshal([]byte(line), &record); err != nil {
				t.Fatalf("output line %q is not a JSON object of strings: %v", line, err)
			}

			if len(record) != 5 {
				t.Fatalf("output line %q has %d fields, want 5", line, len(record))
			}
		}
	})
}

func FuzzAppendPythonString(f *testing.F) {
	f.Add("crêpe \"fit & flare\" \\ 😀 \x7f\x00")

	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}

		encoded := appendPythonString(nil, s)

		for _, b := range encoded {
			if b < ' ' || b > '~' {
				t.Fatalf("output %q contains byte %#x outside printable ASCII", encoded, b)
			}
		}

		var decoded string
		if err := json.Unmarshal(encoded, &decoded); err != nil || decoded != s {
			t.Fatalf("round trip of %q gave %q, %v", s, decoded, err)
		}
	})
}
