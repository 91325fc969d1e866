package fashioniq

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
)

// fixtureDir copies testdata/fashioniq into a temporary folder, applies
// the given file contents (an empty content removes the file) and returns
// the folder that contains fashioniq/.
func fixtureDir(t *testing.T, changes map[string]string) string {
	t.Helper()

	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "fashioniq"), os.DirFS(filepath.Join("testdata", "fashioniq"))); err != nil {
		t.Fatal(err)
	}

	for rel, content := range changes {
		path := filepath.Join(dir, "fashioniq", filepath.FromSlash(rel))

		if content == "" {
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}

			continue
		}

		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	return dir
}

func loadFixture(t *testing.T, categories []string) *Dataset {
	t.Helper()

	d, err := Load(context.Background(), "testdata", categories, nil)
	if err != nil {
		t.Fatal(err)
	}

	return d
}

func productByID(t *testing.T, d *Dataset, id string) catalog.Product {
	t.Helper()

	for _, p := range d.Products {
		if p.ID == id {
			return p
		}
	}

	t.Fatalf("product %s not loaded", id)

	return catalog.Product{}
}

func TestLoadProducts(t *testing.T) {
	d := loadFixture(t, nil)

	var ids []string
	for _, p := range d.Products {
		ids = append(ids, p.ID)
	}

	want := "D1 D2 D3 D4 D5 D6 S1 S2 S3 S4 T1 T2 T3 T4 X1"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("product IDs = %s, want %s", got, want)
	}
}

func TestLoadProductFields(t *testing.T) {
	d := loadFixture(t, nil)

	tests := []struct {
		id   string
		want catalog.Product
	}{
		{"D1", catalog.Product{
			ID: "D1", Source: "fashioniq", ImageURL: "http://127.0.0.1/img/d1.jpg",
			Memberships: []catalog.Membership{{Category: "dress", Split: "train"}},
			Attributes: []catalog.Attribute{
				{Kind: "category", Value: "dress"}, {Kind: "category", Value: "maxi"},
				{Kind: "fabric", Value: "cotton"}, {Kind: "part", Value: "v-neck"},
				{Kind: "shape", Value: "a-line"}, {Kind: "style", Value: "summer"},
			},
		}},
		{"X1", catalog.Product{
			ID: "X1", Source: "fashioniq", ImageURL: "http://127.0.0.1/img/x1-dress.jpg",
			Memberships: []catalog.Membership{{Category: "dress", Split: "val"}, {Category: "shirt", Split: "train"}},
			Attributes: []catalog.Attribute{
				{Kind: "category", Value: "dress"}, {Kind: "category", Value: "shirt"},
				{Kind: "fabric", Value: "cotton"}, {Kind: "part", Value: "collar"},
				{Kind: "texture", Value: "striped"},
			},
		}},
		{"D3", catalog.Product{
			ID: "D3", Source: "fashioniq", ImageURL: "http://127.0.0.1/img/d3.jpg",
			Memberships: []catalog.Membership{{Category: "dress", Split: "train"}},
			Attributes:  []catalog.Attribute{},
		}},
		{"T4", catalog.Product{
			ID: "T4", Source: "fashioniq",
			Memberships: []catalog.Membership{{Category: "toptee", Split: "test"}},
			Attributes:  []catalog.Attribute{},
		}},
	}

	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			if got := productByID(t, d, tt.id); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("product = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestLoadQueries(t *testing.T) {
	d := loadFixture(t, nil)

	var ids []string
	for _, q := range d.Queries {
		ids = append(ids, q.ID)
	}

	wantIDs := []string{
		"fashioniq/dress/train/0", "fashioniq/dress/val/0", "fashioniq/dress/val/1", "fashioniq/dress/test/0",
		"fashioniq/shirt/train/0", "fashioniq/shirt/val/0", "fashioniq/toptee/val/0", "fashioniq/toptee/test/0",
	}
	if !reflect.DeepEqual(ids, wantIDs) {
		t.Errorf("query IDs = %v, want %v", ids, wantIDs)
	}

	wantFirst := catalog.Query{
		ID: "fashioniq/dress/train/0", Source: "fashioniq", Category: "dress", Split: "train",
		Candidate: "D1", Target: "D2", Captions: []string{"is red", "is longer"},
	}
	if !reflect.DeepEqual(d.Queries[0], wantFirst) {
		t.Errorf("first query = %+v, want %+v", d.Queries[0], wantFirst)
	}

	if got := d.Queries[2].Captions; !reflect.DeepEqual(got, []string{"is darker"}) {
		t.Errorf("captions of dress/val/1 = %q, want the empty caption dropped", got)
	}

	if got := d.Queries[3]; got.Target != "" || got.Candidate != "D6" {
		t.Errorf("test query = %+v, want candidate D6 and no target", got)
	}
}

func TestLoadGallery(t *testing.T) {
	d := loadFixture(t, nil)

	if got, want := d.Gallery("dress", "val"), []string{"D4", "D5", "X1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Gallery(dress, val) = %v, want %v", got, want)
	}

	if got := d.Gallery("dress", "nosuch"); got != nil {
		t.Errorf("Gallery(dress, nosuch) = %v, want nil", got)
	}

	g := d.Gallery("shirt", "val")
	g[0] = "changed"

	if d.Gallery("shirt", "val")[0] != "S2" {
		t.Error("changing a returned gallery changed the dataset")
	}
}

