package main

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/tailorsearch/tailor/cypher"
	"github.com/tailorsearch/tailor/graphdb"
)

// merchPrefix starts the names of the Cypher files that "tailor cypher" runs.
const merchPrefix = "merch_"

// cypherUsage is the help of "tailor cypher" without a query name.
const cypherUsage = `Usage: tailor cypher NAME [--param KEY=VALUE]... [--format table|csv]
       tailor cypher list

Runs a read-only merchandiser query from the Cypher library (cypher/merch_*.cypher)
and prints its rows. "tailor cypher list" names the queries; "tailor cypher NAME -h"
lists the parameters of one. The same files run in Neo4j Browser with :param.`

// runCypher runs "tailor cypher NAME|list".
func runCypher(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(a.stderr, cypherUsage)
		return fmt.Errorf("%w: name a query, or run \"tailor cypher list\"", errUsage)
	}

	switch args[0] {
	case "list":
		return listMerchQueries(a.stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(a.stdout, cypherUsage)
		return flag.ErrHelp
	}

	q, err := loadMerchQuery(args[0])
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}

	var params paramFlag

	fs := a.newFlagSet("cypher "+q.name, "[--param KEY=VALUE]... [--format table|csv]\n\n"+q.help())
	fs.Var(&params, "param", "query parameter as KEY=VALUE; repeat for several; the value null means null")
	format := fs.String("format", "table", "output format: table or csv")

	if err := parseFlags(fs, args[1:], false); err != nil {
		return err
	}

	if *format != "table" && *format != "csv" {
		return fmt.Errorf("%w: --format %q is unknown; use table or csv", errUsage, *format)
	}

	values, err := q.bind(params)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}

	client, err := a.openDB(ctx)
	if err != nil {
		return err
	}
	defer client.Close(ctx)

	keys, rows, err := readRows(ctx, client, q.statement, values)
	if err != nil {
		return fmt.Errorf("run %s: %w", q.name, err)
	}

	if *format == "csv" {
		return writeCSV(a.stdout, keys, rows)
	}

	return writeTable(a.stdout, keys, rows)
}

// merchQuery is one merchandiser query with its documented parameters.
type merchQuery struct {
	name      string
	comment   string
	statement string
	params    []paramSpec
}

// paramSpec is a parameter that the leading comment of a query declares.
type paramSpec struct {
	name     string
	typ      string // string, integer, float or boolean
	required bool
	def      any
	text     string
}

// paramLine matches a declaration "$name  type  description".
var paramLine = regexp.MustCompile(`^\s*\$([A-Za-z_][A-Za-z0-9_]*)\s+(string|integer|float|boolean)\s+(.*)$`)

// defaultSuffix matches "(default VALUE)" at the end of a description.
var defaultSuffix = regexp.MustCompile(`\(default ([^)]*)\)\s*$`)

// loadMerchQuery reads a query by its name, with or without "merch_".
func loadMerchQuery(name string) (*merchQuery, error) {
	file := name
	if !strings.HasPrefix(file, merchPrefix) {
		file = merchPrefix + file
	}

	if !slices.Contains(cypher.Names(), file) {
		return nil, fmt.Errorf("unknown query %q; run \"tailor cypher list\" for the names", name)
	}

	comment, err := cypher.Comment(file)
	if err != nil {
		return nil, err
	}

	statements, err := cypher.Statements(file)
	if err != nil {
		return nil, err
	}

	if len(statements) != 1 {
		return nil, fmt.Errorf("cypher file %s contains %d statements, want 1", file, len(statements))
	}

	q := &merchQuery{name: file, comment: comment, statement: statements[0]}
	if q.params, err = parseParams(comment); err != nil {
		return nil, fmt.Errorf("cypher file %s: %w", file, err)
	}

	return q, nil
}

// parseParams reads the parameter declarations of a leading comment.
func parseParams(comment string) ([]paramSpec, error) {
	var out []paramSpec

	for _, line := range strings.Split(comment, "\n") {
		m := paramLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}

		p := paramSpec{name: m[1], typ: m[2], text: strings.TrimSpace(m[3])}

		d := defaultSuffix.FindStringSubmatch(p.text)
		if d == nil {
			p.required = true
			p.text = strings.TrimSpace(strings.TrimSuffix(p.text, "(required)"))
			out = append(out, p)

			continue
		}

		v, err := convertParam(p, d[1])
		if err != nil {
			return nil, fmt.Errorf("default of $%s: %w", p.name, err)
		}

		p.def = v
		out = append(out, p)
	}

	return out, nil
}

