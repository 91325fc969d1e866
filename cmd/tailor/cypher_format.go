package main

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// formatValue renders a Neo4j value as one table or CSV cell: lists as
// "a, b", nodes by their label and key properties, and paths as Cypher
// patterns such as (:Query {id: "q1"})-[:TARGET]->(:Product {id: "p1"}).
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case []any:
		parts := make([]string, len(x))
		for i, item := range x {
			parts[i] = formatValue(item)
		}

		return strings.Join(parts, ", ")
	case map[string]any:
		return formatProps(x, propertyNames(x))
	case neo4j.Node:
		return formatNode(x)
	case neo4j.Relationship:
		return "[:" + x.Type + "]"
	case neo4j.Path:
		return formatPath(x)
	default:
		return fmt.Sprint(x)
	}
}

// nodeKeys are the properties that identify a node of each label.
var nodeKeys = map[string][]string{
	"Product":         {"id"},
	"Query":           {"id"},
	"Attribute":       {"kind", "value"},
	"Word":            {"text"},
	"Gallery":         {"key"},
	"PreferenceGroup": {"id"},
	"Dataset":         {"name"},
	"Model":           {"version"},
}

func formatNode(n neo4j.Node) string {
	labels := ""
	var keys []string

	for _, l := range n.Labels {
		labels += ":" + l
		if k, ok := nodeKeys[l]; ok && keys == nil {
			keys = k
		}
	}

	if keys == nil {
		keys = propertyNames(n.Props)
	}

	return "(" + labels + " " + formatProps(n.Props, keys) + ")"
}

func formatProps(props map[string]any, keys []string) string {
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v, ok := props[k]
		if !ok {
			continue
		}

		if s, isString := v.(string); isString {
			parts = append(parts, k+": "+strconv.Quote(s))
		} else {
			parts = append(parts, k+": "+formatValue(v))
		}
	}

	return "{" + strings.Join(parts, ", ") + "}"
}

// formatPath writes each relationship in the direction it points.
func formatPath(p dbtype.Path) string {
	if len(p.Nodes) == 0 {
		return ""
	}

	var b strings.Builder
	b.WriteString(formatNode(p.Nodes[0]))

	for i, r := range p.Relationships {
		if i+1 >= len(p.Nodes) {
			break
		}

		if r.StartElementId == p.Nodes[i].ElementId {
			b.WriteString("-[:" + r.Type + "]->")
		} else {
			b.WriteString("<-[:" + r.Type + "]-")
		}

		b.WriteString(formatNode(p.Nodes[i+1]))
	}

	return b.String()
}

func propertyNames(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}

	slices.Sort(keys)

	return keys
}
