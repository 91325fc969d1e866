package modtext

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tailorsearch/tailor/internal/catalog"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"is darker with long sleeves", []string{"darker", "long", "sleeves"}},
		{"3/4 Sleeve, BLACK and white!", []string{"3", "4", "sleeve", "black", "white"}},
		{"no straps", []string{"no", "straps"}},
		{"", nil},
		{"   ...  ", nil},
		{"knee-length", []string{"knee", "length"}},
	}

	for _, tc := range tests {
		if got := Tokenize(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTokenizeCutsLongText(t *testing.T) {
	long := strings.Repeat("red ", MaxTextBytes)
	if got := len(Tokenize(long)); got > MaxTextBytes/4+1 {
		t.Fatalf("Tokenize kept %d tokens of an over-long text; want at most %d", got, MaxTextBytes/4+1)
	}
}

func TestMatcherFind(t *testing.T) {
	m := NewMatcher([]catalog.Attribute{
		{Kind: "texture", Value: "floral"},
		{Kind: "shape", Value: "knee-length"},
		{Kind: "fabric", Value: "lace"},
		{Kind: "part", Value: "lace"},
		{Kind: "style", Value: ""},
		{Kind: "part", Value: "sleeve"},
		{Kind: "category", Value: "dress"},
	})

	tests := []struct {
		text      string
		requested []catalog.Attribute
		removed   []catalog.Attribute
	}{
		{
			text:      "is floral and knee length",
			requested: []catalog.Attribute{{Kind: "shape", Value: "knee-length"}, {Kind: "texture", Value: "floral"}},
		},
		{
			text:    "without lace",
			removed: []catalog.Attribute{{Kind: "fabric", Value: "lace"}, {Kind: "part", Value: "lace"}},
		},
		{
			text:      "not so floral, more lace",
			requested: []catalog.Attribute{{Kind: "fabric", Value: "lace"}, {Kind: "part", Value: "lace"}},
			removed:   []catalog.Attribute{{Kind: "texture", Value: "floral"}},
		},
		{text: "knee", requested: nil},
		{
			text:    "with no sleeves",
			removed: []catalog.Attribute{{Kind: "part", Value: "sleeve"}},
		},
		{
			text:    "remove the lace",
			removed: []catalog.Attribute{{Kind: "fabric", Value: "lace"}, {Kind: "part", Value: "lace"}},
		},
		{
			text:      "more dresses",
			requested: []catalog.Attribute{{Kind: "category", Value: "dress"}},
		},
	}

	for _, tc := range tests {
		got := m.Find(tc.text)
		if !slices.Equal(got.Requested, tc.requested) {
			t.Errorf("Find(%q).Requested = %v, want %v", tc.text, got.Requested, tc.requested)
		}

		if !slices.Equal(got.Removed, tc.removed) {
			t.Errorf("Find(%q).Removed = %v, want %v", tc.text, got.Removed, tc.removed)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range []string{"is darker with long sleeves", "3/4 sleeve", "", "ÄÖÜ straps", "\xff\xfe"} {
		f.Add(s)
	}

	m := NewMatcher([]catalog.Attribute{{Kind: "part", Value: "long sleeve"}, {Kind: "texture", Value: "print"}})

	f.Fuzz(func(t *testing.T, text string) {
		for _, tok := range Tokenize(text) {
			if tok == "" {
				t.Fatalf("Tokenize(%q) returned an empty token", text)
			}

			if stopWords[tok] {
				t.Fatalf("Tokenize(%q) kept stop word %q", text, tok)
			}

			if utf8.ValidString(text) && strings.ToLower(tok) != tok {
				t.Fatalf("Tokenize(%q) returned %q, which is not lower-case", text, tok)
			}
		}

		got := m.Find(text)
		for _, a := range append(got.Requested, got.Removed...) {
			if a.Kind != "part" && a.Kind != "texture" {
				t.Fatalf("Find(%q) returned unknown attribute %v", text, a)
			}
		}
	})
}
