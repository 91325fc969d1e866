// Package testcatalog generates small, deterministic catalogs for tests:
// products whose attributes follow a pattern that a model can learn, and
// modification queries that ask for one attribute change.
package testcatalog
