package catalogfile

import (
	"fmt"
	"strings"
)

// Kind is the content of a file: products or query triplets.
type Kind int

// The kinds of catalog files.
const (
	Products Kind = iota
	Queries
)

func (k Kind) String() string {
	if k == Queries {
		return "queries"
	}

	return "products"
}

// Column names.
const (
	colID             = "id"
	colCategory       = "category"
	colTitle          = "title"
	colImageURL       = "image_url"
	colSplit          = "split"
	colAttributes     = "attributes"
	colImageEmbedding = "image_embedding"
	colCandidate      = "candidate"
	colTarget         = "target"
	colText           = "text"

	// attrPrefix starts the name of a column that holds the values of
	// one attribute kind, such as attr.color.
	attrPrefix = "attr."
)

var (
	productColumns = []string{colID, colCategory, colTitle, colImageURL, colSplit, colAttributes, colImageEmbedding}
	queryColumns   = []string{colID, colCandidate, colTarget, colText, colCategory, colSplit}
)

// kindOf returns the kind of a file from its column names: a candidate
// column makes it a query file.
func kindOf(columns []string) Kind {
	for _, c := range columns {
		if c == colCandidate {
			return Queries
		}
	}

	return Products
}

// checkColumn returns an error when name is not a column of kind.
func checkColumn(kind Kind, name string) error {
	known := productColumns
	if kind == Queries {
		known = queryColumns
	}

	for _, c := range known {
		if name == c {
			return nil
		}
	}

	if kind == Products && strings.HasPrefix(name, attrPrefix) {
		if strings.TrimSpace(strings.TrimPrefix(name, attrPrefix)) == "" {
			return fmt.Errorf("attribute column %q names no kind; use attr.KIND, such as attr.color", name)
		}

		return nil
	}

	hint := "attr.KIND columns"
	if kind == Queries {
		hint = "no other columns"
	}

	return fmt.Errorf("unknown column %q in a %s file; the columns are %s, and %s", name, kind, strings.Join(known, ", "), hint)
}

// checkRequired returns an error naming the first required column of
// kind that columns lacks.
func checkRequired(kind Kind, columns []string) error {
	required := []string{colID, colCategory}
	if kind == Queries {
		required = []string{colCandidate, colText}
	}

	for _, r := range required {
		found := false
		for _, c := range columns {
			found = found || c == r
		}

		if !found {
			return fmt.Errorf("missing column %q, which every %s file needs", r, kind)
		}
	}

	return nil
}
