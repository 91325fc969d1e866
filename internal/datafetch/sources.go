package datafetch

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrUnknownDataset marks a dataset name that Lookup does not know.
var ErrUnknownDataset = errors.New("unknown dataset")

// File is one file of a dataset: where it comes from and where it goes.
type File struct {
	Repo   string // GitHub repository, "owner/name"
	Commit string // full 40-hex commit
	Path   string // slash-separated path in the repository
	Dest   string // slash-separated path under the data folder

	// SHA256 is the expected hex digest of the written file. A mismatch is
	// logged as a warning and the file is kept; empty skips the check.
	SHA256 string

	// Transform, when set, converts the downloaded body into the file's
	// content. It returns an error for input that it cannot convert.
	Transform func(w io.Writer, r io.Reader) error
}

// Dataset is a named set of files.
type Dataset struct {
	Name  string
	Files []File
}

// Commits of the repositories that the datasets are downloaded from.
const (
	fashionIQRepo   = "XiaoxiaoGuo/fashion-iq"
	fashionIQCommit = "f71b16c3b09ef03b02c0fed160fa072fb3b8aa16"

	// NOTE: the asin2attr files of yanbeic/VAL at this commit were compared
	// with the tested copies by size only. The SHA-256 check in Fetcher
	// logs any difference in content.
	valRepo   = "yanbeic/VAL"
	valCommit = "979f605ffab727191f317c2bc37f2650ebe97486"

	metadataRepo   = "hongwang600/fashion-iq-metadata"
	metadataCommit = "3bb39d7d9a024d92f1b0fd0929b38d73dff24a0a"

	fashion200kRepo   = "1234noname/machine_learning_engineering_interview_detached"
	fashion200kCommit = "6b4bea6a451fd707aacc48d175155ed708fc2d7e"
)

// fashionIQCategories and fashionIQSplits name the FashionIQ files.
var (
	fashionIQCategories = []string{"dress", "shirt", "toptee"}
	fashionIQSplits     = []string{"train", "val", "test"}
)

// Lookup returns the dataset called name.
func Lookup(name string) (Dataset, error) {
	switch name {
	case "fashioniq":
		return FashionIQ(), nil
	case "fashion200k":
		return Fashion200K(), nil
	}

	return Dataset{}, fmt.Errorf("%w %q: valid names are %s", ErrUnknownDataset, name, strings.Join(Names(), ", "))
}

// Names returns the names that Lookup accepts, sorted.
func Names() []string { return []string{"fashion200k", "fashioniq"} }

// FashionIQ returns the FashionIQ files in the layout that the fashioniq
// package reads: captions and image splits from XiaoxiaoGuo/fashion-iq,
// attribute tags from yanbeic/VAL, image URLs from
// hongwang600/fashion-iq-metadata and the dataset's README.
func FashionIQ() Dataset {
	var files []File

	for _, cat := range fashionIQCategories {
		for _, split := range fashionIQSplits {
			captions := fmt.Sprintf("captions/cap.%s.%s.json", cat, split)
			splits := fmt.Sprintf("image_splits/split.%s.%s.json", cat, split)
			tags := fmt.Sprintf("asin2attr.%s.%s.json", cat, split)

			files = append(files,
				File{Repo: fashionIQRepo, Commit: fashionIQCommit, Path: captions, Dest: "fashioniq/" + captions},
				File{Repo: fashionIQRepo, Commit: fashionIQCommit, Path: splits, Dest: "fashioniq/" + splits},
				File{Repo: valRepo, Commit: valCommit, Path: "datasets/fashion_iq/image_tag_dataset/tags/" + tags, Dest: "fashioniq/attributes/" + tags},
			)
		}
	}

	for _, cat := range fashionIQCategories {
		urls := fmt.Sprintf("asin2url.%s.txt", cat)
		files = append(files, File{Repo: metadataRepo, Commit: metadataCommit, Path: "image_url/" + urls, Dest: "fashioniq/image_urls/" + urls})
	}

	files = append(files, File{Repo: fashionIQRepo, Commit: fashionIQCommit, Path: "README.md", Dest: "fashioniq/README.upstream.md"})

	for i := range files {
		files[i].SHA256 = knownDigests[files[i].Dest]
	}

	return Dataset{Name: "fashioniq", Files: files}
}

// Fashion200K returns the 5,000-product Fashion200K subset, converted from
// the evaluation catalogue manifest of its source repository into
// fashion200k/subset.jsonl.
func Fashion200K() Dataset {
	dest := "fashion200k/subset.jsonl"

	return Dataset{Name: "fashion200k", Files: []File{{
		Repo:      fashion200kRepo,
		Commit:    fashion200kCommit,
		Path:      "evals/catalog/fashion200k/manifest.json",
		Dest:      dest,
		SHA256:    knownDigests[dest],
		Transform: ConvertFashion200KManifest,
	}}}
}
