package fashioniq

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestLineReaderLineAt(t *testing.T) {
	lr := &lineReader{r: iotest.OneByteReader(strings.NewReader("ab\ncd\n\nef"))}
	if _, err := io.ReadAll(lr); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		offset int64
		want   int
	}{
		{0, 1}, {2, 1}, {3, 2}, {5, 2}, {6, 3}, {7, 4}, {8, 4},
	}

	for _, tt := range tests {
		if got := lr.lineAt(tt.offset); got != tt.want {
			t.Errorf("lineAt(%d) = %d, want %d", tt.offset, got, tt.want)
		}
	}
}

func TestTokenStreamReadError(t *testing.T) {
	failure := errors.New("disk gone")

	_, err := ReadSplit(iotest.ErrReader(failure), "split.json")
	if !errors.Is(err, failure) {
		t.Fatalf("error = %v, want one that wraps the read error", err)
	}

	if errors.Is(err, ErrInvalidData) {
		t.Errorf("read error %v is reported as invalid data", err)
	}

	if !strings.Contains(err.Error(), "split.json") {
		t.Errorf("error %q does not name the file", err)
	}
}

func TestTokenStreamTrailingData(t *testing.T) {
	_, err := ReadSplit(strings.NewReader("[\"A1\"]\n\n[\"A2\"]"), "split.json")
	checkDataError(t, err, 3, "split.json:3", "unexpected data after the end")
}
