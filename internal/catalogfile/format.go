package catalogfile

import "bytes"

// Format is the encoding of a catalog file.
type Format int

// The formats that Detect recognizes.
const (
	CSV Format = iota
	JSONLines
	Parquet
	ArrowFile   // Arrow IPC file format (.arrow, .feather v2)
	ArrowStream // Arrow IPC stream format (.arrows)
)

func (f Format) String() string {
	switch f {
	case JSONLines:
		return "JSON Lines"
	case Parquet:
		return "Parquet"
	case ArrowFile:
		return "Arrow IPC file"
	case ArrowStream:
		return "Arrow IPC stream"
	default:
		return "CSV"
	}
}

// Detect returns the format of a file from its first bytes: the magic
// "PAR1" or "ARROW1", the continuation marker of an Arrow IPC stream,
// a first non-space character '{' for JSON Lines, or else CSV.
func Detect(head []byte) Format {
	switch {
	case bytes.HasPrefix(head, []byte("PAR1")):
		return Parquet
	case bytes.HasPrefix(head, []byte("ARROW1")):
		return ArrowFile
	case bytes.HasPrefix(head, []byte{0xff, 0xff, 0xff, 0xff}):
		return ArrowStream
	}

	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return JSONLines
	}

	return CSV
}
