package embed

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// TableSource opens a named table of the graph as Arrow record batches.
// graphdb.Client streams them from Neo4j; an Arrow IPC export serves too.
type TableSource interface {
	OpenTable(ctx context.Context, name string) (array.RecordReader, error)
}

// Table names that ReadCorpus opens, with the columns it reads.
const (
	TableProducts       = "products"        // id
	TableAttributeEdges = "attribute_edges" // product, kind, value
	TableQueries        = "queries"         // id, source, category, split, candidate, target, text, words
	TableGalleries      = "galleries"       // product, dataset, category, split
	TablePreferences    = "preferences"     // product, other

	// TableImageFeatures is optional: ReadCorpus reads it only from a
	// source that has it (see OptionalTables).
	TableImageFeatures = "image_features" // product, vector (list of float32 or float64)
)

// OptionalTables is implemented by table sources that can tell whether
// they serve a table. ReadCorpus skips an optional table that a source
// does not serve, and one of a source without this method.
type OptionalTables interface {
	HasTable(name string) bool
}

// QueryRecord is one modification query as read from the graph.
type QueryRecord struct {
	ID        string
	Source    string // the dataset the query came from
	Category  string
	Split     string
	Candidate string
	Target    string // empty when the split publishes no target
	Text      string
	Words     []string
}

// ProductInfo is the product data the graph stores besides its edges.
type ProductInfo struct {
	Source     string
	Categories []string
	ImageURL   string
}

// Corpus is everything the trainer and the evaluation read from the graph.
type Corpus struct {
	Builder   *Builder
	Products  map[string]ProductInfo
	Queries   []QueryRecord
	Galleries map[string][]string // "dataset/category/split" → product ids
}

// ReadCorpus reads products, attribute edges, preferences, queries and
// galleries from src into b. Pass a builder made by NewBuilder for
// training, or by NewBuilderFor to encode with trained parameters.
func ReadCorpus(ctx context.Context, src TableSource, b *Builder) (*Corpus, error) {
	c := &Corpus{Builder: b, Products: make(map[string]ProductInfo), Galleries: make(map[string][]string)}

	steps := []struct {
		table string
		read  func(arrow.RecordBatch) error
	}{
		{TableProducts, c.readProducts},
		{TableAttributeEdges, func(rec arrow.RecordBatch) error {
			p, k, v := column[*array.String](rec, "product"), column[*array.String](rec, "kind"), column[*array.String](rec, "value")
			for i := range p.Len() {
				// Rows without a kind are other edges of a sampled subgraph.
				if k.IsNull(i) {
					continue
				}

				b.Edge(p.Value(i), k.Value(i), v.Value(i))
			}

			return nil
		}},
		{TablePreferences, func(rec arrow.RecordBatch) error {
			p, o := column[*array.String](rec, "product"), column[*array.String](rec, "other")
			for i := range p.Len() {
				b.Preference(p.Value(i), o.Value(i))
			}

			return nil
		}},
		{TableQueries, c.readQueries},
		{TableGalleries, c.readGalleries},
	}

	for _, st := range steps {
		if err := readTable(ctx, src, st.table, st.read); err != nil {
			return nil, err
		}
	}

	if opt, ok := src.(OptionalTables); ok && opt.HasTable(TableImageFeatures) {
		if err := readTable(ctx, src, TableImageFeatures, c.readImageFeatures); err != nil {
			return nil, err
		}
	}

	return c, nil
}

// readImageFeatures sets the image features of the products the table
// names; products that are not in the graph are skipped.
func (c *Corpus) readImageFeatures(rec arrow.RecordBatch) error {
	ids, vectors := column[*array.String](rec, "product"), column[*array.List](rec, "vector")

	for i := range ids.Len() {
		p, ok := c.Builder.ProductIndex(ids.Value(i))
		if !ok {
			continue
		}

		lo, hi := vectors.ValueOffsets(i)
		x := make([]float32, hi-lo)

		switch values := vectors.ListValues().(type) {
		case *array.Float64:
			for j := range x {
				x[j] = float32(values.Value(int(lo) + j))
			}
		case *array.Float32:
			copy(x, values.Float32Values()[lo:hi])
		default:
			return fmt.Errorf("column vector is a list of %s; want a list of float32 or float64", values.DataType())
		}

		c.Builder.ImageFeatures(p, x)
	}

	return nil
}

