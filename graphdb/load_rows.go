package graphdb

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash"
	"math"
	"slices"
	"strings"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// hashVersion changes when the stored form of a record changes, so that
// a load rewrites records that an older loader wrote.
const hashVersion = "tailor-load-v1"

// hashBytes is the length of a stored content hash. Two versions of one
// record collide with probability 2^-64, and the short string takes less
// space on each node.
const hashBytes = 8

// productRow is a validated product ready to write.
type productRow struct {
	id    string
	pos   ingest.Position
	hash  string
	edges int
	props map[string]any // the $rows entry of load_products and load_products_new
}

// checkProduct validates what every product needs, whatever its source.
// dim is the image embedding length of the load, 0 while unknown.
func checkProduct(p *ingest.Product, dim int) *ingest.RecordError {
	if strings.TrimSpace(p.ID) == "" {
		return ingest.Invalid(p.Pos, "id", "", "missing: every product needs a non-empty id")
	}

	if len(p.Memberships) == 0 {
		return ingest.Invalid(p.Pos, "category", "", "missing: every product needs a category")
	}

	for _, a := range p.Attributes {
		if a.Kind == "" || a.Value == "" {
			return ingest.Invalid(p.Pos, "attributes", ingest.Quote(a.Kind+"="+a.Value), "attribute kind and value must both be non-empty")
		}
	}

	if p.DetectionScore != nil && !finite(*p.DetectionScore) {
		return ingest.Invalid(p.Pos, "detection_score", "", "%v is not a finite number", *p.DetectionScore)
	}

	return checkEmbedding(p.Pos, p.ImageEmbedding, dim)
}

// checkEmbedding checks that every value is finite and that the length
// is dim, unless dim is 0.
func checkEmbedding(pos ingest.Position, v []float32, dim int) *ingest.RecordError {
	if v == nil {
		return nil
	}

	if len(v) == 0 {
		return ingest.Invalid(pos, "image_embedding", "", "empty vector; omit the field when the product has no embedding")
	}

	if dim > 0 && len(v) != dim {
		return ingest.Invalid(pos, "image_embedding", "", "has %d values, want %d like the other embeddings of this dataset", len(v), dim)
	}

	for i, x := range v {
		if !finite(float64(x)) {
			return ingest.Invalid(pos, "image_embedding", "", "value %d is %v; every value must be a finite number", i, x)
		}
	}

	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// newProductRow builds the statement parameters and content hash of p.
func newProductRow(dataset string, p ingest.Product) productRow {
	attrs := catalog.SortAttributes(slices.Clone(p.Attributes))
	galleries := productGalleries(dataset, p)

	h := sha256.New()
	writeStrings(h, hashVersion, dataset, p.ID, p.Source, p.Title, p.ImageURL, p.Caption)
	writeScore(h, p.DetectionScore)
	writeMemberships(h, p.Memberships)
	writeMemberships(h, p.Galleries)
	writeAttributes(h, attrs)
	writeFloats(h, p.ImageEmbedding)

	sum := hex.EncodeToString(h.Sum(nil)[:hashBytes])

	props := map[string]any{
		"id":              p.ID,
		"source":          p.Source,
		"title":           nullIfEmpty(p.Title),
		"image_url":       nullIfEmpty(p.ImageURL),
		"caption":         nullIfEmpty(p.Caption),
		"detection_score": scoreParam(p.DetectionScore),
		"image_embedding": floatsParam(p.ImageEmbedding),
		"categories":      p.Categories(),
		"splits":          p.Splits(),
		"galleries":       galleries,
		"attributes":      attributeParams(attrs),
		"hash":            sum,
	}

	return productRow{id: p.ID, pos: p.Pos, hash: sum, edges: len(attrs), props: props}
}

// productGalleries returns the gallery parameters of the product's
// memberships and extra galleries, without repeats.
func productGalleries(dataset string, p ingest.Product) []map[string]any {
	seen := map[string]bool{}

	var out []map[string]any
	for _, m := range append(slices.Clone(p.Memberships), p.Galleries...) {
		key := GalleryKey(dataset, m.Category, m.Split)
		if seen[key] {
			continue
		}

		seen[key] = true
		out = append(out, map[string]any{"key": key, "dataset": dataset, "category": m.Category, "split": m.Split})
	}

	return out
}

// queryRow is a validated query ready to check and write. Its category
// may be empty until the writer fills in the candidate's category.
type queryRow struct {
	id     string
	pos    ingest.Position
	hash   string // content hash of the record, before the category is resolved
	params map[string]any
	target string
}

// checkQuery validates what every query needs.
func checkQuery(q *ingest.Query) *ingest.RecordError {
	if strings.TrimSpace(q.ID) == "" {
		return ingest.Invalid(q.Pos, "id", "", "missing: every query needs a non-empty id")
	}

	if strings.TrimSpace(q.Candidate) == "" {
		return ingest.Invalid(q.Pos, "candidate", "", "missing: every query needs the id of its candidate product")
	}

	return nil
}

// newQueryRow builds the statement parameters and record hash of q, with
// mentions from q.Mentions or, when nil, from the matcher.
func newQueryRow(q ingest.Query, matcher *modtext.Matcher) queryRow {
	text := q.Text()

	found := q.Mentions
	if found == nil {
		m := matcher.Find(text)
		found = &m
	}

	mentions := make([]map[string]any, 0, len(found.Requested)+len(found.Removed))
	for _, a := range found.Requested {
		mentions = append(mentions, map[string]any{"kind": a.Kind, "value": a.Value, "negated": false})
	}

	for _, a := range found.Removed {
		mentions = append(mentions, map[string]any{"kind": a.Kind, "value": a.Value, "negated": true})
	}

	words := distinct(modtext.Tokenize(text))

	h := sha256.New()
	writeStrings(h, hashVersion, q.ID, q.Source, q.Category, q.Split, q.Candidate, q.Target, text)
	writeStrings(h, q.Captions...)
	writeAttributes(h, found.Requested)
	writeStrings(h, "removed")
	writeAttributes(h, found.Removed)

	params := map[string]any{
		"id": q.ID, "source": q.Source, "category": q.Category, "split": q.Split,
		"candidate": q.Candidate, "target": nullIfEmpty(q.Target), "captions": q.Captions,
		"text": text, "words": words, "mentions": mentions,
	}

	return queryRow{id: q.ID, pos: q.Pos, hash: hex.EncodeToString(h.Sum(nil)[:hashBytes]), params: params, target: q.Target}
}

// finalHash returns the stored content hash of a query: the record hash
// combined with the category that the write resolved.
func finalHash(recordHash, category string) string {
	sum := sha256.Sum256([]byte(recordHash + "\x00" + category))
	return hex.EncodeToString(sum[:hashBytes])
}

func writeStrings(h hash.Hash, ss ...string) {
	var n [8]byte
	for _, s := range ss {
		binary.LittleEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
}

func writeScore(h hash.Hash, s *float64) {
	if s == nil {
		writeStrings(h, "no score")
		return
	}

	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], math.Float64bits(*s))
	h.Write(b[:])
}