func TestLoadOneCategory(t *testing.T) {
	d := loadFixture(t, []string{"shirt"})

	if len(d.Products) != 5 {
		t.Errorf("loaded %d products, want the 5 shirt products", len(d.Products))
	}

	x1 := productByID(t, d, "X1")

	if want := []catalog.Membership{{Category: "shirt", Split: "train"}}; !reflect.DeepEqual(x1.Memberships, want) {
		t.Errorf("X1 memberships = %v, want %v", x1.Memberships, want)
	}

	if x1.ImageURL != "http://127.0.0.1/img/x1-shirt.jpg" {
		t.Errorf("X1 image URL = %s, want the shirt file's URL", x1.ImageURL)
	}

	if d.Gallery("dress", "val") != nil {
		t.Error("dress gallery is present although only shirt was loaded")
	}

	if len(d.Queries) != 2 {
		t.Errorf("loaded %d queries, want the 2 shirt queries", len(d.Queries))
	}
}

func TestLoadLogsSummary(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	if _, err := Load(context.Background(), "testdata", nil, logger); err != nil {
		t.Fatal(err)
	}

	out := buf.String()
	for _, want := range []string{
		"products=15",
		"queries=8",
		"image_url_conflicts=1",
		"products_without_image_url=1",
		"ignored conflicting image URL",
		"asin=X1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log does not contain %q:\n%s", want, out)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]string
		target  error
		wants   []string
	}{
		{
			name:    "missing captions file",
			changes: map[string]string{"captions/cap.toptee.test.json": ""},
			target:  ErrMissingData,
			wants:   []string{"cap.toptee.test.json not found", `tailor data fetch fashioniq`, "TAILOR_DATA_DIR"},
		},
		{
			name:    "missing image URL file",
			changes: map[string]string{"image_urls/asin2url.shirt.txt": ""},
			target:  ErrMissingData,
			wants:   []string{"asin2url.shirt.txt not found"},
		},
		{
			name:    "candidate in no split",
			changes: map[string]string{"captions/cap.dress.val.json": "[\n{\"candidate\": \"D4\", \"target\": \"D5\", \"captions\": [\"x\"]},\n{\"candidate\": \"Q9\", \"target\": \"D5\", \"captions\": [\"x\"]}\n]"},
			target:  ErrInvalidData,
			wants:   []string{"cap.dress.val.json:3", `field [1].candidate = "Q9"`, "in no image_splits file of category dress"},
		},
		{
			name:    "target in another category only",
			changes: map[string]string{"captions/cap.dress.train.json": `[{"candidate": "D1", "target": "S1", "captions": ["x"]}]`},
			target:  ErrInvalidData,
			wants:   []string{"cap.dress.train.json:1", `field [0].target = "S1"`, "category dress"},
		},
		{
			name:    "val triplet without target",
			changes: map[string]string{"captions/cap.shirt.val.json": "[\n\n{\"candidate\": \"S2\", \"captions\": [\"x\"]}]"},
			target:  ErrInvalidData,
			wants:   []string{"cap.shirt.val.json:3", "field [0].target", "val triplets need a target"},
		},
		{
			name:    "malformed attributes",
			changes: map[string]string{"attributes/asin2attr.toptee.val.json": "{\n\"T2\": [[], [], [], [], []]\n}"},
			target:  ErrInvalidData,
			wants:   []string{"asin2attr.toptee.val.json:2", "has 5 attribute lists"},
		},
		{
			name:    "URL line without tab",
			changes: map[string]string{"image_urls/asin2url.toptee.txt": "T1\thttp://127.0.0.1/t1.jpg\nT2 http://127.0.0.1/t2.jpg\n"},
			target:  ErrInvalidData,
			wants:   []string{"asin2url.toptee.txt:2", "missing tab"},
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixtureDir(t, tt.changes)

			_, err := Load(context.Background(), dir, nil, nil)
			if !errors.Is(err, tt.target) {
				t.Fatalf("error = %v, want one that wraps %v", err, tt.target)
			}

			for _, want := range tt.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}

			if !strings.Contains(err.Error(), dir) {
				t.Errorf("error %q does not name the file's path under %s", err, dir)
			}
		})
	}
}

