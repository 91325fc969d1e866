package fashion200k

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/tailorsearch/tailor/internal/ingest"
)

// subsetLine is one line of the JSON Lines subset.
type subsetLine struct {
	Image    *string `json:"image"`
	Category *string `json:"category"`
	Caption  *string `json:"caption"`
	Split    *string `json:"split"`
	ImageURL *string `json:"image_url"`
}

// subsetKeys lists the keys of a subset line, for error messages.
const subsetKeys = "image, category, caption, split and image_url"

// parseSubsetLine parses one JSON object of the subset.
func parseSubsetLine(pos ingest.Position, line []byte) (Item, error) {
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()

	var l subsetLine
	if err := dec.Decode(&l); err != nil {
		return Item{}, jsonLineError(pos, err)
	}

	if dec.More() {
		return Item{}, ingest.Invalid(pos, "", "", "extra data after the JSON object; put one object on each line")
	}

	for _, req := range []struct {
		name  string
		value *string
	}{{"image", l.Image}, {"category", l.Category}, {"caption", l.Caption}, {"split", l.Split}} {
		if req.value == nil {
			return Item{}, ingest.Invalid(pos, req.name, "", "missing; every line needs %s", subsetKeys)
		}
	}

	it := Item{
		Pos:      pos,
		Image:    strings.TrimSpace(*l.Image),
		Category: strings.ToLower(strings.TrimSpace(*l.Category)),
		Split:    strings.TrimSpace(*l.Split),
		Caption:  NormalizeCaption(*l.Caption),
	}

	if l.ImageURL != nil {
		it.ImageURL = strings.TrimSpace(*l.ImageURL)
	}

	if err := checkItem(it); err != nil {
		return Item{}, err
	}

	return it, nil
}

// jsonLineError converts a decoding error into a RecordError that names
// the field when the decoder reports one.
func jsonLineError(pos ingest.Position, err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		if typeErr.Field == "" {
			return ingest.Invalid(pos, "", "", "the line is a JSON %s, want an object with %s", typeErr.Value, subsetKeys)
		}

		return ingest.Invalid(pos, typeErr.Field, "", "is a JSON %s, want a string", typeErr.Value)
	}

	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return ingest.Invalid(pos, "", "", "malformed JSON at byte %d: %v", syntaxErr.Offset, err)
	}

	if msg := err.Error(); strings.HasPrefix(msg, "json: unknown field ") {
		field := strings.Trim(strings.TrimPrefix(msg, "json: unknown field "), `"`)
		return ingest.Invalid(pos, field, "", "unknown field; a line has only %s", subsetKeys)
	}

	return ingest.Invalid(pos, "", "", "malformed JSON: %v", err)
}
