package cypher

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.cypher
var files embed.FS

// Statements returns the statements of the named file (without the
// .cypher suffix) in order.
func Statements(name string) ([]string, error) {
	b, err := files.ReadFile(name + ".cypher")
	if err != nil {
		return nil, fmt.Errorf("read cypher file %q: %w", name, err)
	}

	return Split(string(b)), nil
}

// MustStatement returns the single statement in the named file and panics
// when the file is missing or holds more than one; it is for statements
// the program cannot run without.
func MustStatement(name string) string {
	st, err := Statements(name)
	if err != nil {
		panic(err)
	}

	if len(st) != 1 {
		panic(fmt.Sprintf("cypher file %q holds %d statements, want 1", name, len(st)))
	}

	return st[0]
}

// Names returns the names of all embedded files, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")

	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".cypher"))
	}

	sort.Strings(out)

	return out
}

// Split cuts a Cypher script into statements at semicolons that end a
// line, dropping comment lines and empty statements.
func Split(script string) []string {
	var (
		out []string
		cur strings.Builder
	)

	for _, line := range strings.Split(script, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "//") {
			continue
		}

		cur.WriteString(line)
		cur.WriteString("\n")

		if strings.HasSuffix(trimmed, ";") {
			out = appendStatement(out, cur.String())
			cur.Reset()
		}
	}

	return appendStatement(out, cur.String())
}

func appendStatement(out []string, s string) []string {
	s = strings.TrimSuffix(strings.TrimSpace(s), ";")
	if s == "" {
		return out
	}

	return append(out, s)
}
