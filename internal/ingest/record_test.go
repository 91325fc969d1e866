package ingest

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPositionString(t *testing.T) {
	tests := []struct {
		pos  Position
		want string
	}{
		{Position{File: "a.csv", Line: 3}, "a.csv:3"},
		{Position{File: "a.parquet", Row: 7}, "a.parquet: row 7"},
		{Position{File: "a.csv"}, "a.csv"},
	}

	for _, tc := range tests {
		if got := tc.pos.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.pos, got, tc.want)
		}
	}
}

func TestRecordError(t *testing.T) {
	err := Invalid(Position{File: "a.jsonl", Line: 2}, "image_embedding", Quote("x"), "has %d values, want %d", 3, 4)

	if got, want := err.Error(), `a.jsonl:2: field image_embedding: value "x": has 3 values, want 4`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}

	if !errors.Is(err, ErrInvalidRecord) {
		t.Error("RecordError does not wrap ErrInvalidRecord")
	}

	whole := Invalid(Position{File: "a.csv", Line: 5}, "", "", "malformed CSV")
	if got := whole.Error(); got != "a.csv:5: malformed CSV" {
		t.Errorf("Error() without field = %q", got)
	}
}

func TestQuote(t *testing.T) {
	if got := Quote("red"); got != `"red"` {
		t.Errorf("Quote(red) = %s", got)
	}

	long := strings.Repeat("é", 100)
	got := Quote(long)

	if !strings.HasSuffix(got, "...") || len(got) > maxQuotedBytes+10 || !utf8.ValidString(got) {
		t.Errorf("Quote of 200 bytes = %q; want a valid cut string ending in ...", got)
	}
}
