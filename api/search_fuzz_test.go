package api

import (
	"testing"
	"unicode/utf8"
)

func FuzzParseSearch(f *testing.F) {
	seeds := []string{
		`{"candidate": "B008MTHLHQ", "modification": "is longer", "k": 5}`,
		`{"candidate": "x", "filter": {"category": "dress", "require": [{"kind": "texture", "value": "floral"}]}}`,
		`{"candidate": "x", "cursor": "bzEw", "explain": false}`,
		`{"candidate": 7}`,
		`{"k": -1}`,
		`[]`,
		``,
		`{"candidate": "x"} {"candidate": "y"}`,
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}

	limits := DefaultLimits()

	f.Fuzz(func(t *testing.T, body []byte) {
		req, err := ParseSearch(body, limits)
		if err != nil {
			fe, ok := err.(*fieldError)
			if !ok {
				t.Fatalf("ParseSearch returned %T %v; every rejection must name a field", err, err)
			}

			if fe.field == "" || fe.msg == "" {
				t.Fatalf("rejection without field or message: %+v", fe)
			}

			if !utf8.ValidString(fe.msg) && utf8.Valid(body) {
				t.Fatalf("message is not valid UTF-8: %q", fe.msg)
			}

			return
		}

		if req.Candidate == "" {
			t.Fatal("accepted a request without a candidate")
		}

		if req.K < 1 || req.K > limits.MaxK {
			t.Fatalf("accepted k=%d outside [1, %d]", req.K, limits.MaxK)
		}

		if req.Offset < 0 || req.Offset+req.K > limits.MaxOffset {
			t.Fatalf("accepted offset %d with k %d beyond %d", req.Offset, req.K, limits.MaxOffset)
		}

		if len(req.Modification) > limits.MaxModification {
			t.Fatalf("accepted a %d-byte modification", len(req.Modification))
		}

		for _, a := range append(req.Filter.Require, req.Filter.Exclude...) {
			if a.Kind == "" || a.Value == "" {
				t.Fatalf("accepted an incomplete filter attribute %+v", a)
			}
		}
	})
}

func TestCursorRoundTrip(t *testing.T) {
	for _, offset := range []int{0, 10, 990} {
		got, err := decodeCursor(encodeCursor(offset))
		if err != nil || got != offset {
			t.Errorf("decodeCursor(encodeCursor(%d)) = %d, %v", offset, got, err)
		}
	}

	for _, bad := range []string{"", "!!", encodeCursor(-1)[:1], "eDEw"} {
		if _, err := decodeCursor(bad); err == nil {
			t.Errorf("decodeCursor(%q) accepted a cursor the server never issues", bad)
		}
	}
}
