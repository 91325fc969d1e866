package fashioniq

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// realDataDir returns TAILOR_DATA_DIR. The test is skipped when it is
// unset and fails when it is set but contains no fashioniq folder.
func realDataDir(t testing.TB) string {
	t.Helper()

	dir := os.Getenv("TAILOR_DATA_DIR")
	if dir == "" {
		t.Skip("TAILOR_DATA_DIR is not set; set it to the folder that contains fashioniq/ to run tests on the real data")
	}

	if _, err := os.Stat(filepath.Join(dir, "fashioniq")); err != nil {
		t.Fatalf("TAILOR_DATA_DIR is set but unusable: %v", err)
	}

	return dir
}

var (
	realOnce    sync.Once
	realDataset *Dataset
	realErr     error
)

// loadReal loads every category of the real data once per test binary.
func loadReal(t *testing.T) *Dataset {
	t.Helper()

	dir := realDataDir(t)

	realOnce.Do(func() { realDataset, realErr = Load(context.Background(), dir, nil, nil) })
	if realErr != nil {
		t.Fatal(realErr)
	}

	return realDataset
}

func TestRealQueryCounts(t *testing.T) {
	d := loadReal(t)

	counts := map[string]int{}
	for _, q := range d.Queries {
		counts[q.Category+"/"+q.Split]++
	}

	want := map[string]int{
		"dress/train": 5985, "dress/val": 2017, "dress/test": 2024,
		"shirt/train": 5988, "shirt/val": 2038, "shirt/test": 2038,
		"toptee/train": 6027, "toptee/val": 1961, "toptee/test": 2056,
	}
	if !reflect.DeepEqual(counts, want) {
		t.Errorf("triplet counts = %v, want %v", counts, want)
	}
}

func TestRealGallerySizes(t *testing.T) {
	d := loadReal(t)

	want := map[string]int{
		"dress/train": 11452, "dress/val": 3817, "dress/test": 3818,
		"shirt/train": 19036, "shirt/val": 6346, "shirt/test": 6346,
		"toptee/train": 16121, "toptee/val": 5373, "toptee/test": 5374,
	}

	for _, cat := range Categories {
		for _, split := range Splits {
			key := cat + "/" + split
			if got := len(d.Gallery(cat, split)); got != want[key] {
				t.Errorf("gallery %s has %d ASINs, want %d", key, got, want[key])
			}
		}
	}
}

func TestRealProducts(t *testing.T) {
	d := loadReal(t)

	if len(d.Products) != 74381 {
		t.Errorf("%d distinct ASINs, want 74381", len(d.Products))
	}

	multi, crossSplit, tagged, pairs, withoutURL := 0, 0, 0, 0, 0
	for _, p := range d.Products {
		if len(p.Memberships) > 1 {
			multi++
		}

		if len(p.Splits()) > 1 {
			crossSplit++
		}

		if len(p.Attributes) > 0 {
			tagged++
		}

		if p.ImageURL == "" {
			withoutURL++
		}

		pairs += len(p.Attributes)
	}

	checks := []struct {
		name      string
		got, want int
	}{
		{"products in two categories", multi, 3302},
		{"products in two different splits", crossSplit, 1880},
		{"products with attributes", tagged, 48062},
		{"attribute pairs", pairs, 326999},
		{"products without image URL", withoutURL, 0},
	}

	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}

	if !slices.IsSortedFunc(d.Products, func(a, b catalog.Product) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("products are not sorted by ID")
	}
}

func TestRealSampleRecords(t *testing.T) {
	d := loadReal(t)

	wantProduct := catalog.Product{
		ID: "B0001W1KSI", Source: "fashioniq",
		ImageURL:    "http://ecx.images-amazon.com/images/I/51yzGMV%2BacL._SX342_.jpg",
		Memberships: []catalog.Membership{{Category: "shirt", Split: "test"}, {Category: "toptee", Split: "val"}},
		Attributes:  []catalog.Attribute{{Kind: "fabric", Value: "dye"}, {Kind: "texture", Value: "heart"}},
	}
	if got := productByID(t, d, "B0001W1KSI"); !reflect.DeepEqual(got, wantProduct) {
		t.Errorf("B0001W1KSI = %+v, want %+v", got, wantProduct)
	}

	byID := map[string]catalog.Query{}
	for _, q := range d.Queries {
		byID[q.ID] = q
	}

	wantQueries := []catalog.Query{
		{
			ID: "fashioniq/dress/val/0", Source: "fashioniq", Category: "dress", Split: "val",
			Candidate: "B005X4PL1G", Target: "B0084Y8XIU",
			Captions: []string{"is shiny and silver with shorter sleeves", "fit and flare"},
		},
		{
			ID: "fashioniq/toptee/test/2055", Source: "fashioniq", Category: "toptee", Split: "test",
			Candidate: "B00A6V2ZDS",
			Captions:  []string{"The shirt is black with white orange and gray coloring.", "is black colored with a different graphic"},
		},
	}

	for _, want := range wantQueries {
		if got := byID[want.ID]; !reflect.DeepEqual(got, want) {
			t.Errorf("query %s = %+v, want %+v", want.ID, got, want)
		}
	}

	if got := d.Gallery("dress", "val")[:3]; !reflect.DeepEqual(got, []string{"B009PMCJLW", "B0084Y8XIU", "B007HNF4QI"}) {
		t.Errorf("first dress val ASINs = %v", got)
	}
}

func TestRealOneCategory(t *testing.T) {
	dir := realDataDir(t)

	d, err := Load(context.Background(), dir, []string{"dress"}, nil)
	if err != nil {
		t.Fatal(err)
	}

	if len(d.Products) != 19087 {
		t.Errorf("dress has %d distinct ASINs, want 19087", len(d.Products))
	}

	if len(d.Queries) != 5985+2017+2024 {
		t.Errorf("dress has %d triplets, want %d", len(d.Queries), 5985+2017+2024)
	}
}

// BenchmarkLoad loads all three categories of the real data.
func BenchmarkLoad(b *testing.B) {
	dir := realDataDir(b)
	products := 0

	for b.Loop() {
		d, err := Load(context.Background(), dir, nil, nil)
		if err != nil {
			b.Fatal(err)
		}

		products += len(d.Products)
	}

	b.ReportMetric(float64(products)/b.Elapsed().Seconds(), "products/s")
}
