package retrieval

import (
	"encoding/json"
	"sync"
	"time"
)

// filterCache keeps recent filter results so that repeated filters skip
// the Cypher round trip. Entries expire after ttl, so edits made directly
// in Neo4j show up within that time; the engine's own writes clear it.
type filterCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	entries map[string]filterEntry
}

type filterEntry struct {
	set     *allowSet
	expires time.Time
}

// allowSet is the result of a filter: product ids, and a mask over graph
// indices built from them on first use. Product indices never change, so
// the mask stays valid; the engine clears the cache on every write.
type allowSet struct {
	ids  []string
	once sync.Once
	bits []bool
	list []int32 // the allowed indices in increasing order
}

func newAllowSet(ids []string) *allowSet { return &allowSet{ids: ids} }

// resolve returns the mask over st's product indices and the allowed
// indices in order; both are nil for a nil set.
func (a *allowSet) resolve(st *state) ([]bool, []int32) {
	if a == nil {
		return nil, nil
	}

	a.once.Do(func() {
		a.bits = make([]bool, len(st.loaded.Model.G.Products))
		for _, idx := range st.indices(a.ids) {
			a.bits[idx] = true
		}

		a.list = make([]int32, 0, len(a.ids))
		for i, ok := range a.bits {
			if ok {
				a.list = append(a.list, int32(i))
			}
		}
	})

	return a.bits, a.list
}

func newFilterCache(ttl time.Duration, max int) *filterCache {
	return &filterCache{ttl: ttl, max: max, entries: make(map[string]filterEntry)}
}

func filterKey(f Filter) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func (c *filterCache) get(key string, now time.Time) (*allowSet, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()

	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}

	return e.set, true
}

func (c *filterCache) put(key string, set *allowSet, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if len(c.entries) >= c.max {
		for k, e := range c.entries {
			if now.After(e.expires) || len(c.entries) >= c.max {
				delete(c.entries, k)
			}
		}
	}

	c.entries[key] = filterEntry{set: set, expires: now.Add(c.ttl)}
}

func (c *filterCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()

	clear(c.entries)
}
