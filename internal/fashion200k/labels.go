package fashion200k

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// labelName matches the name of an official label file.
var labelName = regexp.MustCompile(`^([a-z][a-z0-9-]*)_(train|test)_detect_all\.txt$`)

// ParseLabelName returns the category and split that a label file's name
// gives, such as "dress" and "train" for dress_train_detect_all.txt.
func ParseLabelName(path string) (category, split string, err error) {
	m := labelName.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return "", "", fmt.Errorf("%w: %s: the name of a label file must be CATEGORY_SPLIT_detect_all.txt, such as dress_train_detect_all.txt, because it gives the category and split", ErrInvalidFile, path)
	}

	return m[1], m[2], nil
}

// parseLabelLine parses one line of a label file:
// image_path<TAB>detection_score<TAB>caption.
func parseLabelLine(pos ingest.Position, line, category, split string) (Item, error) {
	fields := strings.Split(strings.TrimRight(line, " \t\r"), "\t")
	if len(fields) != 3 {
		return Item{}, ingest.Invalid(pos, "", ingest.Quote(line), "has %d tab-separated fields, want 3: image path, detection score, caption", len(fields))
	}

	it := Item{
		Pos:      pos,
		Image:    strings.TrimSpace(fields[0]),
		Category: category,
		Split:    split,
		Caption:  NormalizeCaption(fields[2]),
	}

	score, err := strconv.ParseFloat(strings.TrimSpace(fields[1]), 64)
	if err != nil || !finite(score) {
		return Item{}, ingest.Invalid(pos, "detection_score", ingest.Quote(fields[1]), "not a finite number")
	}

	it.DetectionScore = &score

	if err := checkItem(it); err != nil {
		return Item{}, err
	}

	return it, nil
}
