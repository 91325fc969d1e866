package fashioniq

import (
	"strings"
	"unicode"
)

// asinRule states what validASIN accepts, for error messages.
const asinRule = "invalid ASIN: must be non-empty and contain no whitespace"

// validASIN reports whether s can be a product ID: non-empty and free of
// whitespace. FashionIQ ASINs are ten letters and digits, but the readers
// accept any such ID.
func validASIN(s string) bool {
	return s != "" && !strings.ContainsFunc(s, unicode.IsSpace)
}
