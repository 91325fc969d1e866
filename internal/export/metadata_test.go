package export

import (
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/tailorsearch/tailor/graphdb"
)

func TestAnnotate(t *testing.T) {
	edges, _ := Lookup("edges")
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.FixedZone("CEST", 2*3600))

	tests := []struct {
		name  string
		model Model
		want  map[string]string
	}{
		{"with model", Model{Version: 12, Dim: 64}, map[string]string{
			KeyTable: "edges", KeyTailorVersion: "v1.2.3", KeyModelVersion: "12", KeyExportedAt: "2026-05-06T05:08:09Z",
		}},
		{"without model", Model{}, map[string]string{
			KeyTable: "edges", KeyTailorVersion: "v1.2.3", KeyModelVersion: "", KeyExportedAt: "2026-05-06T05:08:09Z",
		}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			schema := annotate(edges, graphdb.EdgesTable.Schema, Stamp{TailorVersion: "v1.2.3", Model: tt.model, ExportedAt: at})

			for k, v := range tt.want {
				if got, ok := schema.Metadata().GetValue(k); !ok || got != v {
					t.Errorf("metadata %s = %q (present %v), want %q", k, got, ok, v)
				}
			}

			for i, f := range graphdb.EdgesTable.Schema.Fields() {
				got := schema.Field(i)
				if got.Name != f.Name || !arrow.TypeEqual(got.Type, f.Type) || got.Nullable != f.Nullable {
					t.Errorf("field %d is %s, want %s", i, got, f)
				}
			}
		})
	}
}

func TestAnnotateKeepsGraphSchema(t *testing.T) {
	products, _ := Lookup("products")
	before := graphdb.ProductDetailsTable.Schema.String()

	_ = annotate(products, graphdb.ProductDetailsTable.Schema, Stamp{ExportedAt: time.Now()})

	if after := graphdb.ProductDetailsTable.Schema.String(); after != before {
		t.Errorf("annotate changed the shared graph schema:\n before %s\n after  %s", before, after)
	}
}

func TestBuildVersion(t *testing.T) {
	v := BuildVersion()
	if v == "" || strings.ContainsAny(v, " \n") {
		t.Errorf("BuildVersion() = %q, want one word", v)
	}
}
