package fashioniq

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestReadSplit(t *testing.T) {
	got, err := ReadSplit(strings.NewReader("[\n  \"B002\",\n  \"B001\"\n]\n"), "split.json")
	if err != nil {
		t.Fatal(err)
	}

	if want := []string{"B002", "B001"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ReadSplit = %v, want %v", got, want)
	}
}

func TestReadSplitErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		line  int
		wants []string
	}{
		{"not a list", `{"B001": 1}`, 1, []string{"field top level = an object", "must be a list of ASIN strings"}},
		{"number", "[\n\"B001\",\n5\n]", 3, []string{"field [1] = 5", "must be a string"}},
		{"empty ASIN", "[\n\"\"]", 2, []string{`field [0] = ""`, "invalid ASIN"}},
		{"ASIN with tab", "[\"B0\\t01\"]", 1, []string{`field [0] = "B0\t01"`, "invalid ASIN"}},
		{"duplicate", "[\n\"B001\",\n\"B002\",\n\"B001\"]", 4, []string{`field [2] = "B001"`, "duplicate ASIN, first listed on line 2"}},
		{"nested list", "[[\"B001\"]]", 1, []string{"field [0] = a list"}},
		{"unterminated", "[\"B001\",\n\"B002\"", 2, []string{"malformed JSON"}},
		{"bad literal", "[\n\"B001\",\n  tru\n]", 3, []string{"malformed JSON", "invalid character"}},
		{"missing comma", "[\n\"B001\"\n\"B002\"]", 3, []string{"malformed JSON", "after array element"}},
		{"newline in string", "[\n\"B001\",\n\"B0\n02\"]", 3, []string{"malformed JSON"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadSplit(strings.NewReader(tt.input), "split.json")
			checkDataError(t, err, tt.line, append(tt.wants, "split.json:")...)
		})
	}
}

func FuzzReadSplit(f *testing.F) {
	f.Add([]byte(`["B001", "B002"]`))
	f.Add([]byte("[\n\"B001\",\n\"B001\"\n]"))
	f.Add([]byte(`["", 3, null]`))

	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadSplit(bytes.NewReader(data), "split.json")
		if err != nil {
			checkFuzzError(t, data, err)
			return
		}

		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}

		seen := map[string]bool{}
		for _, asin := range got {
			if !validASIN(asin) || seen[asin] {
				t.Fatalf("accepted invalid or duplicate ASIN %q", asin)
			}

			seen[asin] = true
		}
	})
}
