package fashioniq

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// Source is the catalog source name of FashionIQ products and queries.
const Source = "fashioniq"

// missingHint is the next step that ErrMissingData errors suggest.
const missingHint = `run "tailor data fetch fashioniq" to download it, or set TAILOR_DATA_DIR to the folder that contains fashioniq/`

// Dataset is FashionIQ read into catalog records.
type Dataset struct {
	Products []catalog.Product // sorted by ID
	Queries  []catalog.Query   // by category, then split, then index in the captions file

	galleries map[string][]string // "category/split" to ASINs in file order
}

// Gallery returns the ASINs of one category's split in the order of its
// image split file, or nil when that split was not loaded. The val
// gallery of a category is the standard retrieval gallery.
func (d *Dataset) Gallery(category, split string) []string {
	return slices.Clone(d.galleries[galleryKey(category, split)])
}

func galleryKey(category, split string) string { return category + "/" + split }

// Load reads the FashionIQ files of the given categories from
// dir/fashioniq. An empty categories list loads all of them, and
// categories are read in the order of Categories.
//
// Products are the ASINs of the image split files. Their attributes are
// the union over the asin2attr files of the loaded categories, and their
// image URL comes from the first asin2url file that lists them. A caption
// whose candidate or target is in no split file of its category is an
// error, and so is a train or val caption without a target. Files are
// parsed concurrently, at most GOMAXPROCS at a time.
func Load(ctx context.Context, dir string, categories []string, logger *slog.Logger) (*Dataset, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}

	cats, err := selectCategories(categories)
	if err != nil {
		return nil, err
	}

	root := filepath.Join(dir, "fashioniq")
	if _, err := os.Stat(root); err != nil {
		return nil, missingError(root, err)
	}

	start := time.Now()

	files, err := readDatasetFiles(ctx, root, cats)
	if err != nil {
		return nil, err
	}

	b := newBuilder(logger)
	b.addSplits(files.splits)
	b.addAttributes(files.attributes)
	b.addImageURLs(files.imageURLs)

	if err := b.addCaptions(files.captions); err != nil {
		return nil, err
	}

	d := b.dataset()
	b.logSummary(root, cats, d, time.Since(start))

	return d, nil
}

// missingError wraps ErrMissingData for path, or returns other errors wrapped.
func missingError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s not found; %s", ErrMissingData, path, missingHint)
	}

	return fmt.Errorf("open fashioniq data: %w", err)
}

// builder merges parsed files into a Dataset.
type builder struct {
	logger *slog.Logger

	products   map[string]*catalog.Product
	galleries  map[string][]string
	byCategory map[string]map[string]bool // category to the ASINs of all its splits
	queries    []catalog.Query

	urlConflicts        int
	ignoredAttributeIDs int
}

func newBuilder(logger *slog.Logger) *builder {
	return &builder{
		logger:     logger,
		products:   map[string]*catalog.Product{},
		galleries:  map[string][]string{},
		byCategory: map[string]map[string]bool{},
	}
}

// addSplits creates the products and galleries of the split files.
func (b *builder) addSplits(files []splitFile) {
	for _, f := range files {
		b.galleries[galleryKey(f.category, f.split)] = f.asins

		members := b.byCategory[f.category]
		if members == nil {
			members = map[string]bool{}
			b.byCategory[f.category] = members
		}

		for _, asin := range f.asins {
			members[asin] = true
			b.addMembership(asin, catalog.Membership{Category: f.category, Split: f.split})
		}
	}
}

// addMembership records that asin is in one category's split.
func (b *builder) addMembership(asin string, m catalog.Membership) {
	p, ok := b.products[asin]
	if !ok {
		p = &catalog.Product{ID: asin, Source: Source}
		b.products[asin] = p
	}

	p.Memberships = append(p.Memberships, m)
}

// addAttributes adds attributes to the products that the files list.
// Entries for ASINs that no split file lists are counted and ignored.
func (b *builder) addAttributes(files []attributeFile) {
	for _, f := range files {
		for asin, attrs := range f.attributes {
			p, ok := b.products[asin]
			if !ok {
				b.ignoredAttributeIDs++
				b.logger.Debug("ignored attributes of an ASIN that no split file lists", "path", f.path, "asin", asin)

				continue
			}

			p.Attributes = append(p.Attributes, attrs...)
		}
	}
}

