package fashion200k

import (
	"fmt"
	"strings"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// Mode is the way attributes are made from a caption.
type Mode string

// The attribute modes.
const (
	// Words makes every distinct caption word an attribute of kind "word".
	Words Mode = "words"

	// FirstRest makes the first word an attribute of kind "first_word"
	// and the rest of the caption one attribute of kind "rest_of_caption".
	FirstRest Mode = "first-rest"
)

// Attribute kinds of the two modes.
const (
	KindWord  = "word"
	KindFirst = "first_word"
	KindRest  = "rest_of_caption"
)

// ParseMode returns the mode named s.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case Words, FirstRest:
		return Mode(s), nil
	default:
		return "", fmt.Errorf("unknown attribute mode %q; use %q or %q", s, Words, FirstRest)
	}
}

// Attributes returns the attributes that mode makes from the words of a
// caption, sorted and without repeats.
func (m Mode) Attributes(words []string) []catalog.Attribute {
	var out []catalog.Attribute

	switch m {
	case FirstRest:
		if len(words) > 0 {
			out = append(out, catalog.Attribute{Kind: KindFirst, Value: words[0]})
		}

		if len(words) > 1 {
			out = append(out, catalog.Attribute{Kind: KindRest, Value: strings.Join(words[1:], " ")})
		}
	default:
		for _, w := range words {
			out = append(out, catalog.Attribute{Kind: KindWord, Value: w})
		}
	}

	return catalog.SortAttributes(out)
}

// changed returns the attributes that replacing the word at position i
// of from by to removes and adds.
func (m Mode) changed(from []string, i int, to string) (removed, added catalog.Attribute) {
	if m == FirstRest {
		if i == 0 {
			return catalog.Attribute{Kind: KindFirst, Value: from[0]}, catalog.Attribute{Kind: KindFirst, Value: to}
		}

		next := append([]string{}, from[1:]...)
		next[i-1] = to

		return catalog.Attribute{Kind: KindRest, Value: strings.Join(from[1:], " ")},
			catalog.Attribute{Kind: KindRest, Value: strings.Join(next, " ")}
	}

	return catalog.Attribute{Kind: KindWord, Value: from[i]}, catalog.Attribute{Kind: KindWord, Value: to}
}
