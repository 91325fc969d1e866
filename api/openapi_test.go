package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// documented reports whether a route belongs in the OpenAPI document:
// the JSON API and the operational endpoints, not the web page's assets.
func documented(path string) bool {
	return strings.HasPrefix(path, "/v1/") || path == "/healthz" || path == "/readyz" || path == "/metrics" || path == "/openapi.json"
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}

	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		t.Fatalf("openapi.json is not valid JSON: %v", err)
	}

	param := regexp.MustCompile(`:([a-z]+)`)
	s := NewServer(nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)), DefaultLimits())
	engine := s.Handler().(*gin.Engine)

	routes := map[string]bool{}
	for _, r := range engine.Routes() {
		if !documented(r.Path) {
			continue
		}

		key := strings.ToLower(r.Method) + " " + param.ReplaceAllString(r.Path, "{$1}")
		routes[key] = true

		ops, ok := doc.Paths[param.ReplaceAllString(r.Path, "{$1}")]
		if !ok {
			t.Errorf("route %s %s is missing from openapi.json", r.Method, r.Path)
			continue
		}

		if _, ok := ops[strings.ToLower(r.Method)]; !ok {
			t.Errorf("openapi.json documents %s but not its %s method", r.Path, r.Method)
		}
	}

	var extra []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if !routes[method+" "+path] {
				extra = append(extra, method+" "+path)
			}
		}
	}

	sort.Strings(extra)
	for _, e := range extra {
		t.Errorf("openapi.json documents %s, which no route serves", e)
	}
}