func writeMemberships(h hash.Hash, ms []catalog.Membership) {
	sorted := slices.Clone(ms)
	slices.SortFunc(sorted, func(a, b catalog.Membership) int {
		if c := strings.Compare(a.Category, b.Category); c != 0 {
			return c
		}

		return strings.Compare(a.Split, b.Split)
	})

	writeStrings(h, "memberships")
	for _, m := range slices.Compact(sorted) {
		writeStrings(h, m.Category, m.Split)
	}
}

func writeAttributes(h hash.Hash, attrs []catalog.Attribute) {
	writeStrings(h, "attributes")
	for _, a := range attrs {
		writeStrings(h, a.Kind, a.Value)
	}
}

func writeFloats(h hash.Hash, v []float32) {
	writeStrings(h, "floats")

	var b [4]byte
	for _, x := range v {
		binary.LittleEndian.PutUint32(b[:], math.Float32bits(x))
		h.Write(b[:])
	}
}

// attributeParams returns attributes as [kind, value] pairs, which take
// less memory than maps in a batch of many products.
func attributeParams(attrs []catalog.Attribute) [][]string {
	out := make([][]string, len(attrs))
	for i, a := range attrs {
		out[i] = []string{a.Kind, a.Value}
	}

	return out
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}

	return s
}

func scoreParam(s *float64) any {
	if s == nil {
		return nil
	}

	return *s
}

// floatsParam converts a vector to []float64, which the driver packs
// without reflection; nil stays nil so that the property is removed.
func floatsParam(v []float32) any {
	if v == nil {
		return nil
	}

	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}

	return out
}

func distinct(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := xs[:0:0]

	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}

	return out
}
