package fashion200k

import (
	"slices"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
)

func TestModeAttributes(t *testing.T) {
	words := []string{"black", "short", "black", "dress"}

	tests := []struct {
		mode Mode
		want []catalog.Attribute
	}{
		{Words, []catalog.Attribute{{Kind: "word", Value: "black"}, {Kind: "word", Value: "dress"}, {Kind: "word", Value: "short"}}},
		{FirstRest, []catalog.Attribute{{Kind: "first_word", Value: "black"}, {Kind: "rest_of_caption", Value: "short black dress"}}},
	}

	for _, tc := range tests {
		if got := tc.mode.Attributes(words); !slices.Equal(got, tc.want) {
			t.Errorf("%s attributes = %v, want %v", tc.mode, got, tc.want)
		}
	}

	if got := FirstRest.Attributes([]string{"dress"}); !slices.Equal(got, []catalog.Attribute{{Kind: KindFirst, Value: "dress"}}) {
		t.Errorf("first-rest attributes of a one-word caption = %v", got)
	}
}

func TestModeChanged(t *testing.T) {
	from := []string{"black", "short", "dress"}

	tests := []struct {
		mode           Mode
		pos            int
		to             string
		removed, added catalog.Attribute
	}{
		{Words, 1, "long", catalog.Attribute{Kind: KindWord, Value: "short"}, catalog.Attribute{Kind: KindWord, Value: "long"}},
		{FirstRest, 0, "red", catalog.Attribute{Kind: KindFirst, Value: "black"}, catalog.Attribute{Kind: KindFirst, Value: "red"}},
		{FirstRest, 2, "skirt", catalog.Attribute{Kind: KindRest, Value: "short dress"}, catalog.Attribute{Kind: KindRest, Value: "short skirt"}},
	}

	for _, tc := range tests {
		removed, added := tc.mode.changed(from, tc.pos, tc.to)
		if removed != tc.removed || added != tc.added {
			t.Errorf("%s replacing word %d with %q: removed %v, added %v; want %v, %v", tc.mode, tc.pos, tc.to, removed, added, tc.removed, tc.added)
		}
	}

	if !slices.Equal(from, []string{"black", "short", "dress"}) {
		t.Errorf("changed modified its input: %v", from)
	}
}

func TestParseMode(t *testing.T) {
	for _, s := range []string{"words", "first-rest"} {
		if m, err := ParseMode(s); err != nil || string(m) != s {
			t.Errorf("ParseMode(%q) = %q, %v", s, m, err)
		}
	}

	if _, err := ParseMode("first_rest"); err == nil {
		t.Error("ParseMode accepted first_rest")
	}
}
