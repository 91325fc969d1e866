package catalogfile

import "errors"

// ErrInvalidFile means a whole file cannot be read as a catalog: an
// unknown or missing column in the header or schema, a column of an
// unsupported type, or a corrupt file.
var ErrInvalidFile = errors.New("invalid catalog file")