// summary returns the first sentence of the comment.
func (q *merchQuery) summary() string {
	first, _, _ := strings.Cut(q.comment, "\n\n")
	first = strings.Join(strings.Fields(first), " ")

	if i := strings.Index(first, ": "); i > 0 {
		return first[:i]
	}

	if i := strings.Index(first, ". "); i > 0 {
		return first[:i]
	}

	return strings.TrimSuffix(first, ".")
}

// help returns the comment, which documents the query and its parameters.
func (q *merchQuery) help() string { return q.comment }

// bind converts the given parameters and fills in defaults. A parameter
// that the query does not declare, a missing required one, or a value of
// the wrong type is an error.
func (q *merchQuery) bind(given paramFlag) (map[string]any, error) {
	out := map[string]any{}

	for _, kv := range given {
		p, ok := q.param(kv.key)
		if !ok {
			return nil, fmt.Errorf("%s takes no parameter %q; its parameters are: %s", q.name, kv.key, q.paramNames())
		}

		v, err := convertParam(p, kv.value)
		if err != nil {
			return nil, fmt.Errorf("--param %s=%s: %w", kv.key, kv.value, err)
		}

		out[kv.key] = v
	}

	for _, p := range q.params {
		if _, ok := out[p.name]; ok {
			continue
		}

		if p.required {
			return nil, fmt.Errorf("%s needs --param %s=VALUE (%s)", q.name, p.name, p.text)
		}

		out[p.name] = p.def
	}

	return out, nil
}

func (q *merchQuery) param(name string) (paramSpec, bool) {
	for _, p := range q.params {
		if p.name == name {
			return p, true
		}
	}

	return paramSpec{}, false
}

func (q *merchQuery) paramNames() string {
	if len(q.params) == 0 {
		return "none"
	}

	names := make([]string, len(q.params))
	for i, p := range q.params {
		names[i] = p.name
	}

	return strings.Join(names, ", ")
}

// convertParam converts a command-line value to the parameter's type.
func convertParam(p paramSpec, s string) (any, error) {
	if s == "null" {
		return nil, nil
	}

	switch p.typ {
	case "integer":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not an integer", s)
		}

		return n, nil
	case "float":
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number", s)
		}

		return x, nil
	case "boolean":
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not true or false", s)
		}

		return b, nil
	default:
		return s, nil
	}
}

// paramFlag collects repeated --param KEY=VALUE flags.
type paramFlag []keyValue

type keyValue struct{ key, value string }

func (f *paramFlag) String() string { return "" }

func (f *paramFlag) Set(s string) error {
	key, value, ok := strings.Cut(s, "=")
	if !ok || strings.TrimSpace(key) == "" {
		return fmt.Errorf("parameter %q is not KEY=VALUE", s)
	}

	*f = append(*f, keyValue{strings.TrimSpace(key), value})

	return nil
}

// listMerchQueries prints the name and summary of every merchandiser query.
func listMerchQueries(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)

	for _, name := range cypher.Names() {
		if !strings.HasPrefix(name, merchPrefix) {
			continue
		}

		q, err := loadMerchQuery(name)
		if err != nil {
			return err
		}

		fmt.Fprintf(tw, "%s\t%s\t(parameters: %s)\n", strings.TrimPrefix(name, merchPrefix), q.summary(), q.paramNames())
	}

	return tw.Flush()
}

// readRows runs a query in a read transaction and returns its column
// names and rows.
func readRows(ctx context.Context, client *graphdb.Client, query string, params map[string]any) ([]string, [][]any, error) {
	res, err := neo4j.ExecuteQuery(ctx, client.Driver(), query, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(client.Database()), neo4j.ExecuteQueryWithReadersRouting())
	if err != nil {
		return nil, nil, err
	}

	rows := make([][]any, len(res.Records))
	for i, r := range res.Records {
		rows[i] = r.Values
	}

	return res.Keys, rows, nil
}

func writeCSV(w io.Writer, keys []string, rows [][]any) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(keys); err != nil {
		return err
	}

	cells := make([]string, len(keys))
	for _, r := range rows {
		for i, v := range r {
			cells[i] = formatValue(v)
		}

		if err := cw.Write(cells); err != nil {
			return err
		}
	}

	cw.Flush()

	return cw.Error()
}

func writeTable(w io.Writer, keys []string, rows [][]any) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(keys, "\t"))

	rules := make([]string, len(keys))
	for i, k := range keys {
		rules[i] = strings.Repeat("-", len(k))
	}

	fmt.Fprintln(tw, strings.Join(rules, "\t"))

	for _, r := range rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = strings.ReplaceAll(formatValue(v), "\t", " ")
		}

		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}

	if err := tw.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(w, "(%d rows)\n", len(rows))

	return nil
}
