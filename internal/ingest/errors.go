package ingest

import (
	"errors"
	"fmt"
	"strconv"
)

// ErrInvalidRecord marks an error about one input record: a malformed
// line, a missing or unknown field, a value of the wrong type or range,
// or a duplicate id with conflicting data.
var ErrInvalidRecord = errors.New("invalid record")

// RecordError describes one invalid record. It wraps ErrInvalidRecord.
type RecordError struct {
	Pos    Position
	Field  string // column or JSON key; empty when the whole record is malformed
	Value  string // the rejected value, as Quote writes it; may be empty
	Reason string
}

func (e *RecordError) Error() string {
	msg := e.Pos.String() + ": "
	if e.Field != "" {
		msg += "field " + e.Field + ": "
	}

	if e.Value != "" {
		msg += "value " + e.Value + ": "
	}

	return msg + e.Reason
}

func (e *RecordError) Unwrap() error { return ErrInvalidRecord }

// maxQuotedBytes bounds the bytes of a value that Quote keeps.
const maxQuotedBytes = 60

// Quote returns s as a Go string literal, cut to about 60 bytes with
// "..." appended when it is longer, for use in RecordError.Value.
func Quote(s string) string {
	if len(s) <= maxQuotedBytes {
		return strconv.Quote(s)
	}

	cut := maxQuotedBytes
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}

	return strconv.Quote(s[:cut]) + "..."
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// Invalid returns a RecordError for the record at pos.
func Invalid(pos Position, field, value, format string, args ...any) *RecordError {
	return &RecordError{Pos: pos, Field: field, Value: value, Reason: fmt.Sprintf(format, args...)}
}
