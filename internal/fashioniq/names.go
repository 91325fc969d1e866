package fashioniq

import (
	"fmt"
	"slices"
	"strings"
)

// Categories lists the FashionIQ categories in the order that Load reads them.
var Categories = []string{"dress", "shirt", "toptee"}

// Splits lists the FashionIQ splits in the order that Load reads them.
var Splits = []string{"train", "val", "test"}

// AttributeKinds lists the attribute kinds in the order of the six lists
// of each asin2attr entry.
var AttributeKinds = []string{"category", "texture", "fabric", "shape", "part", "style"}

// testSplit is the split whose captions publish no target.
const testSplit = "test"

// selectCategories validates names and returns them deduplicated in the
// order of Categories. An empty list selects every category.
func selectCategories(names []string) ([]string, error) {
	if len(names) == 0 {
		return slices.Clone(Categories), nil
	}

	for _, name := range names {
		if !slices.Contains(Categories, name) {
			return nil, fmt.Errorf("%w %q: valid categories are %s", ErrUnknownCategory, name, strings.Join(Categories, ", "))
		}
	}

	var out []string
	for _, c := range Categories {
		if slices.Contains(names, c) {
			out = append(out, c)
		}
	}

	return out, nil
}
