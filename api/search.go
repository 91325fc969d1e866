package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

// SearchRequest is the JSON body of POST /v1/search.
type SearchRequest struct {
	Candidate    string            `json:"candidate"`
	Modification string            `json:"modification"`
	K            *int              `json:"k"`
	Filter       *retrieval.Filter `json:"filter"`
	Explain      *bool             `json:"explain"`
	Cursor       string            `json:"cursor"`
}

// SearchResponse is the body of a successful search: the engine's
// response plus the cursor of the next page, empty on the last page.
type SearchResponse struct {
	*retrieval.Response
	NextCursor string `json:"next_cursor"`
}

// DefaultK is the number of results when a request gives no k.
const DefaultK = 10

func (s *Server) search(c *gin.Context) {
	req, err := s.decodeSearch(c.Request)
	if err != nil {
		s.writeError(c, err)
		return
	}

	resp, err := s.run(c.Request.Context(), req)
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, resp)
}

// run searches and adds the next page's cursor.
func (s *Server) run(ctx context.Context, req retrieval.Request) (SearchResponse, error) {
	resp, err := s.engine.Search(ctx, req)
	if err != nil {
		return SearchResponse{}, err
	}

	out := SearchResponse{Response: resp}
	if next := req.Offset + req.K; resp.More && next < s.limits.MaxOffset {
		out.NextCursor = encodeCursor(next)
	}

	return out, nil
}

// decodeSearch reads and validates a search body.
func (s *Server) decodeSearch(r *http.Request) (retrieval.Request, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, s.limits.MaxBodyBytes+1))
	if err != nil {
		return retrieval.Request{}, invalid("body", "could not be read: "+err.Error())
	}

	return ParseSearch(body, s.limits)
}

// ParseSearch decodes and validates a search request body.
func ParseSearch(body []byte, limits Limits) (retrieval.Request, error) {
	if int64(len(body)) > limits.MaxBodyBytes {
		return retrieval.Request{}, tooLarge(limits.MaxBodyBytes)
	}

	var in SearchRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()

	if err := dec.Decode(&in); err != nil {
		return retrieval.Request{}, decodeError(err)
	}

	if dec.More() {
		return retrieval.Request{}, invalid("body", "holds more than one JSON value; send one object")
	}

	return in.validate(limits)
}

func (in SearchRequest) validate(limits Limits) (retrieval.Request, error) {
	req := retrieval.Request{Candidate: strings.TrimSpace(in.Candidate), Modification: in.Modification, K: DefaultK, Explain: true}

	if req.Candidate == "" {
		return req, invalid("candidate", "is required: give the id of the product to start from")
	}

	if len(in.Modification) > limits.MaxModification {
		return req, invalid("modification", fmt.Sprintf("is %d bytes long; the limit is %d", len(in.Modification), limits.MaxModification))
	}

	if in.K != nil {
		if *in.K < 1 || *in.K > limits.MaxK {
			return req, invalid("k", fmt.Sprintf("is %d; it must be between 1 and %d", *in.K, limits.MaxK))
		}

		req.K = *in.K
	}

	if in.Explain != nil {
		req.Explain = *in.Explain
	}

	if in.Cursor != "" {
		offset, err := decodeCursor(in.Cursor)
		if err != nil || offset+req.K > limits.MaxOffset {
			return req, invalid("cursor", "is not a cursor this server issued for this page size; send next_cursor from the previous response unchanged")
		}

		req.Offset = offset
	}

	if in.Filter != nil {
		if err := validateFilterSize(*in.Filter); err != nil {
			return req, err
		}

		if err := validateAttrs("filter.require", in.Filter.Require); err != nil {
			return req, err
		}

		if err := validateAttrs("filter.exclude", in.Filter.Exclude); err != nil {
			return req, err
		}

		if err := validateConditions(in.Filter.Properties); err != nil {
			return req, err
		}

		if err := validateNamed(in.Filter.Named); err != nil {
			return req, err
		}

		req.Filter = *in.Filter
	}

	return req, nil
}

