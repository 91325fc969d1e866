package fashioniq

import (
	"fmt"
	"io"
)

// ReadSplit reads an image split file: a JSON list of the ASINs in one
// category's split, returned in file order. An ASIN listed twice is an
// error. name labels errors.
func ReadSplit(r io.Reader, name string) ([]string, error) {
	s := newTokenStream(r, name)

	if err := s.expectDelim('[', "top level", "a list of ASIN strings"); err != nil {
		return nil, err
	}

	out := []string{}
	firstLine := map[string]int{}

	for i := 0; s.more(); i++ {
		field := fmt.Sprintf("[%d]", i)

		asin, err := s.asinValue(field)
		if err != nil {
			return nil, err
		}

		if line, ok := firstLine[asin]; ok {
			return nil, s.fail(field, asin, fmt.Sprintf("duplicate ASIN, first listed on line %d", line))
		}

		firstLine[asin] = s.line
		out = append(out, asin)
	}

	if _, err := s.next(); err != nil {
		return nil, err
	}

	if err := s.end(); err != nil {
		return nil, err
	}

	return out, nil
}
