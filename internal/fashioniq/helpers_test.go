package fashioniq

import (
	"errors"
	"strings"
	"testing"
)

// checkDataError checks that err is a *DataError at line whose message
// contains every string in wants.
func checkDataError(t *testing.T, err error, line int, wants ...string) {
	t.Helper()

	if !errors.Is(err, ErrInvalidData) {
		t.Fatalf("error = %v, want one that wraps ErrInvalidData", err)
	}

	var de *DataError
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *DataError", err)
	}

	if de.Line != line {
		t.Errorf("line = %d, want %d (error: %v)", de.Line, line, err)
	}

	for _, want := range wants {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

// lineCount returns the number of lines in data, counting a last line
// without a newline.
func lineCount(data []byte) int {
	return strings.Count(string(data), "\n") + 1
}

// checkFuzzError checks the properties that every reader error has on
// in-memory input: it wraps ErrInvalidData and points into the input.
func checkFuzzError(t *testing.T, data []byte, err error) {
	t.Helper()

	var de *DataError
	if !errors.As(err, &de) {
		t.Fatalf("error %v is not a *DataError", err)
	}

	if de.Line < 1 || de.Line > lineCount(data) {
		t.Fatalf("line %d outside the input's %d lines (error: %v)", de.Line, lineCount(data), err)
	}
}
