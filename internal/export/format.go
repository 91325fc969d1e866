package export

import (
	"fmt"
	"io"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Format is a file format that Export writes.
type Format string

// The formats that Export writes.
const (
	Arrow   Format = "arrow"   // Arrow IPC file format, uncompressed, readable with memory mapping
	Parquet Format = "parquet" // Parquet with the Arrow schema stored, so types round-trip
)

// ParquetRowGroupRows is the number of rows per Parquet row group. The
// writer holds one row group in memory before writing it.
const ParquetRowGroupRows = 64 * 1024

// ParseFormat parses a format name: arrow or parquet.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimSpace(s))); f {
	case Arrow, Parquet:
		return f, nil
	default:
		return "", fmt.Errorf("unknown export format %q: use arrow or parquet", s)
	}
}

// Extension returns the file name extension of the format, with the dot.
func (f Format) Extension() string { return "." + string(f) }

// Compression is a Parquet compression codec.
type Compression string

// The Parquet codecs that Export offers.
const (
	Snappy       Compression = "snappy"
	Zstd         Compression = "zstd"
	Uncompressed Compression = "none"
)

// ParseCompression parses a Parquet codec name: snappy, zstd or none.
func ParseCompression(s string) (Compression, error) {
	switch c := Compression(strings.ToLower(strings.TrimSpace(s))); c {
	case Snappy, Zstd, Uncompressed:
		return c, nil
	default:
		return "", fmt.Errorf("unknown parquet compression %q: use snappy, zstd or none", s)
	}
}

func (c Compression) codec() compress.Compression {
	switch c {
	case Zstd:
		return compress.Codecs.Zstd
	case Uncompressed:
		return compress.Codecs.Uncompressed
	default:
		return compress.Codecs.Snappy
	}
}

// batchWriter writes record batches of one schema to a file.
type batchWriter interface {
	Write(rec arrow.RecordBatch) error
	Close() error
}

// newBatchWriter returns a writer of format f onto w. Close finishes the
// file but does not close w.
func newBatchWriter(f Format, w io.Writer, schema *arrow.Schema, c Compression, mem memory.Allocator) (batchWriter, error) {
	switch f {
	case Arrow:
		fw, err := ipc.NewFileWriter(w, ipc.WithSchema(schema), ipc.WithAllocator(mem))
		if err != nil {
			return nil, fmt.Errorf("start arrow file: %w", err)
		}

		return fw, nil
	case Parquet:
		props := parquet.NewWriterProperties(
			parquet.WithAllocator(mem),
			parquet.WithCompression(c.codec()),
			parquet.WithMaxRowGroupLength(ParquetRowGroupRows),
		)

		fw, err := pqarrow.NewFileWriter(schema, w, props, pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema(), pqarrow.WithAllocator(mem)))
		if err != nil {
			return nil, fmt.Errorf("start parquet file: %w", err)
		}

		return bufferedParquet{fw}, nil
	default:
		return nil, fmt.Errorf("unknown export format %q: use arrow or parquet", f)
	}
}

// bufferedParquet fills row groups up to ParquetRowGroupRows rows, as one
// row group per record batch would make small row groups.
type bufferedParquet struct{ fw *pqarrow.FileWriter }

func (p bufferedParquet) Write(rec arrow.RecordBatch) error { return p.fw.WriteBuffered(rec) }

func (p bufferedParquet) Close() error { return p.fw.Close() }
