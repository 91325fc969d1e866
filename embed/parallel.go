package embed

import (
	"runtime"
	"sync"
)

// minParallelItems is the smallest loop that parallelFor splits; below it
// starting goroutines costs more than it saves.
const minParallelItems = 64

// parallelFor calls fn on consecutive ranges that cover [0, n), on up to
// workers goroutines, and returns when every call has returned. Callers
// write only to data owned by their range, so the result does not depend
// on the number of workers.
func parallelFor(n, workers int, fn func(lo, hi int)) {
	if workers <= 1 || n < minParallelItems {
		fn(0, n)
		return
	}

	workers = min(workers, n)
	size := (n + workers - 1) / workers

	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += size {
		hi := min(lo+size, n)

		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(lo, hi)
		}()
	}

	wg.Wait()
}

// workers returns the goroutines that the model's loops may use: Workers,
// or GOMAXPROCS when it is 0.
func (m *Model) workers() int {
	if m.Workers > 0 {
		return m.Workers
	}

	return runtime.GOMAXPROCS(0)
}
