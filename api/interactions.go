package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

// AttributeRequest is the body of POST /v1/products/{id}/attributes.
type AttributeRequest struct {
	Kind  string `json:"kind"`
	Value string `json:"value"`
}

// PreferenceRequest is the body of POST /v1/preferences.
type PreferenceRequest struct {
	Products []string `json:"products"`
	Context  string   `json:"context"`
}

// userHeader carries an optional user name that interactions record.
const userHeader = "X-Tailor-User"

func (s *Server) addAttribute(c *gin.Context) {
	var in AttributeRequest
	if err := s.decodeStrict(c.Request, &in, "kind and value"); err != nil {
		s.writeError(c, err)
		return
	}

	if err := requireAttribute(in.Kind, in.Value); err != nil {
		s.writeError(c, err)
		return
	}

	p, err := s.engine.AddAttribute(c.Request.Context(), c.Param("id"), catalog.Attribute{Kind: in.Kind, Value: in.Value}, c.GetHeader(userHeader))
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusCreated, gin.H{"product": p})
}

func (s *Server) removeAttribute(c *gin.Context) {
	kind, value := c.Query("kind"), c.Query("value")
	if err := requireAttribute(kind, value); err != nil {
		s.writeError(c, err)
		return
	}

	p, err := s.engine.RemoveAttribute(c.Request.Context(), c.Param("id"), catalog.Attribute{Kind: kind, Value: value})
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, gin.H{"product": p})
}

func requireAttribute(kind, value string) error {
	if kind == "" {
		return invalid("kind", "is required, such as \"texture\"")
	}

	if value == "" {
		return invalid("value", "is required, such as \"floral\"")
	}

	return nil
}

func (s *Server) addPreference(c *gin.Context) {
	var in PreferenceRequest
	if err := s.decodeStrict(c.Request, &in, "products and context"); err != nil {
		s.writeError(c, err)
		return
	}

	for i, id := range in.Products {
		if strings.TrimSpace(id) == "" {
			s.writeError(c, invalid(fmt.Sprintf("products[%d]", i), "is empty; give a product id"))
			return
		}
	}

	if len(in.Products) < retrieval.MinGroupProducts || len(in.Products) > retrieval.MaxGroupProducts {
		s.writeError(c, invalid("products", fmt.Sprintf("has %d ids; a preference group needs %d to %d distinct products",
			len(in.Products), retrieval.MinGroupProducts, retrieval.MaxGroupProducts)))
		return
	}

	if len(in.Context) > s.limits.MaxModification {
		s.writeError(c, invalid("context", fmt.Sprintf("is %d bytes long; the limit is %d", len(in.Context), s.limits.MaxModification)))
		return
	}

	g, err := s.engine.AddPreference(c.Request.Context(), in.Products, in.Context, c.GetHeader(userHeader))
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusCreated, g)
}

func (s *Server) getPreference(c *gin.Context) {
	g, err := s.engine.Preference(c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, g)
}

func (s *Server) deletePreference(c *gin.Context) {
	if err := s.engine.DeletePreference(c.Request.Context(), c.Param("id")); err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, gin.H{"deleted": c.Param("id")})
}

// decodeStrict reads one JSON object into v, rejecting unknown fields;
// fields names the accepted fields for the error message.
func (s *Server) decodeStrict(r *http.Request, v any, fields string) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, s.limits.MaxBodyBytes+1))
	if err != nil {
		return invalid("body", "could not be read: "+err.Error())
	}

	if int64(len(body)) > s.limits.MaxBodyBytes {
		return tooLarge(s.limits.MaxBodyBytes)
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()

	if err := dec.Decode(v); err != nil {
		var fe *fieldError
		if errors.As(decodeError(err), &fe) && fe.msg == unknownFieldMessage {
			return invalid(fe.field, "is not a known field; the fields are "+fields)
		}

		return decodeError(err)
	}

	return nil
}
