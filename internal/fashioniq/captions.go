package fashioniq

import (
	"fmt"
	"io"
	"strings"
)

// Caption is one FashionIQ triplet: a candidate product, the target
// product and the relative captions that describe how the target differs.
type Caption struct {
	Candidate string
	Target    string   // empty in the test split, which publishes no target
	Captions  []string // trimmed, with empty captions dropped
	Line      int      // line of the triplet's opening brace
}

// ReadCaptions reads a captions file: a JSON list of objects with
// "candidate", "target" and "captions" fields. Unknown fields are
// ignored. A missing target is accepted here, because test files have
// none. Each caption is trimmed and empty ones are dropped; a triplet
// with no caption left is an error. name labels errors.
func ReadCaptions(r io.Reader, name string) ([]Caption, error) {
	s := newTokenStream(r, name)

	if err := s.expectDelim('[', "top level", "a list of caption objects"); err != nil {
		return nil, err
	}

	var out []Caption
	for i := 0; s.more(); i++ {
		c, err := readCaption(s, fmt.Sprintf("[%d]", i))
		if err != nil {
			return nil, err
		}

		out = append(out, c)
	}

	if _, err := s.next(); err != nil {
		return nil, err
	}

	if err := s.end(); err != nil {
		return nil, err
	}

	return out, nil
}

// readCaption reads one triplet object; field is its JSON path.
func readCaption(s *tokenStream, field string) (Caption, error) {
	if err := s.expectDelim('{', field, "an object with candidate, target and captions"); err != nil {
		return Caption{}, err
	}

	c := Caption{Line: s.line}
	captionsLine := 0

	for s.more() {
		key, err := s.key()
		if err != nil {
			return Caption{}, err
		}

		switch key {
		case "candidate":
			c.Candidate, err = s.asinValue(field + ".candidate")
		case "target":
			c.Target, err = s.asinValue(field + ".target")
		case "captions":
			captionsLine = s.line
			c.Captions, err = readCaptionTexts(s, field+".captions")
		default:
			err = s.skipValue()
		}

		if err != nil {
			return Caption{}, err
		}
	}

	if _, err := s.next(); err != nil {
		return Caption{}, err
	}

	return c, checkCaption(s.name, field, c, captionsLine)
}

// readCaptionTexts reads the list of captions, trimming each one and
// dropping those that are empty.
func readCaptionTexts(s *tokenStream, field string) ([]string, error) {
	texts, err := s.stringList(field, "a list of caption strings")
	if err != nil {
		return nil, err
	}

	out := make([]string, 0, len(texts))
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}

	return out, nil
}

// checkCaption reports a triplet without a candidate or without captions.
func checkCaption(name, field string, c Caption, captionsLine int) error {
	switch {
	case c.Candidate == "":
		return &DataError{File: name, Line: c.Line, Field: field + ".candidate", Reason: "missing: every triplet needs a candidate ASIN"}
	case captionsLine == 0:
		return &DataError{File: name, Line: c.Line, Field: field + ".captions", Reason: "missing: every triplet needs a list of captions"}
	case len(c.Captions) == 0:
		return &DataError{File: name, Line: captionsLine, Field: field + ".captions", Reason: "contains no non-empty caption"}
	}

	return nil
}