// addImageURLs sets each product's image URL to the first one listed.
// Conflicting URLs are counted and logged at debug level.
func (b *builder) addImageURLs(files []imageURLFile) {
	for _, f := range files {
		for _, c := range f.conflicts {
			b.logURLConflict(f.path, c)
		}

		for asin, link := range f.urls {
			p, ok := b.products[asin]
			if !ok {
				continue
			}

			switch {
			case p.ImageURL == "":
				p.ImageURL = link
			case p.ImageURL != link:
				b.logURLConflict(f.path, urlConflict{ASIN: asin, FirstURL: p.ImageURL, IgnoredURL: link})
			}
		}
	}
}

func (b *builder) logURLConflict(path string, c urlConflict) {
	b.urlConflicts++
	b.logger.Debug("ignored conflicting image URL", "path", path, "line", c.Line, "asin", c.ASIN, "kept", c.FirstURL, "ignored", c.IgnoredURL)
}

// addCaptions turns captions into queries after checking their ASINs.
func (b *builder) addCaptions(files []captionFile) error {
	for _, f := range files {
		for i, c := range f.captions {
			if err := b.checkCaptionASINs(f, i, c); err != nil {
				return err
			}

			b.queries = append(b.queries, catalog.Query{
				ID:        fmt.Sprintf("%s/%s/%s/%d", Source, f.category, f.split, i),
				Source:    Source,
				Category:  f.category,
				Split:     f.split,
				Candidate: c.Candidate,
				Target:    c.Target,
				Captions:  c.Captions,
			})
		}
	}

	return nil
}

// checkCaptionASINs checks that a caption's products are in the split
// files of its category and that train and val captions have a target.
func (b *builder) checkCaptionASINs(f captionFile, index int, c Caption) error {
	field := fmt.Sprintf("[%d]", index)
	members := b.byCategory[f.category]
	unlisted := "ASIN is in no image_splits file of category " + f.category

	if !members[c.Candidate] {
		return &DataError{File: f.path, Line: c.Line, Field: field + ".candidate", Value: quoteValue(c.Candidate), Reason: unlisted}
	}

	if c.Target == "" && f.split != testSplit {
		return &DataError{File: f.path, Line: c.Line, Field: field + ".target", Reason: "missing: " + f.split + " triplets need a target ASIN"}
	}

	if c.Target != "" && !members[c.Target] {
		return &DataError{File: f.path, Line: c.Line, Field: field + ".target", Value: quoteValue(c.Target), Reason: unlisted}
	}

	return nil
}

// dataset returns the products sorted by ID, each with sorted attributes.
func (b *builder) dataset() *Dataset {
	products := make([]catalog.Product, 0, len(b.products))

	for _, p := range b.products {
		p.Attributes = catalog.SortAttributes(p.Attributes)
		if p.Attributes == nil {
			p.Attributes = []catalog.Attribute{}
		}

		products = append(products, *p)
	}

	slices.SortFunc(products, func(x, y catalog.Product) int { return strings.Compare(x.ID, y.ID) })

	return &Dataset{Products: products, Queries: b.queries, galleries: b.galleries}
}

// logSummary logs what Load read, with the counts of data it skipped.
func (b *builder) logSummary(root string, cats []string, d *Dataset, elapsed time.Duration) {
	withoutURL := 0
	for _, p := range d.Products {
		if p.ImageURL == "" {
			withoutURL++
		}
	}

	b.logger.Info("loaded fashioniq",
		"dir", root,
		"categories", strings.Join(cats, ","),
		"products", len(d.Products),
		"queries", len(d.Queries),
		"image_url_conflicts", b.urlConflicts,
		"products_without_image_url", withoutURL,
		"ignored_attribute_entries", b.ignoredAttributeIDs,
		"seconds", elapsed.Seconds(),
	)
}
