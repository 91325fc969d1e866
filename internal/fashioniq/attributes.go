package fashioniq

import (
	"fmt"
	"io"
	"strings"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// ReadAttributes reads an asin2attr file: a JSON object from ASIN to
// exactly six lists of attribute phrases, one per entry of AttributeKinds.
// Phrases are lower-cased and trimmed, empty ones are dropped, and each
// ASIN's attributes are sorted with catalog.SortAttributes. An ASIN listed
// twice gets the union of its entries. name labels errors.
func ReadAttributes(r io.Reader, name string) (map[string][]catalog.Attribute, error) {
	s := newTokenStream(r, name)

	if err := s.expectDelim('{', "top level", "an object from ASIN to six attribute lists"); err != nil {
		return nil, err
	}

	out := map[string][]catalog.Attribute{}

	for s.more() {
		asin, err := s.key()
		if err != nil {
			return nil, err
		}

		if !validASIN(asin) {
			return nil, s.fail("ASIN key", asin, asinRule)
		}

		attrs, err := readAttributeLists(s, asin)
		if err != nil {
			return nil, err
		}

		out[asin] = catalog.SortAttributes(append(out[asin], attrs...))
	}

	if _, err := s.next(); err != nil {
		return nil, err
	}

	if err := s.end(); err != nil {
		return nil, err
	}

	return out, nil
}

// readAttributeLists reads the six lists of one ASIN.
func readAttributeLists(s *tokenStream, asin string) ([]catalog.Attribute, error) {
	expected := fmt.Sprintf("a list of %d attribute lists (%s)", len(AttributeKinds), strings.Join(AttributeKinds, ", "))
	if err := s.expectDelim('[', asin, expected); err != nil {
		return nil, err
	}

	openLine := s.line

	var out []catalog.Attribute
	count := 0

	for ; s.more(); count++ {
		if count == len(AttributeKinds) {
			return nil, &DataError{File: s.name, Line: openLine, Field: asin, Reason: fmt.Sprintf("has more than %d attribute lists; expected %s", len(AttributeKinds), expected)}
		}

		phrases, err := s.stringList(fmt.Sprintf("%s[%d]", asin, count), "a list of attribute phrases")
		if err != nil {
			return nil, err
		}

		out = appendAttributes(out, AttributeKinds[count], phrases)
	}

	if count != len(AttributeKinds) {
		return nil, &DataError{File: s.name, Line: openLine, Field: asin, Reason: fmt.Sprintf("has %d attribute lists; expected %s", count, expected)}
	}

	if _, err := s.next(); err != nil {
		return nil, err
	}

	return out, nil
}

// appendAttributes appends one attribute per non-empty phrase, lower-cased and trimmed.
func appendAttributes(out []catalog.Attribute, kind string, phrases []string) []catalog.Attribute {
	for _, p := range phrases {
		if v := strings.ToLower(strings.TrimSpace(p)); v != "" {
			out = append(out, catalog.Attribute{Kind: kind, Value: v})
		}
	}

	return out
}
