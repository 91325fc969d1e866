package cypher

import (
	"fmt"
	"strings"
)

// Comment returns the leading comment block of the named file, without
// the "//" markers, up to the first line that is not a comment.
func Comment(name string) (string, error) {
	b, err := files.ReadFile(name + ".cypher")
	if err != nil {
		return "", fmt.Errorf("read cypher file %q: %w", name, err)
	}

	var lines []string
	for _, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if !strings.HasPrefix(trimmed, "//") {
			break
		}

		text := strings.TrimPrefix(trimmed, "//")
		lines = append(lines, strings.TrimPrefix(text, " "))
	}

	return strings.Join(lines, "\n"), nil
}
