package fashioniq

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"
)

// maxURLLineLen is the longest line, in bytes, that ReadImageURLs accepts.
const maxURLLineLen = 1 << 20

// urlConflict is a later line that gives an ASIN a different URL.
type urlConflict struct {
	ASIN       string
	FirstURL   string
	IgnoredURL string
	Line       int
}

// ReadImageURLs reads an asin2url file: lines of "ASIN<TAB>URL", with
// spaces allowed around the tab. Blank lines are skipped. When an ASIN is
// listed twice with different URLs, the first URL is kept. name labels
// errors.
func ReadImageURLs(r io.Reader, name string) (map[string]string, error) {
	return readImageURLs(r, name, nil)
}

// readImageURLs is ReadImageURLs that also reports each conflicting URL
// to onConflict when it is not nil.
func readImageURLs(r io.Reader, name string, onConflict func(urlConflict)) (map[string]string, error) {
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), maxURLLineLen)

	out := map[string]string{}
	line := 0

	for scanner.Scan() {
		line++

		asin, link, err := parseURLLine(scanner.Text(), name, line)
		if err != nil {
			return nil, err
		}

		if asin == "" {
			continue
		}

		first, seen := out[asin]
		switch {
		case !seen:
			out[asin] = link
		case first != link && onConflict != nil:
			onConflict(urlConflict{ASIN: asin, FirstURL: first, IgnoredURL: link, Line: line})
		}
	}

	if err := scanner.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &DataError{File: name, Line: line + 1, Reason: fmt.Sprintf("line longer than %d bytes", maxURLLineLen)}
		}

		return nil, fmt.Errorf("read %s: %w", name, err)
	}

	return out, nil
}

// parseURLLine splits one line into ASIN and URL. A blank line returns
// two empty strings.
func parseURLLine(text, name string, line int) (string, string, error) {
	text = strings.TrimSuffix(text, "\r")
	if strings.TrimSpace(text) == "" {
		return "", "", nil
	}

	asin, link, found := strings.Cut(text, "\t")
	if !found {
		return "", "", &DataError{File: name, Line: line, Value: quoteValue(text), Reason: "missing tab between ASIN and URL"}
	}

	asin = strings.TrimSpace(asin)
	if !validASIN(asin) {
		return "", "", &DataError{File: name, Line: line, Field: "ASIN", Value: quoteValue(asin), Reason: asinRule}
	}

	link = strings.TrimSpace(link)
	if !validImageURL(link) {
		return "", "", &DataError{File: name, Line: line, Field: "URL", Value: quoteValue(link), Reason: "invalid URL: must be an absolute http or https URL without whitespace"}
	}

	return asin, link, nil
}

// validImageURL reports whether s is an absolute http or https URL with a
// host and no whitespace.
func validImageURL(s string) bool {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}

	u, err := url.Parse(s)
	if err != nil {
		return false
	}

	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
