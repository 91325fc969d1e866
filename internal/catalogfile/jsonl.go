package catalogfile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// maxLineBytes bounds one line of a JSON Lines file.
const maxLineBytes = 64 << 20

// jsonlReader reads records from JSON Lines: one object per line.
type jsonlReader struct {
	path string
	sc   *bufio.Scanner
	line int
	kind Kind

	pending []pendingRecord // read ahead to tell the kind
}

// newJSONLReader reads up to the first well-formed object, whose keys
// give the kind of the file. Malformed lines before it are returned
// first by next, as record errors.
func newJSONLReader(path string, r io.Reader) (*jsonlReader, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)

	jr := &jsonlReader{path: path, sc: sc}

	for {
		obj, err := jr.nextObject()
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s has no JSON objects", ErrInvalidFile, path)
		}

		if errors.Is(err, ingest.ErrInvalidRecord) {
			jr.pending = append(jr.pending, pendingRecord{err: err})
			continue
		}

		if err != nil {
			return nil, err
		}

		names := make([]string, 0, len(obj.keys))
		for _, k := range obj.keys {
			names = append(names, k.name)
		}

		jr.kind = kindOf(names)

		rec, err := jr.convert(obj)
		jr.pending = append(jr.pending, pendingRecord{rec: rec, err: err})

		return jr, nil
	}
}

// pendingRecord is a result that next returns before reading on.
type pendingRecord struct {
	rec record
	err error
}

// rawObject is one decoded line with its keys in order.
type rawObject struct {
	pos  ingest.Position
	keys []rawField
}

type rawField struct {
	name  string
	value json.RawMessage
}

// nextObject returns the next non-empty line decoded as an object.
func (jr *jsonlReader) nextObject() (rawObject, error) {
	for jr.sc.Scan() {
		jr.line++

		line := jr.sc.Bytes()
		if jr.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}

		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}

		pos := ingest.Position{File: jr.path, Line: jr.line}

		keys, err := decodeObject(line)
		if err != nil {
			return rawObject{pos: pos}, ingest.Invalid(pos, "", "", "malformed JSON object: %v", err)
		}

		return rawObject{pos: pos, keys: keys}, nil
	}

	if err := jr.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return rawObject{}, fmt.Errorf("%w: %s:%d: line longer than %d bytes", ErrInvalidFile, jr.path, jr.line+1, maxLineBytes)
		}

		return rawObject{}, fmt.Errorf("read %s: %w", jr.path, err)
	}

	return rawObject{}, io.EOF
}

// decodeObject splits one JSON object into its keys and raw values,
// sorted by key so that errors name the same key on every run.
func decodeObject(line []byte) ([]rawField, error) {
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("the line is not an object")
	}

	var obj map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &obj); err != nil {
		return nil, err
	}

	out := make([]rawField, 0, len(obj))
	for k, v := range obj {
		out = append(out, rawField{name: k, value: v})
	}

	slices.SortFunc(out, func(a, b rawField) int { return strings.Compare(a.name, b.name) })

	return out, nil
}

// Kind returns what the file holds.
func (jr *jsonlReader) Kind() Kind { return jr.kind }

// next returns the next record, io.EOF at the end, an
// *ingest.RecordError for an invalid line, or another error that ends
// the file.
func (jr *jsonlReader) next() (record, error) {
	if len(jr.pending) > 0 {
		p := jr.pending[0]
		jr.pending = jr.pending[1:]

		return p.rec, p.err
	}

	obj, err := jr.nextObject()
	if err != nil {
		return record{}, err
	}

	return jr.convert(obj)
}

// convert checks the keys of obj and decodes each value to its column's type.
func (jr *jsonlReader) convert(obj rawObject) (record, error) {
	rec := record{pos: obj.pos, fields: make([]field, 0, len(obj.keys))}

	for _, k := range obj.keys {
		if err := checkColumn(jr.kind, k.name); err != nil {
			return record{}, ingest.Invalid(obj.pos, k.name, "", "%v", err)
		}

		v, err := decodeValue(jr.kind, k.name, k.value)
		if err != nil {
			return record{}, ingest.Invalid(obj.pos, k.name, "", "%v", err)
		}

		rec.fields = append(rec.fields, field{name: k.name, value: v})
	}

	return rec, nil
}

// decodeValue decodes a raw JSON value to the Go type of its column.
func decodeValue(kind Kind, name string, raw json.RawMessage) (any, error) {
	if string(raw) == "null" {
		return nil, nil
	}

	switch {
	case kind == Products && name == colAttributes:
		return decodeAttributes(raw)
	case kind == Products && name == colImageEmbedding:
		return decodeFloats(raw)
	case kind == Products && strings.HasPrefix(name, attrPrefix):
		return decodeStringOrList(raw)
	default:
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("%s, want a string", jsonType(raw))
		}

		return s, nil
	}
}

// attributeItem is one item of an attributes list.
type attributeItem struct {
	Kind  *string `json:"kind"`
	Value *string `json:"value"`
}

func incomplete(a attributeItem) bool { return a.Kind == nil || a.Value == nil }

// decodeAttributes decodes the whole list at once and, only when that
// fails, item by item to name the item at fault.
func decodeAttributes(raw json.RawMessage) ([]catalog.Attribute, error) {
	var fast []attributeItem

	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()

	if err := dec.Decode(&fast); err == nil && !slices.ContainsFunc(fast, incomplete) {
		out := make([]catalog.Attribute, len(fast))
		for i, a := range fast {
			out[i] = catalog.Attribute{Kind: *a.Kind, Value: *a.Value}
		}

		return out, nil
	}

	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%s, want a list of {\"kind\": ..., \"value\": ...} objects", jsonType(raw))
	}

	out := make([]catalog.Attribute, 0, len(items))
	for i, item := range items {
		dec := json.NewDecoder(bytes.NewReader(item))
		dec.DisallowUnknownFields()

		var a attributeItem
		if err := dec.Decode(&a); err != nil || incomplete(a) {
			return nil, fmt.Errorf("item %d is %s, want an object with the strings kind and value only", i+1, ingest.Quote(string(item)))
		}

		out = append(out, catalog.Attribute{Kind: *a.Kind, Value: *a.Value})
	}

	return out, nil
}

// decodeFloats decodes the whole list at once and, only when that fails,
// value by value to name the value at fault.
func decodeFloats(raw json.RawMessage) ([]float64, error) {
	var fast []float64
	if err := json.Unmarshal(raw, &fast); err == nil {
		return fast, nil
	}

	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("%s, want a list of numbers", jsonType(raw))
	}

	out := make([]float64, len(items))
	for i, item := range items {
		var x float64
		if err := json.Unmarshal(item, &x); err != nil {
			if jsonType(item) == "a number" {
				return nil, fmt.Errorf("value %d, %s, is not a finite number within the float64 range", i+1, item)
			}

			return nil, fmt.Errorf("value %d is %s, want a number", i+1, jsonType(item))
		}

		out[i] = x
	}

	return out, nil
}

func decodeStringOrList(raw json.RawMessage) ([]string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return []string{s}, nil
	}

	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("%s, want a string or a list of strings", jsonType(raw))
	}

	return slices.Clip(list), nil
}

// jsonType names the JSON type of a raw value, for error messages.
func jsonType(raw json.RawMessage) string {
	s := bytes.TrimSpace(raw)
	if len(s) == 0 {
		return "empty"
	}

	switch s[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	default:
		return "a number"
	}
}
