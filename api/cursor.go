package api

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// A cursor is the offset of the next page, as "o<offset>" in URL-safe
// base64. Pages come from a fresh ranking each time, so an interaction
// between two pages can move results across the page boundary.
func encodeCursor(offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte("o" + strconv.Itoa(offset)))
}

func decodeCursor(cursor string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, fmt.Errorf("decode cursor: %w", err)
	}

	digits, ok := strings.CutPrefix(string(raw), "o")
	if !ok {
		return 0, fmt.Errorf("decode cursor: missing prefix")
	}

	offset, err := strconv.Atoi(digits)
	if err != nil || offset < 0 {
		return 0, fmt.Errorf("decode cursor: invalid offset %q", digits)
	}

	return offset, nil
}
