package catalogfile

import "testing"

func TestDetect(t *testing.T) {
	tests := []struct {
		head string
		want Format
	}{
		{"PAR1\x15\x04", Parquet},
		{"ARROW1\x00\x00", ArrowFile},
		{"\xff\xff\xff\xff\x10\x00", ArrowStream},
		{"{\"id\": 1}", JSONLines},
		{"\xef\xbb\xbf\n  {\"id\": 1}", JSONLines},
		{"id,category\n", CSV},
		{"", CSV},
	}

	for _, tc := range tests {
		if got := Detect([]byte(tc.head)); got != tc.want {
			t.Errorf("Detect(%q) = %v, want %v", tc.head, got, tc.want)
		}
	}
}
