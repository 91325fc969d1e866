package fashion200k

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"log/slog"
	"slices"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
	"github.com/tailorsearch/tailor/internal/modtext"
)

// gallerySplit is the split whose products are the retrieval gallery and
// get attributes hidden.
const gallerySplit = "test"

// Options configures Open.
type Options struct {
	Mode Mode  // attribute mode; empty means Words
	Hide Hider // hides attributes of test products

	// QuerySplits are the splits to generate queries for; nil means test.
	QuerySplits []string
}

// Stream reads Fashion200K files as an ingest.Stream: the products of
// every file in order, then the generated queries of each query split.
type Stream struct {
	files  []string
	opts   Options
	logger *slog.Logger

	cur     *fileReader
	next    int
	indexes map[string]*PairIndex

	queries    func() (ingest.Query, bool)
	stopPairs  func()
	queryCount int
}

// Open checks opts and returns a stream over files, which are label
// files or JSON Lines subsets in any mix.
func Open(files []string, opts Options, logger *slog.Logger) (*Stream, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("%w: no input files", ErrInvalidFile)
	}

	if opts.Mode == "" {
		opts.Mode = Words
	}

	if _, err := ParseMode(string(opts.Mode)); err != nil {
		return nil, err
	}

	if err := opts.Hide.Check(); err != nil {
		return nil, err
	}

	if opts.QuerySplits == nil {
		opts.QuerySplits = []string{gallerySplit}
	}

	s := &Stream{files: files, opts: opts, logger: logger, indexes: map[string]*PairIndex{}}

	for _, split := range opts.QuerySplits {
		if !validSplit(split) {
			return nil, fmt.Errorf("unknown query split %q; use train or test", split)
		}

		s.indexes[split] = NewPairIndex()
	}

	return s, nil
}

// NextProduct returns the next product of the files.
func (s *Stream) NextProduct(ctx context.Context) (ingest.Product, error) {
	it, err := s.nextItem(ctx)
	if err != nil {
		return ingest.Product{}, err
	}

	words := it.Words()
	attrs := s.opts.Mode.Attributes(words)

	if it.Split == gallerySplit {
		attrs = s.opts.Hide.Keep(it.Image, attrs)
	}

	if x := s.indexes[it.Split]; x != nil {
		x.Add(it.Image, words)
	}

	return ingest.Product{
		Product: catalog.Product{
			ID:          it.Image,
			Source:      Source,
			Title:       it.Caption,
			ImageURL:    it.ImageURL,
			Memberships: []catalog.Membership{{Category: it.Category, Split: it.Split}},
			Attributes:  attrs,
		},
		Pos:            it.Pos,
		Caption:        it.Caption,
		DetectionScore: it.DetectionScore,
		Galleries:      []catalog.Membership{{Category: AllCategories, Split: it.Split}},
	}, nil
}

// nextItem returns the next item of the current file, opening the next
// file at the end of one.
func (s *Stream) nextItem(ctx context.Context) (Item, error) {
	for {
		if err := ctx.Err(); err != nil {
			return Item{}, err
		}

		if s.cur == nil {
			if s.next >= len(s.files) {
				return Item{}, io.EOF
			}

			r, err := openFile(s.files[s.next])
			if err != nil {
				return Item{}, err
			}

			s.cur = r
			s.next++
		}

		it, err := s.cur.next()
		if !errors.Is(err, io.EOF) {
			return it, err
		}

		if err := s.cur.close(); err != nil {
			return Item{}, fmt.Errorf("close %s: %w", s.cur.path, err)
		}

		s.cur = nil
	}
}

// NextQuery returns the next generated query.
func (s *Stream) NextQuery(ctx context.Context) (ingest.Query, error) {
	if err := ctx.Err(); err != nil {
		return ingest.Query{}, err
	}

	if s.queries == nil {
		s.queries, s.stopPairs = iter.Pull(s.allQueries())
	}

	q, ok := s.queries()
	if !ok {
		return ingest.Query{}, io.EOF
	}

	return q, nil
}

// allQueries yields the queries of every query split in the order of
// Options.QuerySplits.
func (s *Stream) allQueries() iter.Seq[ingest.Query] {
	return func(yield func(ingest.Query) bool) {
		for _, split := range s.opts.QuerySplits {
			x := s.indexes[split]
			n := 0

			x.Pairs(func(p Pair) bool {
				n++
				s.queryCount++

				return yield(s.query(split, x, p, n))
			})

			s.logger.Debug("generated fashion200k queries", "split", split, "products", x.Len(), "queries", n)
		}
	}
}

// query builds the query of pair p, with the attribute it removes and
// the one it adds as mentions.
func (s *Stream) query(split string, x *PairIndex, p Pair, n int) ingest.Query {
	cand, target := x.ID(p.Candidate), x.ID(p.Target)
	removed, added := s.opts.Mode.changed(x.Words(p.Candidate), p.Position, p.To)

	return ingest.Query{
		Query: catalog.Query{
			ID:        QueryID(split, cand, target),
			Source:    Source,
			Category:  AllCategories,
			Split:     split,
			Candidate: cand,
			Target:    target,
			Captions:  []string{QueryText(p.From, p.To)},
		},
		Pos: ingest.Position{File: "generated " + split + " queries", Row: n},
		Mentions: &modtext.Mentions{
			Requested: []catalog.Attribute{added},
			Removed:   []catalog.Attribute{removed},
		},
	}
}

// QueryID returns the id of the query from candidate to target: the
// source, the split and a hash of the two product ids.
func QueryID(split, candidate, target string) string {
	h := fnv.New64a()
	h.Write([]byte(candidate))
	h.Write([]byte{0})
	h.Write([]byte(target))

	return Source + "/" + split + "/" + hex.EncodeToString(h.Sum(nil))
}

// Settings returns the Dataset marker properties that record how the
// attributes were made.
func (s *Stream) Settings() map[string]any {
	return map[string]any{
		"attribute_mode":  string(s.opts.Mode),
		"hide_attributes": s.opts.Hide.Fraction,
		"hide_seed":       int64(s.opts.Hide.Seed),
		"query_splits":    slices.Clone(s.opts.QuerySplits),
	}
}

// Close closes the open file and stops the query generator.
func (s *Stream) Close() error {
	if s.stopPairs != nil {
		s.stopPairs()
	}

	if s.cur != nil {
		err := s.cur.close()
		s.cur = nil

		return err
	}

	return nil
}
