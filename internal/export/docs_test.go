package export

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
)

// TestDocsListEveryField checks that docs/export.md holds, for every
// table, the field table that schemaMarkdown renders from the code.
func TestDocsListEveryField(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "export.md"))
	if err != nil {
		t.Fatal(err)
	}

	doc := string(b)
	for _, tbl := range Tables() {
		if want := schemaMarkdown(tbl); !strings.Contains(doc, want) {
			t.Errorf("docs/export.md lacks the current field table of %s; replace its section with:\n\n%s", tbl.Name, want)
		}
	}
}

// schemaMarkdown renders a table's fields as a Markdown table.
func schemaMarkdown(tbl Table) string {
	gt, _ := tbl.graph(Model{Version: 1, Dim: 1})

	var sb strings.Builder
	fmt.Fprintf(&sb, "## %s\n\n%s.\n\n", tbl.Name, capitalize(tbl.Description))
	sb.WriteString("| field | type | nullable | description |\n|---|---|---|---|\n")

	for _, f := range gt.Schema.Fields() {
		nullable := "no"
		if f.Nullable {
			nullable = "yes"
		}

		fmt.Fprintf(&sb, "| `%s` | `%s` | %s | %s |\n", f.Name, typeName(f.Type), nullable, tbl.fields[f.Name])
	}

	return sb.String()
}

func typeName(dt arrow.DataType) string {
	switch t := dt.(type) {
	case *arrow.ListType:
		return "list<" + typeName(t.Elem()) + ">"
	case *arrow.StructType:
		parts := make([]string, t.NumFields())
		for i, f := range t.Fields() {
			parts[i] = f.Name + ": " + typeName(f.Type)
		}

		return "struct<" + strings.Join(parts, ", ") + ">"
	case *arrow.FixedSizeListType:
		return "fixed_size_list<" + typeName(t.Elem()) + ">[dim]"
	case *arrow.TimestampType:
		return fmt.Sprintf("timestamp[%s, %s]", t.Unit, t.TimeZone)
	default:
		return dt.String()
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}

	return strings.ToUpper(s[:1]) + s[1:]
}
