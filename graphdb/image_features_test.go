package graphdb_test

import (
	"context"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/neo4jtest"
)

func TestImageFeaturesTable(t *testing.T) {
	c := neo4jtest.Open(t)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	if err := c.ApplySchema(ctx); err != nil {
		t.Fatal(err)
	}

	products := []catalog.Product{
		{ID: "a", Source: "test", ImageEmbedding: []float32{0.5, -1}, Memberships: []catalog.Membership{{Category: "dress", Split: "train"}}},
		{ID: "b", Source: "test", Memberships: []catalog.Membership{{Category: "dress", Split: "train"}}},
	}

	if _, err := c.Load(ctx, "test", products, nil, 0); err != nil {
		t.Fatal(err)
	}

	if !c.HasTable("image_features") {
		t.Fatal("the client does not serve the image_features table")
	}

	rr, err := c.OpenTable(ctx, "image_features")
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()

	var rows []string
	for rr.Next() {
		rec := rr.RecordBatch()
		ids, vectors := rec.Column(0).(*array.String), rec.Column(1).(*array.List)
		for i := range ids.Len() {
			rows = append(rows, ids.Value(i)+" "+vectors.ValueStr(i))
		}
	}

	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}

	if len(rows) != 1 || rows[0] != "a [0.5,-1]" {
		t.Errorf("image_features rows = %q, want [\"a [0.5,-1]\"]", rows)
	}
}
