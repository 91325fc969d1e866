package fashioniq

import (
	"errors"
	"fmt"
	"strings"
)

var (
	// ErrMissingData marks a FashionIQ file that does not exist.
	ErrMissingData = errors.New("fashioniq data missing")

	// ErrInvalidData marks a FashionIQ file whose content is malformed or
	// inconsistent. Errors that wrap it are *DataError values.
	ErrInvalidData = errors.New("invalid fashioniq data")

	// ErrUnknownCategory marks a category name that FashionIQ does not have.
	ErrUnknownCategory = errors.New("unknown fashioniq category")
)

// fixHint is the next step that every DataError message suggests.
const fixHint = `fix the file or download it again with "tailor data fetch fashioniq --force"`

// maxValueLen is the longest value, in bytes, that an error message quotes in full.
const maxValueLen = 80

// DataError describes one invalid value in a FashionIQ file.
type DataError struct {
	File   string // file name as passed to the reader, usually its path
	Line   int    // 1-based line number; 0 when unknown
	Field  string // JSON path of the value, such as "[3].candidate", or empty for a whole line
	Value  string // the value as it appears in messages: quoted text, a number, "an object"
	Reason string // what is wrong with the value
}

// Error formats the error as "file:line: field = value: reason; fix".
func (e *DataError) Error() string {
	var b strings.Builder

	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}

	b.WriteString(": ")

	switch {
	case e.Field != "" && e.Value != "":
		fmt.Fprintf(&b, "field %s = %s: ", e.Field, e.Value)
	case e.Field != "":
		fmt.Fprintf(&b, "field %s: ", e.Field)
	case e.Value != "":
		fmt.Fprintf(&b, "value %s: ", e.Value)
	}

	b.WriteString(e.Reason)
	b.WriteString("; ")
	b.WriteString(fixHint)

	return b.String()
}

// Unwrap returns ErrInvalidData, so that errors.Is matches every DataError.
func (e *DataError) Unwrap() error { return ErrInvalidData }

// quoteValue quotes s for a message, shortened to about maxValueLen bytes.
func quoteValue(s string) string {
	if len(s) <= maxValueLen {
		return fmt.Sprintf("%q", s)
	}

	cut := maxValueLen
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}

	return fmt.Sprintf("%q…", s[:cut])
}

// isRuneStart reports whether b can begin a UTF-8 sequence.
func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
