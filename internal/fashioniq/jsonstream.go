package fashioniq

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
)

// lineReader passes reads through and records the offset of every
// newline, so that decoder offsets can be turned into line numbers.
type lineReader struct {
	r        io.Reader
	read     int64
	newlines []int64
}

func (l *lineReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)

	for i, b := range p[:n] {
		if b == '\n' {
			l.newlines = append(l.newlines, l.read+int64(i))
		}
	}

	l.read += int64(n)

	return n, err
}

// lineAt returns the 1-based line of the byte at offset.
func (l *lineReader) lineAt(offset int64) int {
	before, _ := slices.BinarySearch(l.newlines, offset)

	return before + 1
}

// tokenStream reads JSON tokens one at a time and remembers the line of
// the last one, so that errors can point at it.
type tokenStream struct {
	name  string
	lines *lineReader
	dec   *json.Decoder
	line  int
}

func newTokenStream(r io.Reader, name string) *tokenStream {
	lines := &lineReader{r: r}
	dec := json.NewDecoder(lines)
	dec.UseNumber()

	return &tokenStream{name: name, lines: lines, dec: dec, line: 1}
}

// next returns the next token. Malformed JSON becomes a *DataError, and a
// failed read is returned wrapped.
func (s *tokenStream) next() (json.Token, error) {
	tok, err := s.dec.Token()
	if err != nil {
		return nil, s.decodeError(err)
	}

	s.line = s.lines.lineAt(s.dec.InputOffset() - 1)

	return tok, nil
}

// more reports whether the current list or object has another element.
func (s *tokenStream) more() bool { return s.dec.More() }

// decodeError converts a decoder error into a *DataError at its line.
func (s *tokenStream) decodeError(err error) error {
	var syntax *json.SyntaxError

	switch {
	case errors.As(err, &syntax):
		// In token mode SyntaxError.Offset counts only the bytes of scalar
		// values, so the decoder position is used instead. After a failed
		// Token it is the offending byte or the start of the bad value.
		return &DataError{File: s.name, Line: s.lines.lineAt(s.dec.InputOffset()), Reason: "malformed JSON: " + syntax.Error()}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &DataError{File: s.name, Line: s.lines.lineAt(max(s.lines.read-1, 0)), Reason: "malformed JSON: unexpected end of file"}
	default:
		return fmt.Errorf("read %s: %w", s.name, err)
	}
}

// fail returns a *DataError for tok at the current line.
func (s *tokenStream) fail(field string, tok json.Token, reason string) error {
	return &DataError{File: s.name, Line: s.line, Field: field, Value: describeToken(tok), Reason: reason}
}

// expectDelim reads the next token and checks that it is want.
func (s *tokenStream) expectDelim(want json.Delim, field, expected string) error {
	tok, err := s.next()
	if err != nil {
		return err
	}

	if tok != want {
		return s.fail(field, tok, "must be "+expected)
	}

	return nil
}

// key reads an object key. The decoder guarantees that keys are strings.
func (s *tokenStream) key() (string, error) {
	tok, err := s.next()
	if err != nil {
		return "", err
	}

	return tok.(string), nil
}

// stringValue reads the next token and checks that it is a string.
func (s *tokenStream) stringValue(field string) (string, error) {
	tok, err := s.next()
	if err != nil {
		return "", err
	}

	v, ok := tok.(string)
	if !ok {
		return "", s.fail(field, tok, "must be a string")
	}

	return v, nil
}

// asinValue reads a string and checks that it is a valid ASIN.
func (s *tokenStream) asinValue(field string) (string, error) {
	v, err := s.stringValue(field)
	if err != nil {
		return "", err
	}

	if !validASIN(v) {
		return "", s.fail(field, v, asinRule)
	}

	return v, nil
}

// stringList reads a JSON list of strings.
func (s *tokenStream) stringList(field, expected string) ([]string, error) {
	if err := s.expectDelim('[', field, expected); err != nil {
		return nil, err
	}

	var out []string
	for i := 0; s.more(); i++ {
		v, err := s.stringValue(fmt.Sprintf("%s[%d]", field, i))
		if err != nil {
			return nil, err
		}

		out = append(out, v)
	}

	if _, err := s.next(); err != nil {
		return nil, err
	}

	return out, nil
}

// skipValue reads and discards one value, however deeply nested.
func (s *tokenStream) skipValue() error {
	depth := 0

	for {
		tok, err := s.next()
		if err != nil {
			return err
		}

		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}

		if depth == 0 {
			return nil
		}
	}
}

// end checks that nothing but whitespace follows the top-level value.
func (s *tokenStream) end() error {
	tok, err := s.dec.Token()
	if errors.Is(err, io.EOF) {
		return nil
	}

	if err != nil {
		return s.decodeError(err)
	}

	s.line = s.lines.lineAt(s.dec.InputOffset() - 1)

	return s.fail("", tok, "unexpected data after the end of the top-level value")
}

// describeToken renders tok for an error message.
func describeToken(tok json.Token) string {
	switch v := tok.(type) {
	case string:
		return quoteValue(v)
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	case nil:
		return "null"
	case json.Delim:
		return describeDelim(v)
	default:
		return fmt.Sprint(v)
	}
}

func describeDelim(d json.Delim) string {
	switch d {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '}':
		return "the end of an object"
	default:
		return "the end of a list"
	}
}
