package fashioniq

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

func TestReadImageURLs(t *testing.T) {
	input := "B001 \t http://127.0.0.1/a.jpg\n" +
		"\n" +
		"B002\thttps://127.0.0.1/b.jpg\r\n" +
		"  \n" +
		"B001\thttp://127.0.0.1/other.jpg\n" +
		"B002\thttps://127.0.0.1/b.jpg"

	got, err := ReadImageURLs(strings.NewReader(input), "urls.txt")
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]string{"B001": "http://127.0.0.1/a.jpg", "B002": "https://127.0.0.1/b.jpg"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ReadImageURLs = %v, want %v", got, want)
	}
}

func TestReadImageURLsConflicts(t *testing.T) {
	input := "B001\thttp://127.0.0.1/a.jpg\nB001\thttp://127.0.0.1/a.jpg\nB001\thttp://127.0.0.1/b.jpg\n"

	var conflicts []urlConflict

	_, err := readImageURLs(strings.NewReader(input), "urls.txt", func(c urlConflict) { conflicts = append(conflicts, c) })
	if err != nil {
		t.Fatal(err)
	}

	want := []urlConflict{{ASIN: "B001", FirstURL: "http://127.0.0.1/a.jpg", IgnoredURL: "http://127.0.0.1/b.jpg", Line: 3}}
	if !reflect.DeepEqual(conflicts, want) {
		t.Errorf("conflicts = %+v, want %+v", conflicts, want)
	}
}

func TestReadImageURLsErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		line  int
		wants []string
	}{
		{"no tab", "B001\thttp://127.0.0.1/a.jpg\nB002 http://127.0.0.1/b.jpg\n", 2, []string{`value "B002 http://127.0.0.1/b.jpg"`, "missing tab"}},
		{"empty ASIN", "\n \thttp://127.0.0.1/a.jpg\n", 2, []string{`field ASIN = ""`, "invalid ASIN"}},
		{"ASIN with space", "B0 01\thttp://127.0.0.1/a.jpg\n", 1, []string{`field ASIN = "B0 01"`}},
		{"empty URL", "B001\t \n", 1, []string{`field URL = ""`, "invalid URL"}},
		{"relative URL", "B001\timages/a.jpg\n", 1, []string{`field URL = "images/a.jpg"`}},
		{"ftp URL", "B001\tftp://127.0.0.1/a.jpg\n", 1, []string{"invalid URL"}},
		{"second tab", "B001\thttp://127.0.0.1/a.jpg\tx\n", 1, []string{"invalid URL"}},
		{"line too long", "B001\thttp://127.0.0.1/" + strings.Repeat("a", maxURLLineLen) + "\n", 1, []string{"line longer than"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadImageURLs(strings.NewReader(tt.input), "urls.txt")
			checkDataError(t, err, tt.line, append(tt.wants, "urls.txt:")...)
		})
	}
}

func FuzzReadImageURLs(f *testing.F) {
	f.Add([]byte("B001 \t http://127.0.0.1/a.jpg\n\nB002\thttps://127.0.0.1/b.jpg\r\n"))
	f.Add([]byte("B001 http://127.0.0.1/a.jpg"))
	f.Add([]byte("B001\t%zz\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadImageURLs(bytes.NewReader(data), "urls.txt")
		if err != nil {
			checkFuzzError(t, data, err)
			return
		}

		for asin, link := range got {
			if !validASIN(asin) || !validImageURL(link) {
				t.Fatalf("accepted invalid pair %q -> %q", asin, link)
			}
		}
	})
}