func (c *Corpus) readProducts(rec arrow.RecordBatch) error {
	ids, source := column[*array.String](rec, "id"), column[*array.String](rec, "source")
	cats, url := column[*array.List](rec, "categories"), column[*array.String](rec, "image_url")
	catValues := cats.ListValues().(*array.String)

	for i := range ids.Len() {
		c.Builder.Product(ids.Value(i))

		info := ProductInfo{Source: source.Value(i), ImageURL: url.Value(i)}
		lo, hi := cats.ValueOffsets(i)
		for j := lo; j < hi; j++ {
			info.Categories = append(info.Categories, catValues.Value(int(j)))
		}

		c.Products[ids.Value(i)] = info
	}

	return nil
}

func (c *Corpus) readQueries(rec arrow.RecordBatch) error {
	id, cat, split := column[*array.String](rec, "id"), column[*array.String](rec, "category"), column[*array.String](rec, "split")
	cand, tgt := column[*array.String](rec, "candidate"), column[*array.String](rec, "target")
	source, text := column[*array.String](rec, "source"), column[*array.String](rec, "text")
	words := column[*array.List](rec, "words")
	values := words.ListValues().(*array.String)

	for i := range id.Len() {
		q := QueryRecord{
			ID: id.Value(i), Source: source.Value(i), Category: cat.Value(i), Split: split.Value(i),
			Candidate: cand.Value(i), Text: text.Value(i),
		}
		if tgt.IsValid(i) {
			q.Target = tgt.Value(i)
		}

		lo, hi := words.ValueOffsets(i)
		for j := lo; j < hi; j++ {
			q.Words = append(q.Words, values.Value(int(j)))
		}

		c.Queries = append(c.Queries, q)
	}

	return nil
}

func (c *Corpus) readGalleries(rec arrow.RecordBatch) error {
	p, d := column[*array.String](rec, "product"), column[*array.String](rec, "dataset")
	cat, split := column[*array.String](rec, "category"), column[*array.String](rec, "split")

	for i := range p.Len() {
		key := d.Value(i) + "/" + cat.Value(i) + "/" + split.Value(i)
		c.Galleries[key] = append(c.Galleries[key], p.Value(i))
	}

	return nil
}

// readTable passes each record batch of the named table to read.
func readTable(ctx context.Context, src TableSource, name string, read func(arrow.RecordBatch) error) (err error) {
	rr, err := src.OpenTable(ctx, name)
	if err != nil {
		return fmt.Errorf("open table %s: %w", name, err)
	}
	defer rr.Release()

	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("read table %s: %v", name, r)
		}
	}()

	for rr.Next() {
		if err := read(rr.RecordBatch()); err != nil {
			return fmt.Errorf("read table %s: %w", name, err)
		}
	}

	if err := rr.Err(); err != nil {
		return fmt.Errorf("read table %s: %w", name, err)
	}

	return nil
}

// column returns the named column as type T. It panics when the column is
// missing or of another type; readTable turns that into an error.
func column[T arrow.Array](rec arrow.RecordBatch, name string) T {
	idx := rec.Schema().FieldIndices(name)
	if len(idx) == 0 {
		panic(fmt.Sprintf("missing column %q", name))
	}

	col, ok := rec.Column(idx[0]).(T)
	if !ok {
		panic(fmt.Sprintf("column %q is %s, not the expected type", name, rec.Column(idx[0]).DataType()))
	}

	return col
}

// Triplets converts queries into index triplets. With grow, words outside
// the vocabulary join it (for training); without it they are dropped.
// Queries whose candidate or target is not a known product are skipped.
func (c *Corpus) Triplets(queries []QueryRecord, grow bool) []Triplet {
	out := make([]Triplet, 0, len(queries))

	for _, q := range queries {
		ci, ok1 := c.Builder.ProductIndex(q.Candidate)
		ti, ok2 := c.Builder.ProductIndex(q.Target)
		if !ok1 || !ok2 {
			continue
		}

		out = append(out, Triplet{Candidate: ci, Target: ti, Words: c.Builder.WordIndices(q.Words, grow)})
	}

	return out
}

// Gallery returns the product indices of a gallery key.
func (c *Corpus) Gallery(key string) []int32 {
	ids := c.Galleries[key]
	out := make([]int32, 0, len(ids))

	for _, id := range ids {
		if i, ok := c.Builder.ProductIndex(id); ok {
			out = append(out, i)
		}
	}

	return out
}
