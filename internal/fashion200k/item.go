package fashion200k

import (
	"strings"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// Source is the catalog source and dataset name of Fashion200K records.
const Source = "fashion200k"

// AllCategories is the category of the galleries that hold every product
// of a split, and of the generated queries, which rank against them.
const AllCategories = "all"

// Splits are the splits of Fashion200K.
var Splits = []string{"train", "test"}

// Item is one line of a label file or of the JSON Lines subset.
type Item struct {
	Pos            ingest.Position
	Image          string // image path, the product id
	Category       string
	Split          string
	Caption        string   // lower-case, words separated by single spaces
	ImageURL       string   // empty in label files
	DetectionScore *float64 // nil in the subset
}

// Words returns the caption's words.
func (it Item) Words() []string { return strings.Fields(it.Caption) }

// NormalizeCaption lower-cases a caption and separates its words by
// single spaces.
func NormalizeCaption(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// checkItem validates the fields both input forms share.
func checkItem(it Item) error {
	switch {
	case it.Image == "":
		return ingest.Invalid(it.Pos, "image", "", "missing image path, which is the product id")
	case it.Category == "":
		return ingest.Invalid(it.Pos, "category", "", "missing category")
	case !validSplit(it.Split):
		return ingest.Invalid(it.Pos, "split", ingest.Quote(it.Split), "unknown split; use train or test")
	case it.Caption == "":
		return ingest.Invalid(it.Pos, "caption", "", "empty caption")
	}

	return nil
}

func validSplit(s string) bool {
	for _, v := range Splits {
		if s == v {
			return true
		}
	}

	return false
}
