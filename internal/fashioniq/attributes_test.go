package fashioniq

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
)

func TestReadAttributes(t *testing.T) {
	input := `{
  "B001": [["Dress", " maxi "], [], ["cotton", "", "  "], ["A-Line"], ["v-neck"], ["summer", "Summer"]],
  "B002": [[], [], [], [], [], []],
  "B003": [["top"], [], [], [], [], []],
  "B003": [[], ["floral"], [], [], [], ["top"]]
}`

	got, err := ReadAttributes(strings.NewReader(input), "attr.json")
	if err != nil {
		t.Fatal(err)
	}

	want := map[string][]catalog.Attribute{
		"B001": {
			{Kind: "category", Value: "dress"},
			{Kind: "category", Value: "maxi"},
			{Kind: "fabric", Value: "cotton"},
			{Kind: "part", Value: "v-neck"},
			{Kind: "shape", Value: "a-line"},
			{Kind: "style", Value: "summer"},
		},
		"B002": nil,
		"B003": {
			{Kind: "category", Value: "top"},
			{Kind: "style", Value: "top"},
			{Kind: "texture", Value: "floral"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadAttributes = %v, want %v", got, want)
	}
}

func TestReadAttributesErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		line  int
		wants []string
	}{
		{"not an object", `[["dress"]]`, 1, []string{"field top level = a list", "must be an object"}},
		{"five lists", "{\n\"B001\": [[], [], [], [], []]\n}", 2, []string{"field B001", "has 5 attribute lists", "category, texture, fabric, shape, part, style"}},
		{"seven lists", "{\"B001\":\n[[], [], [], [], [], [], []]}", 2, []string{"field B001", "more than 6 attribute lists"}},
		{"value not a list", "{\"B001\": {\"category\": []}}", 1, []string{"field B001 = an object", "must be a list of 6 attribute lists"}},
		{"inner not a list", "{\"B001\": [[], \"floral\", [], [], [], []]}", 1, []string{`field B001[1] = "floral"`, "must be a list of attribute phrases"}},
		{"phrase not a string", "{\"B001\": [[], [],\n[1], [], [], []]}", 2, []string{"field B001[2][0] = 1", "must be a string"}},
		{"bad ASIN key", "{\n\"B0 01\": [[], [], [], [], [], []]}", 2, []string{`field ASIN key = "B0 01"`, "invalid ASIN"}},
		{"empty ASIN key", `{"": [[], [], [], [], [], []]}`, 1, []string{`field ASIN key = ""`}},
		{"malformed", "{\n\"B001\": [[], [], [], [], [], []]\n\"B002\": []}", 3, []string{"malformed JSON"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAttributes(strings.NewReader(tt.input), "attr.json")
			checkDataError(t, err, tt.line, append(tt.wants, "attr.json:")...)
		})
	}
}

func FuzzReadAttributes(f *testing.F) {
	f.Add([]byte(`{"B001": [["Dress"], [], ["cotton"], [], [" v-neck "], []]}`))
	f.Add([]byte(`{"B001": [[], [], [], [], []]}`))
	f.Add([]byte(`{"B001": [[], [], [], [], [], []], "B001": [["x"], [], [], [], [], []]}`))

	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadAttributes(bytes.NewReader(data), "attr.json")
		if err != nil {
			checkFuzzError(t, data, err)
			return
		}

		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}

		for asin, attrs := range got {
			if !validASIN(asin) {
				t.Fatalf("accepted invalid ASIN %q", asin)
			}

			if !slices.IsSortedFunc(attrs, compareAttributes) {
				t.Fatalf("attributes of %s are not sorted: %v", asin, attrs)
			}

			for _, a := range attrs {
				if !slices.Contains(AttributeKinds, a.Kind) || a.Value == "" || a.Value != strings.ToLower(strings.TrimSpace(a.Value)) {
					t.Fatalf("attribute %+v has an unknown kind or an unnormalized value", a)
				}
			}
		}
	})
}

// compareAttributes orders attributes as catalog.SortAttributes does.
func compareAttributes(a, b catalog.Attribute) int {
	if c := strings.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}

	return strings.Compare(a.Value, b.Value)
}
