package fashioniq

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// fileJob names one file under the dataset root and the reader that parses it.
type fileJob[T any] struct {
	rel   string
	parse func(r io.Reader, name string) (T, error)
}

// readFiles runs every job concurrently, with at most cap(slots) files
// open at once, and returns the values in the order of jobs. When jobs
// fail, the error of the first one in that order is returned, so that
// errors do not depend on scheduling.
func readFiles[T any](ctx context.Context, root string, jobs []fileJob[T], slots chan struct{}) ([]T, error) {
	out := make([]T, len(jobs))
	errs := make([]error, len(jobs))

	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()

			out[i], errs[i] = readFile(ctx, filepath.Join(root, job.rel), job.parse)
		})
	}

	wg.Wait()

	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}

	return out, nil
}

// readFile opens path and parses it, after checking ctx.
func readFile[T any](ctx context.Context, path string, parse func(io.Reader, string) (T, error)) (T, error) {
	var zero T

	if err := ctx.Err(); err != nil {
		return zero, fmt.Errorf("load fashioniq: %w", err)
	}

	f, err := os.Open(path)
	if err != nil {
		return zero, missingError(path, err)
	}
	defer f.Close()

	return parse(f, path)
}
