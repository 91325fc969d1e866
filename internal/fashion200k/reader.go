package fashion200k

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// maxLineBytes bounds one line of an input file.
const maxLineBytes = 1 << 20

// fileKind is the form of an input file.
type fileKind int

const (
	labelFile fileKind = iota
	subsetFile
)

// fileReader reads the items of one label file or JSON Lines subset.
type fileReader struct {
	path     string
	f        *os.File
	sc       *bufio.Scanner
	line     int
	kind     fileKind
	category string // label files only
	split    string // label files only
}

// openFile opens path and detects its form by content: a first character
// '{' means JSON Lines, a tab in the first line means a label file.
func openFile(path string) (*fileReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open fashion200k file: %w", err)
	}

	br := bufio.NewReaderSize(f, 64<<10)

	kind, err := sniff(path, br)
	if err != nil {
		f.Close()
		return nil, err
	}

	r := &fileReader{path: path, f: f, kind: kind}

	if kind == labelFile {
		if r.category, r.split, err = ParseLabelName(path); err != nil {
			f.Close()
			return nil, err
		}
	}

	r.sc = bufio.NewScanner(br)
	r.sc.Buffer(make([]byte, 64<<10), maxLineBytes)

	return r, nil
}

// sniff returns the form of the file that br reads, without consuming it.
func sniff(path string, br *bufio.Reader) (fileKind, error) {
	head, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}

	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	trimmed := bytes.TrimLeft(head, " \t\r\n")

	switch {
	case len(trimmed) == 0:
		return 0, fmt.Errorf("%w: %s is empty", ErrInvalidFile, path)
	case trimmed[0] == '{':
		return subsetFile, nil
	}

	first, _, _ := bytes.Cut(trimmed, []byte("\n"))
	if bytes.IndexByte(first, '\t') >= 0 {
		return labelFile, nil
	}

	return 0, fmt.Errorf("%w: %s is neither JSON Lines (lines starting with '{') nor a label file (image path, detection score and caption separated by tabs)", ErrInvalidFile, path)
}

// next returns the next item, io.EOF at the end of the file, an
// *ingest.RecordError for an invalid line, or another error that ends
// the file.
func (r *fileReader) next() (Item, error) {
	for r.sc.Scan() {
		r.line++

		raw := r.sc.Bytes()
		if r.line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
		}

		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}

		pos := ingest.Position{File: r.path, Line: r.line}
		if r.kind == subsetFile {
			return parseSubsetLine(pos, raw)
		}

		return parseLabelLine(pos, string(raw), r.category, r.split)
	}

	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Item{}, fmt.Errorf("%w: %s:%d: line longer than %d bytes", ErrInvalidFile, r.path, r.line+1, maxLineBytes)
		}

		return Item{}, fmt.Errorf("read %s: %w", r.path, err)
	}

	return Item{}, io.EOF
}

func (r *fileReader) close() error { return r.f.Close() }
