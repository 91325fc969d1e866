package export

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestParseTables(t *testing.T) {
	tests := []struct {
		list string
		want []string
	}{
		{"", TableNames()},
		{"  ", TableNames()},
		{"products", []string{"products"}},
		{" embeddings , products ", []string{"products", "embeddings"}},
		{"preferences,queries,edges,attributes", []string{"attributes", "edges", "queries", "preferences"}},
	}

	for _, tt := range tests {
		got, err := ParseTables(tt.list)
		if err != nil {
			t.Errorf("ParseTables(%q): %v", tt.list, err)
			continue
		}

		if names := namesOf(got); !slices.Equal(names, tt.want) {
			t.Errorf("ParseTables(%q) = %v, want %v", tt.list, names, tt.want)
		}
	}
}

func TestParseTablesErrors(t *testing.T) {
	tests := []struct {
		list    string
		unknown bool   // the error wraps ErrUnknownTable
		names   string // the message contains this
	}{
		{"product", true, `"product"`},
		{"products,Edges", true, `"Edges"`},
		{"products,,edges", false, "empty name"},
		{"products,", false, "empty name"},
		{"edges,edges", false, "edges twice"},
	}

	for _, tt := range tests {
		_, err := ParseTables(tt.list)
		if err == nil {
			t.Errorf("ParseTables(%q) returned no error", tt.list)
			continue
		}

		if got := errors.Is(err, ErrUnknownTable); got != tt.unknown {
			t.Errorf("ParseTables(%q): errors.Is(err, ErrUnknownTable) = %v, want %v (err %v)", tt.list, got, tt.unknown, err)
		}

		if !strings.Contains(err.Error(), tt.names) {
			t.Errorf("ParseTables(%q): error %q does not contain %q", tt.list, err, tt.names)
		}
	}
}

func TestLookupUnknownListsTables(t *testing.T) {
	_, err := Lookup("nodes")
	if !errors.Is(err, ErrUnknownTable) {
		t.Fatalf("Lookup(nodes): error %v, want ErrUnknownTable", err)
	}

	for _, name := range TableNames() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not list table %s", err, name)
		}
	}
}

func TestTablesDescribeEveryField(t *testing.T) {
	for _, tbl := range Tables() {
		gt, _ := tbl.graph(Model{Version: 1, Dim: 8})

		for _, f := range gt.Schema.Fields() {
			if tbl.fields[f.Name] == "" {
				t.Errorf("table %s: field %s has no description", tbl.Name, f.Name)
			}
		}

		for name := range tbl.fields {
			if !gt.Schema.HasField(name) {
				t.Errorf("table %s: description of %s, which the schema lacks", tbl.Name, name)
			}
		}
	}
}

func FuzzParseTables(f *testing.F) {
	for _, seed := range []string{"", "products", "products,edges", " embeddings ,queries", "a,,b", "edges,edges", "\xff"} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, list string) {
		got, err := ParseTables(list)
		if err != nil {
			return
		}

		names := namesOf(got)
		if len(names) == 0 {
			t.Fatalf("ParseTables(%q) selected no table and returned no error", list)
		}

		again, err := ParseTables(strings.Join(names, ","))
		if err != nil || !slices.Equal(namesOf(again), names) {
			t.Fatalf("ParseTables(%q) = %v, which does not parse back to itself (%v)", list, names, err)
		}

		all := TableNames()
		for i, n := range names {
			if i > 0 && slices.Index(all, n) <= slices.Index(all, names[i-1]) {
				t.Fatalf("ParseTables(%q) = %v, not in export order without repeats", list, names)
			}
		}
	})
}

func namesOf(tables []Table) []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.Name
	}

	return out
}