func validateAttrs(field string, attrs []catalog.Attribute) error {
	for i, a := range attrs {
		if strings.TrimSpace(a.Kind) == "" || strings.TrimSpace(a.Value) == "" {
			return invalid(fmt.Sprintf("%s[%d]", field, i), "needs a non-empty kind and value, such as {\"kind\": \"texture\", \"value\": \"floral\"}")
		}
	}

	return nil
}

// MaxFilterTerms bounds each list in a filter, so that one request cannot
// make Neo4j evaluate thousands of conditions per product.
const MaxFilterTerms = 50

func validateFilterSize(f retrieval.Filter) error {
	lists := []struct {
		field string
		n     int
	}{{"filter.require", len(f.Require)}, {"filter.exclude", len(f.Exclude)}, {"filter.properties", len(f.Properties)}}

	for _, l := range lists {
		if l.n > MaxFilterTerms {
			return invalid(l.field, fmt.Sprintf("has %d entries; the limit is %d", l.n, MaxFilterTerms))
		}
	}

	return nil
}

// identifier matches property and parameter names.
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

var conditionOps = []string{"eq", "ne", "lt", "lte", "gt", "gte"}

func validateConditions(conds []retrieval.Condition) error {
	for i, c := range conds {
		field := fmt.Sprintf("filter.properties[%d]", i)

		if !identifier.MatchString(c.Name) {
			return invalid(field+".name", fmt.Sprintf("is %q; a property name is letters, digits and underscores, such as \"source\"", c.Name))
		}

		if !slices.Contains(conditionOps, c.Op) {
			return invalid(field+".op", fmt.Sprintf("is %q; use one of %s", c.Op, strings.Join(conditionOps, ", ")))
		}

		if !scalar(c.Value) {
			return invalid(field+".value", "must be a string, number or boolean")
		}
	}

	return nil
}

func validateNamed(nf *retrieval.NamedFilter) error {
	if nf == nil {
		return nil
	}

	if !slices.Contains(retrieval.NamedFilters(), nf.Name) {
		return invalid("filter.named.name", fmt.Sprintf("is %q; the named filters are %s", nf.Name, strings.Join(retrieval.NamedFilters(), ", ")))
	}

	for key, v := range nf.Params {
		if !identifier.MatchString(key) {
			return invalid("filter.named.params", fmt.Sprintf("has the parameter name %q; use letters, digits and underscores", key))
		}

		list, isList := v.([]any)
		if !isList {
			list = []any{v}
		}

		for _, item := range list {
			if !scalar(item) {
				return invalid("filter.named.params."+key, "must be a string, number, boolean or a list of them")
			}
		}
	}

	return nil
}

func scalar(v any) bool {
	switch v.(type) {
	case string, float64, bool:
		return true
	default:
		return false
	}
}

// unknownFieldMessage is the message for a field the request type lacks.
const unknownFieldMessage = "is not a known field; the fields are candidate, modification, k, filter {category, require, exclude}, explain and cursor"

// decodeError turns a JSON decoding error into a field error.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError

	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return invalid("body", fmt.Sprintf("is a JSON %s; send a JSON object", typeErr.Value))
	case errors.As(err, &typeErr):
		return invalid(typeErr.Field, fmt.Sprintf("has the wrong type: got JSON %s, want %s", typeErr.Value, typeErr.Type))
	case errors.As(err, &syntaxErr):
		return invalid("body", fmt.Sprintf("is not valid JSON at byte %d: %v", syntaxErr.Offset, err))
	case errors.Is(err, io.EOF):
		return invalid("body", "is empty; send a JSON object such as {\"candidate\": \"B00006M009\", \"modification\": \"is darker\"}")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if name == "" {
			return invalid("body", "has a field with an empty name; remove it")
		}

		return invalid(name, unknownFieldMessage)
	default:
		return invalid("body", "is not a valid search request: "+err.Error())
	}
}
