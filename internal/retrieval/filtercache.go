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
	ids     []string
	expires time.Time
}

func newFilterCache(ttl time.Duration, max int) *filterCache {
	return &filterCache{ttl: ttl, max: max, entries: make(map[string]filterEntry)}
}

func filterKey(f Filter) string {
	b, _ := json.Marshal(f)
	return string(b)
}

func (c *filterCache) get(key string, now time.Time) ([]string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()

	e, ok := c.entries[key]
	if !ok || now.After(e.expires) {
		return nil, false
	}

	return e.ids, true
}

func (c *filterCache) put(key string, ids []string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()

	if len(c.entries) >= c.max {
		for k, e := range c.entries {
			if now.After(e.expires) || len(c.entries) >= c.max {
				delete(c.entries, k)
			}
		}
	}

	c.entries[key] = filterEntry{ids: ids, expires: now.Add(c.ttl)}
}

func (c *filterCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()

	clear(c.entries)
}
