package modtext

import (
	"strings"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// Mentions are the attributes that a modification text names.
type Mentions struct {
	Requested []catalog.Attribute // named plainly: "with lace"
	Removed   []catalog.Attribute // named after a negation: "without lace"
}

var negations = map[string]bool{
	"no": true, "not": true, "without": true, "less": true, "non": true,
	"remove": true, "removed": true, "drop": true, "lose": true, "minus": true,
}

// Matcher finds attribute values in texts. Values of several tokens
// ("knee length") match as a consecutive run, and a plural token matches
// its singular ("sleeves" matches the value "sleeve").
type Matcher struct {
	byFirst map[string][]phrase
}

type phrase struct {
	tokens []string
	attr   catalog.Attribute
}

// NewMatcher indexes attrs by the tokens of their values.
func NewMatcher(attrs []catalog.Attribute) *Matcher {
	m := &Matcher{byFirst: make(map[string][]phrase)}

	for _, a := range attrs {
		toks := stems(Tokenize(a.Value))
		if len(toks) == 0 {
			continue
		}

		m.byFirst[toks[0]] = append(m.byFirst[toks[0]], phrase{tokens: toks, attr: a})
	}

	return m
}

// Find returns the attributes that text requests and removes. An attribute
// whose value appears under several kinds (say "lace" as fabric and as
// part) is returned once per kind.
func (m *Matcher) Find(text string) Mentions {
	toks := stems(Tokenize(text))

	var out Mentions
	for i := range toks {
		for _, p := range m.byFirst[toks[i]] {
			if !hasPrefix(toks[i:], p.tokens) {
				continue
			}

			if negated(toks, i) {
				out.Removed = append(out.Removed, p.attr)
			} else {
				out.Requested = append(out.Requested, p.attr)
			}
		}
	}

	out.Requested = catalog.SortAttributes(out.Requested)
	out.Removed = catalog.SortAttributes(out.Removed)

	return out
}

func hasPrefix(toks, prefix []string) bool {
	if len(prefix) > len(toks) {
		return false
	}

	return strings.Join(toks[:len(prefix)], " ") == strings.Join(prefix, " ")
}

// negated reports whether one of the two tokens before position i is a negation.
func negated(toks []string, i int) bool {
	for j := max(0, i-2); j < i; j++ {
		if negations[toks[j]] {
			return true
		}
	}

	return false
}

// stems drops a plural ending from each token: "sleeves" becomes
// "sleeve" and "dresses" becomes "dress", while "dress" and short words
// such as "is" stay.
func stems(toks []string) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = singular(t)
	}

	return out
}

func singular(t string) string {
	if len(t) <= 3 || !strings.HasSuffix(t, "s") || strings.HasSuffix(t, "ss") {
		return t
	}

	if base, ok := strings.CutSuffix(t, "es"); ok {
		for _, end := range []string{"s", "x", "sh", "ch"} {
			if strings.HasSuffix(base, end) {
				return base
			}
		}
	}

	return t[:len(t)-1]
}
