package fashioniq

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestReadCaptions(t *testing.T) {
	input := `[
  {
    "target": "B002",
    "candidate": "B001",
    "captions": [" is red ", "is longer"]
  },
  {"candidate": "B003", "captions": ["", "has sleeves"], "extra": {"a": [1, {"b": null}]}}
]`

	got, err := ReadCaptions(strings.NewReader(input), "cap.json")
	if err != nil {
		t.Fatal(err)
	}

	want := []Caption{
		{Candidate: "B001", Target: "B002", Captions: []string{"is red", "is longer"}, Line: 2},
		{Candidate: "B003", Captions: []string{"has sleeves"}, Line: 7},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadCaptions = %+v, want %+v", got, want)
	}
}

func TestReadCaptionsEmptyList(t *testing.T) {
	got, err := ReadCaptions(strings.NewReader("[]"), "cap.json")
	if err != nil {
		t.Fatal(err)
	}

	if len(got) != 0 {
		t.Errorf("ReadCaptions([]) = %v, want none", got)
	}
}

func TestReadCaptionsErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		line  int
		wants []string
	}{
		{"not a list", `{"candidate": "B001"}`, 1, []string{"field top level = an object", "must be a list"}},
		{"element not an object", "[\n\"B001\"\n]", 2, []string{`field [0] = "B001"`, "must be an object"}},
		{"missing candidate", "[\n{\"target\": \"B002\",\n\"captions\": [\"x\"]}\n]", 2, []string{"field [0].candidate", "missing"}},
		{"empty candidate", `[{"candidate": "", "captions": ["x"]}]`, 1, []string{`field [0].candidate = ""`, "invalid ASIN"}},
		{"candidate with space", "[\n{\n\"candidate\": \"B0 01\",\n\"captions\": [\"x\"]}]", 3, []string{`= "B0 01"`, "invalid ASIN"}},
		{"candidate not a string", "[{\"candidate\":\n 17, \"captions\": [\"x\"]}]", 2, []string{"field [0].candidate = 17", "must be a string"}},
		{"target null", `[{"candidate": "B001", "target": null, "captions": ["x"]}]`, 1, []string{"field [0].target = null", "must be a string"}},
		{"captions missing", "[{\"candidate\": \"B001\"},\n{\"candidate\": \"B002\"}]", 1, []string{"field [0].captions", "missing"}},
		{"captions empty", "[\n{\"candidate\": \"B001\",\n\"captions\": []}]", 3, []string{"field [0].captions", "no non-empty caption"}},
		{"captions all blank", "[{\"candidate\": \"B001\", \"captions\": [\" \", \"\"]}]", 1, []string{"no non-empty caption"}},
		{"captions not a list", `[{"candidate": "B001", "captions": "is red"}]`, 1, []string{`field [0].captions = "is red"`, "must be a list of caption strings"}},
		{"caption not a string", "[{\"candidate\": \"B001\", \"captions\": [\n\"ok\",\ntrue]}]", 3, []string{"field [0].captions[1] = true", "must be a string"}},
		{"second element bad", "[\n{\"candidate\": \"B001\", \"captions\": [\"x\"]},\n{\"candidate\": \"B 2\", \"captions\": [\"x\"]}\n]", 3, []string{"field [1].candidate"}},
		{"malformed JSON", "[\n{\"candidate\": \"B001\",,\n}]", 2, []string{"malformed JSON"}},
		{"truncated", "[\n{\"candidate\": \"B001\",\n", 2, []string{"malformed JSON", "unexpected end of file"}},
		{"empty input", "", 1, []string{"unexpected end of file"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadCaptions(strings.NewReader(tt.input), "cap.json")
			checkDataError(t, err, tt.line, append(tt.wants, "cap.json:")...)
		})
	}
}

func FuzzReadCaptions(f *testing.F) {
	f.Add([]byte(`[{"candidate": "B001", "target": "B002", "captions": ["is red", "x"]}]`))
	f.Add([]byte(`[{"candidate": "B001", "captions": [" "]}]`))
	f.Add([]byte("[\n{\"candidate\": \"B001\",\n\"captions\": [\"x\"], \"more\": [{}, [null]]}\n]"))
	f.Add([]byte(`[{"candidate": 1}]`))

	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadCaptions(bytes.NewReader(data), "cap.json")
		if err != nil {
			checkFuzzError(t, data, err)
			return
		}

		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}

		for _, c := range got {
			if !validASIN(c.Candidate) || (c.Target != "" && !validASIN(c.Target)) {
				t.Fatalf("accepted invalid ASINs in %+v", c)
			}

			if len(c.Captions) == 0 {
				t.Fatalf("accepted a triplet without captions: %+v", c)
			}

			for _, text := range c.Captions {
				if text == "" || text != strings.TrimSpace(text) {
					t.Fatalf("caption %q is empty or untrimmed", text)
				}
			}

			if c.Line < 1 || c.Line > lineCount(data) {
				t.Fatalf("line %d outside the input", c.Line)
			}
		}
	})
}
