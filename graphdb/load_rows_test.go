package graphdb

import (
	"math"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

func sampleProduct() ingest.Product {
	score := 0.5

	return ingest.Product{
		Product: catalog.Product{
			ID: "p1", Source: "shop", Title: "Slip dress", ImageURL: "http://127.0.0.1:1/p1.jpg",
			Memberships:    []catalog.Membership{{Category: "dress", Split: "train"}, {Category: "top", Split: "train"}},
			Attributes:     []catalog.Attribute{{Kind: "color", Value: "black"}, {Kind: "material", Value: "silk"}},
			ImageEmbedding: []float32{0.5, 1},
		},
		Caption:        "black silk slip dress",
		DetectionScore: &score,
		Galleries:      []catalog.Membership{{Category: "all", Split: "train"}},
	}
}

func TestProductHashIgnoresOrder(t *testing.T) {
	a := sampleProduct()
	b := sampleProduct()
	b.Attributes = []catalog.Attribute{b.Attributes[1], b.Attributes[0]}
	b.Memberships = []catalog.Membership{b.Memberships[1], b.Memberships[0]}
	b.Pos = ingest.Position{File: "other", Line: 9}

	if ha, hb := newProductRow("shop", a).hash, newProductRow("shop", b).hash; ha != hb {
		t.Errorf("reordered attributes and memberships changed the hash: %s, %s", ha, hb)
	}
}

func TestProductHashSeesEveryField(t *testing.T) {
	base := newProductRow("shop", sampleProduct()).hash
	other := 0.25

	changes := map[string]func(p *ingest.Product){
		"title":     func(p *ingest.Product) { p.Title = "Dress" },
		"image url": func(p *ingest.Product) { p.ImageURL = "" },
		"caption":   func(p *ingest.Product) { p.Caption = "black dress" },
		"score":     func(p *ingest.Product) { p.DetectionScore = &other },
		"no score":  func(p *ingest.Product) { p.DetectionScore = nil },
		"split":     func(p *ingest.Product) { p.Memberships[0].Split = "test" },
		"gallery":   func(p *ingest.Product) { p.Galleries = nil },
		"attribute": func(p *ingest.Product) { p.Attributes[0].Value = "red" },
		"embedding": func(p *ingest.Product) { p.ImageEmbedding[1] = 1.5 },
		"source":    func(p *ingest.Product) { p.Source = "other" },
	}

	for name, change := range changes {
		p := sampleProduct()
		change(&p)

		if newProductRow("shop", p).hash == base {
			t.Errorf("changing the %s kept the hash", name)
		}
	}

	if newProductRow("other", sampleProduct()).hash == base {
		t.Error("another dataset kept the hash")
	}
}

func TestProductRowGalleries(t *testing.T) {
	row := newProductRow("shop", sampleProduct())

	galleries := row.props["galleries"].([]map[string]any)
	want := []string{"shop/dress/train", "shop/top/train", "shop/all/train"}

	if len(galleries) != len(want) {
		t.Fatalf("galleries = %v, want keys %v", galleries, want)
	}

	for i, g := range galleries {
		if g["key"] != want[i] {
			t.Errorf("gallery %d key = %v, want %s", i, g["key"], want[i])
		}
	}

	if cats := row.props["categories"].([]string); len(cats) != 2 {
		t.Errorf("categories = %v; the extra gallery must not add one", cats)
	}
}

func TestCheckProduct(t *testing.T) {
	nan := math.NaN()

	tests := []struct {
		name   string
		change func(p *ingest.Product)
		dim    int
		field  string // empty: valid
	}{
		{"valid", func(*ingest.Product) {}, 2, ""},
		{"no id", func(p *ingest.Product) { p.ID = " " }, 0, "id"},
		{"no category", func(p *ingest.Product) { p.Memberships = nil }, 0, "category"},
		{"empty attribute", func(p *ingest.Product) { p.Attributes[0].Value = "" }, 0, "attributes"},
		{"NaN score", func(p *ingest.Product) { p.DetectionScore = &nan }, 0, "detection_score"},
		{"wrong length", func(*ingest.Product) {}, 3, "image_embedding"},
		{"infinite value", func(p *ingest.Product) { p.ImageEmbedding[0] = float32(math.Inf(1)) }, 0, "image_embedding"},
		{"empty vector", func(p *ingest.Product) { p.ImageEmbedding = []float32{} }, 0, "image_embedding"},
	}

	for _, tc := range tests {
		p := sampleProduct()
		tc.change(&p)

		err := checkProduct(&p, tc.dim)

		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.field != "" && (err == nil || err.Field != tc.field):
			t.Errorf("%s: error %v, want one for field %s", tc.name, err, tc.field)
		}
	}
}

func TestRunID(t *testing.T) {
	a, _ := runID("shop", "key")
	b, _ := runID("shop", "key")
	c, _ := runID("other", "key")

	if a != b || a == c {
		t.Errorf("run ids %s, %s, %s: want equal ids for equal keys and another for another dataset", a, b, c)
	}

	r1, _ := runID("shop", "")
	r2, _ := runID("shop", "")

	if r1 == r2 {
		t.Error("two loads without a run key got the same run id")
	}
}
