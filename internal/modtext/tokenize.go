package modtext

import (
	"strings"
	"unicode"
)

// MaxTextBytes bounds the text that Tokenize reads; longer input is cut.
const MaxTextBytes = 4096

// stopWords carry no modification meaning. Negations and comparatives
// ("no", "more", "less") are kept on purpose.
var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "it": true,
	"its": true, "and": true, "of": true, "to": true, "in": true, "on": true,
	"that": true, "this": true, "be": true, "has": true, "have": true,
	"with": true, "as": true, "but": true, "for": true, "at": true,
}

// Tokenize splits text into lower-case runs of letters and digits and
// drops stop words.
func Tokenize(text string) []string {
	if len(text) > MaxTextBytes {
		text = text[:MaxTextBytes]
	}

	fields := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})

	out := fields[:0]
	for _, f := range fields {
		if !stopWords[f] {
			out = append(out, f)
		}
	}

	return out
}
