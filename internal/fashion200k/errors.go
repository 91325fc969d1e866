package fashion200k

import (
	"errors"
	"math"
)

// ErrInvalidFile means a whole input file cannot be read as Fashion200K:
// an unexpected name or content, or a line too long to be one record.
var ErrInvalidFile = errors.New("invalid fashion200k file")

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
