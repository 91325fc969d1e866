package fashioniq

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// Parsed file contents, tagged with the file and the category and split
// they came from.
type (
	splitFile struct {
		path, category, split string
		asins                 []string
	}

	attributeFile struct {
		path       string
		attributes map[string][]catalog.Attribute
	}

	imageURLFile struct {
		path      string
		urls      map[string]string
		conflicts []urlConflict
	}

	captionFile struct {
		path, category, split string
		captions              []Caption
	}
)

// datasetFiles contains every parsed file of one Load call, in the order of
// categories, then splits.
type datasetFiles struct {
	splits     []splitFile
	attributes []attributeFile
	imageURLs  []imageURLFile
	captions   []captionFile
}

// readDatasetFiles parses the files of the given categories under root
// concurrently, at most GOMAXPROCS files at a time.
func readDatasetFiles(ctx context.Context, root string, cats []string) (datasetFiles, error) {
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))

	var (
		files                                      datasetFiles
		splitErr, attributeErr, urlErr, captionErr error
		wg                                         sync.WaitGroup
	)

	wg.Go(func() { files.splits, splitErr = readFiles(ctx, root, splitJobs(cats), slots) })
	wg.Go(func() { files.attributes, attributeErr = readFiles(ctx, root, attributeJobs(cats), slots) })
	wg.Go(func() { files.imageURLs, urlErr = readFiles(ctx, root, imageURLJobs(cats), slots) })
	wg.Go(func() { files.captions, captionErr = readFiles(ctx, root, captionJobs(cats), slots) })
	wg.Wait()

	return files, cmp.Or(splitErr, attributeErr, urlErr, captionErr)
}

func splitJobs(cats []string) []fileJob[splitFile] {
	var jobs []fileJob[splitFile]

	for _, cat := range cats {
		for _, split := range Splits {
			jobs = append(jobs, fileJob[splitFile]{
				rel: filepath.Join("image_splits", fmt.Sprintf("split.%s.%s.json", cat, split)),
				parse: func(r io.Reader, name string) (splitFile, error) {
					asins, err := ReadSplit(r, name)
					return splitFile{path: name, category: cat, split: split, asins: asins}, err
				},
			})
		}
	}

	return jobs
}

func attributeJobs(cats []string) []fileJob[attributeFile] {
	var jobs []fileJob[attributeFile]

	for _, cat := range cats {
		for _, split := range Splits {
			jobs = append(jobs, fileJob[attributeFile]{
				rel: filepath.Join("attributes", fmt.Sprintf("asin2attr.%s.%s.json", cat, split)),
				parse: func(r io.Reader, name string) (attributeFile, error) {
					attrs, err := ReadAttributes(r, name)
					return attributeFile{path: name, attributes: attrs}, err
				},
			})
		}
	}

	return jobs
}

func imageURLJobs(cats []string) []fileJob[imageURLFile] {
	var jobs []fileJob[imageURLFile]

	for _, cat := range cats {
		jobs = append(jobs, fileJob[imageURLFile]{
			rel: filepath.Join("image_urls", fmt.Sprintf("asin2url.%s.txt", cat)),
			parse: func(r io.Reader, name string) (imageURLFile, error) {
				f := imageURLFile{path: name}

				var err error
				f.urls, err = readImageURLs(r, name, func(c urlConflict) { f.conflicts = append(f.conflicts, c) })

				return f, err
			},
		})
	}

	return jobs
}

func captionJobs(cats []string) []fileJob[captionFile] {
	var jobs []fileJob[captionFile]

	for _, cat := range cats {
		for _, split := range Splits {
			jobs = append(jobs, fileJob[captionFile]{
				rel: filepath.Join("captions", fmt.Sprintf("cap.%s.%s.json", cat, split)),
				parse: func(r io.Reader, name string) (captionFile, error) {
					caps, err := ReadCaptions(r, name)
					return captionFile{path: name, category: cat, split: split, captions: caps}, err
				},
			})
		}
	}

	return jobs
}
