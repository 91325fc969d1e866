package datafetch

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

var fullCommit = regexp.MustCompile(`^[0-9a-f]{40}$`)

func TestDatasetsAreWellFormed(t *testing.T) {
	tests := []struct {
		ds    Dataset
		files int
	}{
		{FashionIQ(), 9*3 + 3 + 1},
		{Fashion200K(), 1},
	}

	for _, tt := range tests {
		t.Run(tt.ds.Name, func(t *testing.T) {
			if len(tt.ds.Files) != tt.files {
				t.Errorf("%d files, want %d", len(tt.ds.Files), tt.files)
			}

			seen := map[string]bool{}
			for _, f := range tt.ds.Files {
				if !fullCommit.MatchString(f.Commit) {
					t.Errorf("%s: commit %q is not a full 40-hex hash", f.Dest, f.Commit)
				}

				if seen[f.Dest] {
					t.Errorf("destination %s listed twice", f.Dest)
				}

				seen[f.Dest] = true

				if !strings.HasPrefix(f.Dest, tt.ds.Name+"/") {
					t.Errorf("destination %s is outside the %s folder", f.Dest, tt.ds.Name)
				}

				if len(f.SHA256) != 64 {
					t.Errorf("%s has no expected SHA-256", f.Dest)
				}

				if strings.Count(f.Repo, "/") != 1 || f.Path == "" {
					t.Errorf("%s: repository %q or path %q is malformed", f.Dest, f.Repo, f.Path)
				}
			}
		})
	}
}

func TestFashionIQLayout(t *testing.T) {
	byDest := map[string]File{}
	for _, f := range FashionIQ().Files {
		byDest[f.Dest] = f
	}

	tests := []struct {
		dest, repo, path string
	}{
		{"fashioniq/captions/cap.dress.val.json", "XiaoxiaoGuo/fashion-iq", "captions/cap.dress.val.json"},
		{"fashioniq/image_splits/split.toptee.test.json", "XiaoxiaoGuo/fashion-iq", "image_splits/split.toptee.test.json"},
		{"fashioniq/attributes/asin2attr.shirt.train.json", "yanbeic/VAL", "datasets/fashion_iq/image_tag_dataset/tags/asin2attr.shirt.train.json"},
		{"fashioniq/image_urls/asin2url.dress.txt", "hongwang600/fashion-iq-metadata", "image_url/asin2url.dress.txt"},
		{"fashioniq/README.upstream.md", "XiaoxiaoGuo/fashion-iq", "README.md"},
	}

	for _, tt := range tests {
		f, ok := byDest[tt.dest]
		if !ok {
			t.Errorf("no file for %s", tt.dest)
			continue
		}

		if f.Repo != tt.repo || f.Path != tt.path {
			t.Errorf("%s comes from %s:%s, want %s:%s", tt.dest, f.Repo, f.Path, tt.repo, tt.path)
		}
	}
}

func TestLookup(t *testing.T) {
	for _, name := range Names() {
		ds, err := Lookup(name)
		if err != nil {
			t.Fatal(err)
		}

		if ds.Name != name {
			t.Errorf("Lookup(%s).Name = %s", name, ds.Name)
		}
	}

	_, err := Lookup("imagenet")
	if !errors.Is(err, ErrUnknownDataset) {
		t.Fatalf("error = %v, want ErrUnknownDataset", err)
	}

	if !strings.Contains(err.Error(), "fashion200k, fashioniq") {
		t.Errorf("error %q does not list the valid names", err)
	}
}