func TestLoadMissingFolder(t *testing.T) {
	dir := t.TempDir()

	_, err := Load(context.Background(), dir, nil, nil)
	if !errors.Is(err, ErrMissingData) {
		t.Fatalf("error = %v, want ErrMissingData", err)
	}

	if !strings.Contains(err.Error(), filepath.Join(dir, "fashioniq")) {
		t.Errorf("error %q does not name the missing folder", err)
	}
}

func TestLoadUnknownCategory(t *testing.T) {
	_, err := Load(context.Background(), "testdata", []string{"shoes"}, nil)
	if !errors.Is(err, ErrUnknownCategory) {
		t.Fatalf("error = %v, want ErrUnknownCategory", err)
	}
}

func TestLoadCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := Load(ctx, "testdata", nil, nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}

func TestLoadIgnoresUnlistedAttributes(t *testing.T) {
	dir := fixtureDir(t, map[string]string{
		"attributes/asin2attr.dress.test.json": `{"Z9": [["dress"], [], [], [], [], []]}`,
	})

	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))

	d, err := Load(context.Background(), dir, nil, logger)
	if err != nil {
		t.Fatal(err)
	}

	if len(d.Products) != 15 {
		t.Errorf("loaded %d products, want 15 without Z9", len(d.Products))
	}

	if !strings.Contains(buf.String(), "ignored_attribute_entries=1") {
		t.Errorf("log does not count the ignored entry:\n%s", buf.String())
	}
}

func TestLoadEmptySplit(t *testing.T) {
	dir := fixtureDir(t, map[string]string{
		"image_splits/split.toptee.test.json": "[]",
		"captions/cap.toptee.test.json":       "[]",
	})

	d, err := Load(context.Background(), dir, []string{"toptee"}, nil)
	if err != nil {
		t.Fatal(err)
	}

	if g := d.Gallery("toptee", "test"); g == nil || len(g) != 0 {
		t.Errorf("Gallery(toptee, test) = %#v, want an empty, non-nil list", g)
	}
}
