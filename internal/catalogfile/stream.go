package catalogfile

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// DefaultDataset is the dataset name of a catalog load that names none.
const DefaultDataset = "catalog"

// Options configures Open.
type Options struct {
	// Dataset is the source of the records and the prefix of generated
	// query ids; empty means DefaultDataset.
	Dataset string

	// Allocator allocates the record batches of Parquet and Arrow IPC
	// files; nil means memory.DefaultAllocator.
	Allocator memory.Allocator
}

// File is one input file with its format and what it holds.
type File struct {
	Path   string
	Format Format
	Kind   Kind
}

// recordReader is the interface of the format readers.
type recordReader interface {
	Kind() Kind
	next() (record, error)
}

// openFile is a reader with the function that closes its file.
type openFile struct {
	recordReader
	close func() error
}

// Stream reads catalog files as an ingest.Stream: the records of every
// product file in the order given, then those of every query file.
type Stream struct {
	opts    Options
	files   []File
	cur     *openFile
	curKind Kind
	next    int // index into files of the next file to open
}

// Open detects the format and kind of each file and returns a stream over
// them. A file that cannot be read, or whose header or schema is
// invalid, is an error that wraps ErrInvalidFile where the content is at
// fault.
func Open(ctx context.Context, paths []string, opts Options) (*Stream, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no input files", ErrInvalidFile)
	}

	if opts.Dataset == "" {
		opts.Dataset = DefaultDataset
	}

	if opts.Allocator == nil {
		opts.Allocator = memory.DefaultAllocator
	}

	var products, queries []File

	for _, p := range paths {
		f, err := inspect(ctx, p, opts.Allocator)
		if err != nil {
			return nil, err
		}

		if f.Kind == Queries {
			queries = append(queries, f)
		} else {
			products = append(products, f)
		}
	}

	return &Stream{opts: opts, files: append(products, queries...)}, nil
}

// Files returns the input files in the order the stream reads them.
func (s *Stream) Files() []File { return append([]File(nil), s.files...) }

// inspect opens path to tell its format and kind, and closes it.
func inspect(ctx context.Context, path string, mem memory.Allocator) (File, error) {
	of, format, err := open(ctx, path, mem)
	if err != nil {
		return File{}, err
	}

	kind := of.Kind()
	if err := of.close(); err != nil {
		return File{}, fmt.Errorf("close %s: %w", path, err)
	}

	return File{Path: path, Format: format, Kind: kind}, nil
}

// open opens path with the reader of its format.
func open(ctx context.Context, path string, mem memory.Allocator) (*openFile, Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("open catalog file: %w", err)
	}

	head := make([]byte, 512)
	n, err := f.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		f.Close()
		return nil, 0, fmt.Errorf("read %s: %w", path, err)
	}

	format := Detect(head[:n])

	var r recordReader

	switch format {
	case JSONLines:
		r, err = newJSONLReader(path, bufio.NewReaderSize(f, 1<<16))
	case CSV:
		r, err = newCSVReader(path, bufio.NewReaderSize(f, 1<<16))
	default:
		var cr *columnarReader
		if cr, err = newColumnarReader(ctx, path, f, format, mem); err == nil {
			return &openFile{recordReader: cr, close: func() error { cr.close(); return closeFile(f) }}, format, nil
		}
	}

	if err != nil {
		f.Close()
		return nil, 0, err
	}

	return &openFile{recordReader: r, close: f.Close}, format, nil
}

// NextProduct returns the next product of the product files.
func (s *Stream) NextProduct(ctx context.Context) (ingest.Product, error) {
	rec, err := s.nextRecord(ctx, Products)
	if err != nil {
		return ingest.Product{}, err
	}

	return toProduct(rec, s.opts.Dataset)
}

// NextQuery returns the next query of the query files.
func (s *Stream) NextQuery(ctx context.Context) (ingest.Query, error) {
	rec, err := s.nextRecord(ctx, Queries)
	if err != nil {
		return ingest.Query{}, err
	}

	return toQuery(rec, s.opts.Dataset)
}

// nextRecord returns the next record of the files of kind, opening the
// next such file at the end of one, and io.EOF after the last.
func (s *Stream) nextRecord(ctx context.Context, kind Kind) (record, error) {
	for {
		if err := ctx.Err(); err != nil {
			return record{}, err
		}

		if s.cur != nil && s.curKind == kind {
			rec, err := s.cur.next()
			if !errors.Is(err, io.EOF) {
				return rec, err
			}
		}

		if err := s.closeCurrent(); err != nil {
			return record{}, err
		}

		if s.next >= len(s.files) || s.files[s.next].Kind != kind {
			return record{}, io.EOF
		}

		f := s.files[s.next]
		s.next++

		of, _, err := open(ctx, f.Path, s.opts.Allocator)
		if err != nil {
			return record{}, err
		}

		s.cur, s.curKind = of, f.Kind
	}
}

func (s *Stream) closeCurrent() error {
	if s.cur == nil {
		return nil
	}

	err := s.cur.close()
	s.cur = nil

	return err
}

// Close closes the open file.
func (s *Stream) Close() error { return s.closeCurrent() }

// closeFile closes f unless the Parquet reader, which closes its file,
// already did.
func closeFile(f *os.File) error {
	if err := f.Close(); err != nil && !errors.Is(err, os.ErrClosed) {
		return err
	}

	return nil
}
