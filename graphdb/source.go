package graphdb

import (
	"context"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// Tables lists the tables that OpenTable serves, by name.
var Tables = map[string]Table{
	ProductsTable.Name:       ProductsTable,
	AttributeEdgesTable.Name: AttributeEdgesTable,
	QueriesTable.Name:        QueriesTable,
	GalleriesTable.Name:      GalleriesTable,
	PreferencesTable.Name:    PreferencesTable,
	ImageFeaturesTable.Name:  ImageFeaturesTable,
}

// OpenTable streams the named table with default batch size and allocator.
func (c *Client) OpenTable(ctx context.Context, name string) (array.RecordReader, error) {
	t, ok := Tables[name]
	if !ok {
		return nil, fmt.Errorf("open table: %w: unknown table %q", ErrInvalid, name)
	}

	return c.StreamTable(ctx, t, nil, 0, nil)
}
