package catalogfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// csvReader reads records from CSV with a header line.
type csvReader struct {
	path    string
	r       *csv.Reader
	columns []string
	kind    Kind
}

// newCSVReader reads and checks the header. An unknown or missing column
// is an error for the whole file.
func newCSVReader(path string, r io.Reader) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %s is empty; a CSV catalog starts with a header line", ErrInvalidFile, path)
	}

	if err != nil {
		return nil, fmt.Errorf("%w: %s: header: %v", ErrInvalidFile, path, err)
	}

	columns := make([]string, len(header))
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}

		columns[i] = strings.TrimSpace(h)
	}

	kind := kindOf(columns)
	if err := checkHeader(kind, columns); err != nil {
		return nil, fmt.Errorf("%w: %s:1: %v", ErrInvalidFile, path, err)
	}

	cr.FieldsPerRecord = len(columns)

	return &csvReader{path: path, r: cr, columns: columns, kind: kind}, nil
}

// checkHeader checks every column name, repeats and required columns.
func checkHeader(kind Kind, columns []string) error {
	seen := map[string]bool{}

	for _, c := range columns {
		if err := checkColumn(kind, c); err != nil {
			return err
		}

		if c == colAttributes {
			return fmt.Errorf("a CSV file cannot hold the attributes list; give each attribute kind its own attr.KIND column, such as attr.color")
		}

		if seen[c] {
			return fmt.Errorf("column %q appears twice", c)
		}

		seen[c] = true
	}

	return checkRequired(kind, columns)
}

// Kind returns what the file holds.
func (cr *csvReader) Kind() Kind { return cr.kind }

// next returns the next record, io.EOF at the end, an
// *ingest.RecordError for an invalid line, or another error that ends
// the file.
func (cr *csvReader) next() (record, error) {
	cells, err := cr.r.Read()
	if errors.Is(err, io.EOF) {
		return record{}, io.EOF
	}

	if err != nil {
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			pos := ingest.Position{File: cr.path, Line: perr.StartLine}
			return record{}, ingest.Invalid(pos, "", "", "malformed CSV at line %d, byte %d: %v", perr.Line, perr.Column, perr.Err)
		}

		return record{}, fmt.Errorf("read %s: %w", cr.path, err)
	}

	line, _ := cr.r.FieldPos(0)
	rec := record{pos: ingest.Position{File: cr.path, Line: line}, fields: make([]field, len(cells))}

	for i, cell := range cells {
		v, err := cr.cellValue(cr.columns[i], cell)
		if err != nil {
			return record{}, ingest.Invalid(rec.pos, cr.columns[i], ingest.Quote(cell), "%v", err)
		}

		rec.fields[i] = field{name: cr.columns[i], value: v}
	}

	return rec, nil
}

// cellValue converts a cell to its column's type; an empty cell is null.
func (cr *csvReader) cellValue(column, cell string) (any, error) {
	if strings.TrimSpace(cell) == "" {
		return nil, nil
	}

	if cr.kind == Queries {
		return cell, nil
	}

	switch {
	case column == colImageEmbedding:
		return parseFloats(cell)
	case strings.HasPrefix(column, attrPrefix):
		return splitValues(cell), nil
	default:
		return cell, nil
	}
}
