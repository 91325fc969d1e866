package catalogfile

import (
	"encoding/hex"
	"hash/fnv"
	"math"
	"net/url"
	"strings"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

// DefaultSplit is the split of products and queries whose file has no
// split column or leaves it empty.
const DefaultSplit = "all"

// record is one row of a file: its position and its column values.
type record struct {
	pos    ingest.Position
	fields []field
}

// field is one column value. The readers give each column its Go type:
// string for the scalar columns, []catalog.Attribute for attributes,
// []string for attr.KIND columns, []float64 for image_embedding, and
// nil for a null or empty value.
type field struct {
	name  string
	value any
}

// toProduct validates a product record and converts it.
func toProduct(rec record, dataset string) (ingest.Product, error) {
	p := ingest.Product{Pos: rec.pos}
	p.Source = dataset

	var category, split string
	var attrs []catalog.Attribute

	for _, f := range rec.fields {
		if f.value == nil {
			continue
		}

		var err error

		switch f.name {
		case colID:
			p.ID = strings.TrimSpace(f.value.(string))
		case colCategory:
			category = normalize(f.value.(string))
		case colTitle:
			p.Title = strings.TrimSpace(f.value.(string))
		case colImageURL:
			p.ImageURL, err = imageURL(rec.pos, f.value.(string))
		case colSplit:
			split = normalize(f.value.(string))
		case colAttributes:
			attrs, err = appendAttributes(rec.pos, attrs, f.value.([]catalog.Attribute))
		case colImageEmbedding:
			p.ImageEmbedding, err = embedding(rec.pos, f.value.([]float64))
		default:
			attrs, err = appendKindValues(rec.pos, attrs, f.name, f.value.([]string))
		}

		if err != nil {
			return ingest.Product{}, err
		}
	}

	if p.ID == "" {
		return ingest.Product{}, ingest.Invalid(rec.pos, colID, "", "missing: every product needs a non-empty id")
	}

	if category == "" {
		return ingest.Product{}, ingest.Invalid(rec.pos, colCategory, "", "missing: every product needs a category")
	}

	if split == "" {
		split = DefaultSplit
	}

	p.Memberships = []catalog.Membership{{Category: category, Split: split}}
	p.Attributes = catalog.SortAttributes(attrs)

	return p, nil
}

// toQuery validates a query record and converts it. A query without an
// id gets one from a hash of its candidate, target and text.
func toQuery(rec record, dataset string) (ingest.Query, error) {
	q := ingest.Query{Pos: rec.pos}
	q.Source = dataset

	var text string

	for _, f := range rec.fields {
		if f.value == nil {
			continue
		}

		s := f.value.(string)

		switch f.name {
		case colID:
			q.ID = strings.TrimSpace(s)
		case colCandidate:
			q.Candidate = strings.TrimSpace(s)
		case colTarget:
			q.Target = strings.TrimSpace(s)
		case colText:
			text = strings.TrimSpace(s)
		case colCategory:
			q.Category = normalize(s)
		case colSplit:
			q.Split = normalize(s)
		}
	}

	switch {
	case q.Candidate == "":
		return ingest.Query{}, ingest.Invalid(rec.pos, colCandidate, "", "missing: every query needs the id of its candidate product")
	case text == "":
		return ingest.Query{}, ingest.Invalid(rec.pos, colText, "", "missing: every query needs a modification text")
	}

	q.Captions = []string{text}

	if q.Split == "" {
		q.Split = DefaultSplit
	}

	if q.ID == "" {
		q.ID = QueryID(dataset, q.Candidate, q.Target, text)
	}

	return q, nil
}

// QueryID returns the id that a query without one gets: the dataset and
// a hash of the candidate, the target and the text.
func QueryID(dataset, candidate, target, text string) string {
	h := fnv.New64a()
	for _, s := range []string{candidate, target, text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}

	return dataset + "/" + hex.EncodeToString(h.Sum(nil))
}

func normalize(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// imageURL checks that s parses as a URL.
func imageURL(pos ingest.Position, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}

	if _, err := url.Parse(s); err != nil {
		return "", ingest.Invalid(pos, colImageURL, ingest.Quote(s), "not a valid URL: %v", err)
	}

	return s, nil
}

// appendAttributes appends attributes after normalizing them.
func appendAttributes(pos ingest.Position, out, attrs []catalog.Attribute) ([]catalog.Attribute, error) {
	for i, a := range attrs {
		kind, value := normalize(a.Kind), normalize(a.Value)
		if kind == "" || value == "" {
			return nil, ingest.Invalid(pos, colAttributes, ingest.Quote(a.Kind+"="+a.Value),
				"attribute %d needs a non-empty kind and value", i+1)
		}

		out = append(out, catalog.Attribute{Kind: kind, Value: value})
	}

	return out, nil
}

// appendKindValues appends the values of an attr.KIND column; empty
// values are ignored.
func appendKindValues(pos ingest.Position, out []catalog.Attribute, column string, values []string) ([]catalog.Attribute, error) {
	kind := normalize(strings.TrimPrefix(column, attrPrefix))
	if kind == "" {
		return nil, ingest.Invalid(pos, column, "", "attribute column names no kind; use attr.KIND")
	}

	for _, v := range values {
		if v = normalize(v); v != "" {
			out = append(out, catalog.Attribute{Kind: kind, Value: v})
		}
	}

	return out, nil
}

// embedding checks that every value is a finite number within the range
// of float32, and converts the vector.
func embedding(pos ingest.Position, v []float64) ([]float32, error) {
	if len(v) == 0 {
		return nil, nil
	}

	out := make([]float32, len(v))
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > math.MaxFloat32 {
			return nil, ingest.Invalid(pos, colImageEmbedding, "", "value %d is %v; every value must be a finite number within the float32 range", i+1, x)
		}

		out[i] = float32(x)
	}

	return out, nil
}
