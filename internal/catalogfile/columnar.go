package catalogfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// parquetBatchRows is the number of rows per record batch read from Parquet.
const parquetBatchRows = 4096

// batchReader is the interface of the Parquet and Arrow IPC readers.
// Read returns the next record batch, valid until the next call, or io.EOF.
type batchReader interface {
	Read() (arrow.RecordBatch, error)
}

// columnarReader reads records from Parquet or Arrow IPC, a record batch
// at a time.
type columnarReader struct {
	path    string
	format  Format
	br      batchReader
	release func()
	kind    Kind
	schema  *arrow.Schema

	cur     arrow.RecordBatch
	getters []cellGetter
	rows    int // rows in batches before cur
	at      int // next row of cur
}

// cellGetter returns the value of one column at row i of the current batch.
type cellGetter func(i int) any

// newColumnarReader opens f as Parquet or Arrow IPC and checks the schema.
func newColumnarReader(ctx context.Context, path string, f *os.File, format Format, mem memory.Allocator) (cr *columnarReader, err error) {
	defer func() {
		if p := recover(); p != nil {
			cr, err = nil, fmt.Errorf("%w: %s: corrupt %s file: %v", ErrInvalidFile, path, format, p)
		}
	}()

	br, schema, release, err := openBatches(ctx, f, format, mem)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: read %s: %v", ErrInvalidFile, path, format, err)
	}

	names := make([]string, schema.NumFields())
	for i, fld := range schema.Fields() {
		names[i] = fld.Name
	}

	kind := kindOf(names)
	if err := checkSchema(kind, schema); err != nil {
		release()
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalidFile, path, err)
	}

	return &columnarReader{path: path, format: format, br: br, release: release, kind: kind, schema: schema}, nil
}

// openBatches returns a batch reader for the format, its schema and the
// function that releases it.
func openBatches(ctx context.Context, f *os.File, format Format, mem memory.Allocator) (batchReader, *arrow.Schema, func(), error) {
	switch format {
	case ArrowFile:
		r, err := ipc.NewFileReader(f, ipc.WithAllocator(mem))
		if err != nil {
			return nil, nil, nil, err
		}

		return r, r.Schema(), func() { _ = r.Close() }, nil
	case ArrowStream:
		r, err := ipc.NewReader(f, ipc.WithAllocator(mem))
		if err != nil {
			return nil, nil, nil, err
		}

		return r, r.Schema(), r.Release, nil
	default:
		pf, err := file.NewParquetReader(f)
		if err != nil {
			return nil, nil, nil, err
		}

		fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: parquetBatchRows}, mem)
		if err != nil {
			_ = pf.Close()
			return nil, nil, nil, err
		}

		rr, err := fr.GetRecordReader(ctx, nil, nil)
		if err != nil {
			_ = pf.Close()
			return nil, nil, nil, err
		}

		return rr, rr.Schema(), func() { rr.Release(); _ = pf.Close() }, nil
	}
}

// checkSchema checks every field's name and type, repeats and required columns.
func checkSchema(kind Kind, schema *arrow.Schema) error {
	seen := map[string]bool{}
	names := make([]string, 0, schema.NumFields())

	for _, f := range schema.Fields() {
		if err := checkColumn(kind, f.Name); err != nil {
			return err
		}

		if seen[f.Name] {
			return fmt.Errorf("column %q appears twice", f.Name)
		}

		seen[f.Name] = true
		names = append(names, f.Name)

		if want := columnType(kind, f.Name); !want.accepts(f.Type) {
			return fmt.Errorf("column %q has Arrow type %s, want %s", f.Name, f.Type, want)
		}
	}

	return checkRequired(kind, names)
}

// typeRule is the Arrow types a column accepts.
type typeRule int

const (
	stringType       typeRule = iota
	stringOrListType          // attr.KIND
	attributesType            // list of struct{kind, value}
	floatListType             // image_embedding
)

func (t typeRule) String() string {
	switch t {
	case stringOrListType:
		return "string or list<string>"
	case attributesType:
		return "list<struct<kind: string, value: string>>"
	case floatListType:
		return "list<float32> or list<float64> (plain, large or fixed-size)"
	default:
		return "string"
	}
}

func columnType(kind Kind, name string) typeRule {
	switch {
	case kind == Queries:
		return stringType
	case name == colAttributes:
		return attributesType
	case name == colImageEmbedding:
		return floatListType
	case strings.HasPrefix(name, attrPrefix):
		return stringOrListType
	default:
		return stringType
	}
}

func (t typeRule) accepts(dt arrow.DataType) bool {
	switch t {
	case stringOrListType:
		return isString(dt) || isString(listElem(dt))
	case attributesType:
		st, ok := listElem(dt).(*arrow.StructType)
		if !ok || st.NumFields() != 2 {
			return false
		}

		k, okK := st.FieldByName("kind")
		v, okV := st.FieldByName("value")

		return okK && okV && isString(k.Type) && isString(v.Type)
	case floatListType:
		e := listElem(dt)
		return e != nil && (e.ID() == arrow.FLOAT32 || e.ID() == arrow.FLOAT64)
	default:
		return isString(dt)
	}
}

func isString(dt arrow.DataType) bool {
	if dt == nil {
		return false
	}

	switch dt.ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		return true
	case arrow.DICTIONARY:
		return isString(dt.(*arrow.DictionaryType).ValueType)
	default:
		return false
	}
}

