package catalogfile

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// valueSeparator separates the values of an attr.KIND cell in CSV.
const valueSeparator = "|"

// splitValues splits a CSV attr.KIND cell at "|".
func splitValues(cell string) []string {
	if strings.TrimSpace(cell) == "" {
		return nil
	}

	return strings.Split(cell, valueSeparator)
}

// parseFloats parses a CSV image_embedding cell: numbers separated by
// commas or white space, optionally in square brackets. An empty cell
// has no vector.
func parseFloats(cell string) ([]float64, error) {
	s := strings.TrimSpace(cell)
	if strings.HasPrefix(s, "[") {
		if !strings.HasSuffix(s, "]") {
			return nil, fmt.Errorf("opening '[' without closing ']'")
		}

		s = strings.TrimSpace(s[1 : len(s)-1])
	}

	if s == "" {
		return nil, nil
	}

	parts := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' })

	out := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(p, 64)
		if errors.Is(err, strconv.ErrRange) && x != 0 {
			err = nil // ±Inf, which embedding rejects with the index
		}

		if err != nil {
			return nil, fmt.Errorf("value %d, %q, is not a number", i+1, p)
		}

		out[i] = x
	}

	return out, nil
}
