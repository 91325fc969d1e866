package datafetch

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ErrInvalidContent marks a downloaded file that does not parse as its
// format requires.
var ErrInvalidContent = errors.New("invalid content")

// maxJSONLineLen is the longest JSON Lines record, in bytes, that
// validateFile accepts.
const maxJSONLineLen = 16 << 20

// validateFile checks that path parses as the format that dest's
// extension names: one JSON value for .json and one JSON value per
// non-empty line for .jsonl. Other files are not checked.
func validateFile(path, dest string) error {
	switch {
	case strings.HasSuffix(dest, ".json"):
		return validateJSONFile(path)
	case strings.HasSuffix(dest, ".jsonl"):
		return validateJSONLinesFile(path)
	}

	return nil
}

func validateJSONFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open downloaded file: %w", err)
	}
	defer f.Close()

	return validateJSON(f)
}

// validateJSON checks that r contains exactly one JSON value, reading it
// token by token so that large files are not held in memory.
func validateJSON(r io.Reader) error {
	dec := json.NewDecoder(r)
	depth, values := 0, 0

	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}

		if err != nil {
			return fmt.Errorf("%w: malformed JSON near byte %d: %v", ErrInvalidContent, dec.InputOffset(), err)
		}

		if depth == 0 {
			values++
		}

		if values > 1 {
			return fmt.Errorf("%w: more than one JSON value, the second ends at byte %d", ErrInvalidContent, dec.InputOffset())
		}

		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}

	switch {
	case values == 0:
		return fmt.Errorf("%w: empty file where JSON was expected", ErrInvalidContent)
	case depth != 0:
		return fmt.Errorf("%w: malformed JSON: unexpected end of file", ErrInvalidContent)
	}

	return nil
}

func validateJSONLinesFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open downloaded file: %w", err)
	}
	defer f.Close()

	return validateJSONLines(f)
}

// validateJSONLines checks that every non-empty line of r is one JSON value.
func validateJSONLines(r io.Reader) error {
	scanner := bufio.NewScanner(r)
	scanner.Buffer(make([]byte, 0, 64*1024), maxJSONLineLen)

	for line := 1; scanner.Scan(); line++ {
		text := strings.TrimSpace(scanner.Text())
		if text != "" && !json.Valid([]byte(text)) {
			return fmt.Errorf("%w: line %d is not valid JSON", ErrInvalidContent, line)
		}
	}

	if err := scanner.Err(); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidContent, err)
	}

	return nil
}