// listElem returns the element type of a list type, or nil.
func listElem(dt arrow.DataType) arrow.DataType {
	if l, ok := dt.(arrow.ListLikeType); ok {
		return l.Elem()
	}

	return nil
}

// Kind returns what the file holds.
func (cr *columnarReader) Kind() Kind { return cr.kind }

// next returns the next record or io.EOF.
func (cr *columnarReader) next() (rec record, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %s: corrupt %s file near row %d: %v", ErrInvalidFile, cr.path, cr.format, cr.rows+cr.at, p)
		}
	}()

	for cr.cur == nil || cr.at >= int(cr.cur.NumRows()) {
		if err := cr.nextBatch(); err != nil {
			return record{}, err
		}
	}

	i := cr.at
	cr.at++

	rec = record{pos: ingest.Position{File: cr.path, Row: cr.rows + i + 1}, fields: make([]field, len(cr.getters))}
	for j, get := range cr.getters {
		rec.fields[j] = field{name: cr.schema.Field(j).Name, value: get(i)}
	}

	return rec, nil
}

// nextBatch moves to the next record batch and builds its getters.
func (cr *columnarReader) nextBatch() error {
	if cr.cur != nil {
		cr.rows += int(cr.cur.NumRows())
		cr.cur = nil
	}

	b, err := cr.br.Read()
	if errors.Is(err, io.EOF) {
		return io.EOF
	}

	if err != nil {
		return fmt.Errorf("%w: %s: read %s record batch after row %d: %v", ErrInvalidFile, cr.path, cr.format, cr.rows, err)
	}

	if b == nil {
		return io.EOF
	}

	cr.cur, cr.at = b, 0
	cr.getters = make([]cellGetter, b.NumCols())

	for j := range cr.getters {
		cr.getters[j] = getterFor(columnType(cr.kind, cr.schema.Field(j).Name), b.Column(j))
	}

	return nil
}

// getterFor returns the getter of one column of one batch.
func getterFor(rule typeRule, arr arrow.Array) cellGetter {
	switch rule {
	case stringOrListType:
		if isString(arr.DataType()) {
			get := stringGetter(arr)
			return func(i int) any {
				if s, ok := get(i); ok {
					return []string{s}
				}

				return nil
			}
		}

		return stringListGetter(arr.(array.ListLike))
	case attributesType:
		return attributesGetter(arr.(array.ListLike))
	case floatListType:
		return floatListGetter(arr.(array.ListLike))
	default:
		get := stringGetter(arr)
		return func(i int) any {
			if s, ok := get(i); ok {
				return s
			}

			return nil
		}
	}
}

// stringGetter reads a string, large string, string view or dictionary
// of strings column; ok is false for null. The strings are copied out
// of the batch, which the reader releases at the next batch.
func stringGetter(arr arrow.Array) func(i int) (string, bool) {
	if d, ok := arr.(*array.Dictionary); ok {
		values := d.Dictionary().(array.StringLike)
		return func(i int) (string, bool) {
			if d.IsNull(i) {
				return "", false
			}

			return strings.Clone(values.Value(d.GetValueIndex(i))), true
		}
	}

	s := arr.(array.StringLike)

	return func(i int) (string, bool) {
		if s.IsNull(i) {
			return "", false
		}

		return strings.Clone(s.Value(i)), true
	}
}

func stringListGetter(l array.ListLike) cellGetter {
	get := stringGetter(l.ListValues())

	return func(i int) any {
		if l.IsNull(i) {
			return nil
		}

		lo, hi := l.ValueOffsets(i)
		out := make([]string, 0, hi-lo)

		for j := lo; j < hi; j++ {
			if s, ok := get(int(j)); ok {
				out = append(out, s)
			}
		}

		return out
	}
}

func attributesGetter(l array.ListLike) cellGetter {
	st := l.ListValues().(*array.Struct)
	stType := st.DataType().(*arrow.StructType)
	ki, _ := stType.FieldIdx("kind")
	vi, _ := stType.FieldIdx("value")
	kinds, values := stringGetter(st.Field(ki)), stringGetter(st.Field(vi))

	return func(i int) any {
		if l.IsNull(i) {
			return nil
		}

		lo, hi := l.ValueOffsets(i)
		out := make([]catalog.Attribute, 0, hi-lo)

		for j := lo; j < hi; j++ {
			if st.IsNull(int(j)) {
				continue
			}

			k, _ := kinds(int(j))
			v, _ := values(int(j))
			out = append(out, catalog.Attribute{Kind: k, Value: v})
		}

		return out
	}
}

// floatListGetter reads a list of float32 or float64; a null element
// becomes NaN, which the conversion rejects as not finite.
func floatListGetter(l array.ListLike) cellGetter {
	var at func(j int) float64

	switch v := l.ListValues().(type) {
	case *array.Float32:
		at = func(j int) float64 { return nullNaN(v, j, float64(v.Value(j))) }
	case *array.Float64:
		at = func(j int) float64 { return nullNaN(v, j, v.Value(j)) }
	}

	return func(i int) any {
		if l.IsNull(i) {
			return nil
		}

		lo, hi := l.ValueOffsets(i)
		out := make([]float64, hi-lo)

		for j := lo; j < hi; j++ {
			out[j-lo] = at(int(j))
		}

		return out
	}
}

func nullNaN(a arrow.Array, j int, x float64) float64 {
	if a.IsNull(j) {
		return math.NaN()
	}

	return x
}

// close releases the current batch and the reader.
func (cr *columnarReader) close() {
	cr.cur = nil
	cr.release()
}
