package datafetch

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf16"
)

// manifestItem is one product of the Fashion200K evaluation manifest.
type manifestItem struct {
	ID        *string `json:"id"`
	Category  *string `json:"category"`
	Title     *string `json:"title"`
	SourceURL *string `json:"source_url"`
	Split     *string `json:"split"`
}

// ConvertFashion200KManifest converts the Fashion200K evaluation manifest,
// a JSON object whose "items" list contains objects with id, category,
// title, source_url and split, into subset.jsonl lines of the form
// {"image": id, "category": ..., "caption": title, "split": ...,
// "image_url": source_url}. Lines are written the way Python's
// json.dumps writes them by default (", " and ": " separators, non-ASCII
// as \u escapes), so the output matches the published subset.jsonl byte
// for byte. Errors wrap ErrInvalidContent.
func ConvertFashion200KManifest(w io.Writer, r io.Reader) error {
	dec := json.NewDecoder(r)
	out := bufio.NewWriter(w)

	count, err := convertManifest(dec, out)
	if err != nil {
		return err
	}

	if count == 0 {
		return fmt.Errorf("%w: fashion200k manifest has no items", ErrInvalidContent)
	}

	if err := out.Flush(); err != nil {
		return fmt.Errorf("write fashion200k subset: %w", err)
	}

	return nil
}

// convertManifest walks the manifest object and converts its items list,
// skipping the other fields. It returns the number of items written.
func convertManifest(dec *json.Decoder, out *bufio.Writer) (int, error) {
	if err := expectDelim(dec, '{', "a JSON object"); err != nil {
		return 0, err
	}

	count := 0
	seenItems := false

	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return 0, manifestSyntaxError(err)
		}

		if key != "items" {
			var skipped json.RawMessage
			if err := dec.Decode(&skipped); err != nil {
				return 0, manifestSyntaxError(err)
			}

			continue
		}

		seenItems = true

		if count, err = convertItems(dec, out); err != nil {
			return 0, err
		}
	}

	if !seenItems {
		return 0, fmt.Errorf("%w: fashion200k manifest has no \"items\" field", ErrInvalidContent)
	}

	return count, nil
}

// convertItems converts the items list and returns how many it wrote.
func convertItems(dec *json.Decoder, out *bufio.Writer) (int, error) {
	if err := expectDelim(dec, '[', `a list in "items"`); err != nil {
		return 0, err
	}

	count := 0
	for ; dec.More(); count++ {
		var item manifestItem
		if err := dec.Decode(&item); err != nil {
			return 0, fmt.Errorf("%w: fashion200k manifest item %d: %v", ErrInvalidContent, count, err)
		}

		line, err := subsetLine(item, count)
		if err != nil {
			return 0, err
		}

		if _, err := out.Write(line); err != nil {
			return 0, fmt.Errorf("write fashion200k subset: %w", err)
		}
	}

	if _, err := dec.Token(); err != nil {
		return 0, manifestSyntaxError(err)
	}

	return count, nil
}

// subsetLine returns the subset.jsonl line of one manifest item.
func subsetLine(item manifestItem, index int) ([]byte, error) {
	fields := []struct {
		name, source string
		value        *string
	}{
		{"image", "id", item.ID},
		{"category", "category", item.Category},
		{"caption", "title", item.Title},
		{"split", "split", item.Split},
		{"image_url", "source_url", item.SourceURL},
	}

	line := []byte{'{'}

	for i, f := range fields {
		if f.value == nil || *f.value == "" {
			return nil, fmt.Errorf("%w: fashion200k manifest item %d: missing or empty field %q", ErrInvalidContent, index, f.source)
		}

		if i > 0 {
			line = append(line, ", "...)
		}

		line = appendPythonString(line, f.name)
		line = append(line, ": "...)
		line = appendPythonString(line, *f.value)
	}

	return append(line, "}\n"...), nil
}

// appendPythonString appends s as a JSON string in the form that Python's
// json.dumps writes with ensure_ascii. Quotes, backslashes and \b \f \n
// \r \t get their short escapes. Every other character outside ' ' to '~'
// becomes a lower-case \uXXXX escape, or a surrogate pair above U+FFFF.
func appendPythonString(dst []byte, s string) []byte {
	dst = append(dst, '"')

	for _, r := range s {
		dst = appendPythonRune(dst, r)
	}

	return append(dst, '"')
}

func appendPythonRune(dst []byte, r rune) []byte {
	switch r {
	case '"':
		return append(dst, `\"`...)
	case '\\':
		return append(dst, `\\`...)
	case '\b':
		return append(dst, `\b`...)
	case '\f':
		return append(dst, `\f`...)
	case '\n':
		return append(dst, `\n`...)
	case '\r':
		return append(dst, `\r`...)
	case '\t':
		return append(dst, `\t`...)
	}

	if r >= ' ' && r <= '~' {
		return append(dst, byte(r))
	}

	if r > 0xFFFF {
		hi, lo := utf16.EncodeRune(r)
		return fmt.Appendf(dst, `\u%04x\u%04x`, hi, lo)
	}

	return fmt.Appendf(dst, `\u%04x`, r)
}

// expectDelim reads the next token and checks that it is want.
func expectDelim(dec *json.Decoder, want json.Delim, expected string) error {
	tok, err := dec.Token()
	if err != nil {
		return manifestSyntaxError(err)
	}

	if tok != want {
		return fmt.Errorf("%w: fashion200k manifest: got %v where %s was expected", ErrInvalidContent, tok, expected)
	}

	return nil
}

// manifestSyntaxError wraps a decoder error in ErrInvalidContent. A read
// error of the body keeps its own chain as well, so that callers can
// tell a broken connection from a broken file.
func manifestSyntaxError(err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}

	return fmt.Errorf("%w: fashion200k manifest: %w", ErrInvalidContent, err)
}
