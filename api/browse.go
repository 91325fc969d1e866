package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

// maxListLimit bounds the products one listing returns.
const maxListLimit = 200

// listProducts serves GET /v1/products?category=&attribute=kind:value&limit=&random=&seed=.
func (s *Server) listProducts(c *gin.Context) {
	q, err := parseProductQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}

	products, err := s.engine.Products(q)
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, gin.H{"products": products})
}

func parseProductQuery(c *gin.Context) (retrieval.ProductQuery, error) {
	q := retrieval.ProductQuery{Category: c.Query("category"), Limit: 20}

	for _, raw := range c.QueryArray("attribute") {
		kind, value, ok := strings.Cut(raw, ":")
		if !ok || kind == "" || value == "" {
			return q, invalid("attribute", fmt.Sprintf("is %q; write it as kind:value, such as texture:floral", raw))
		}

		q.Attributes = append(q.Attributes, catalog.Attribute{Kind: kind, Value: value})
	}

	if raw := c.Query("limit"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > maxListLimit {
			return q, invalid("limit", fmt.Sprintf("is %q; it must be a whole number from 1 to %d", raw, maxListLimit))
		}

		q.Limit = n
	}

	if raw := c.Query("random"); raw != "" {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return q, invalid("random", fmt.Sprintf("is %q; use true or false", raw))
		}

		q.Random = b
	}

	if raw := c.Query("seed"); raw != "" {
		n, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			return q, invalid("seed", fmt.Sprintf("is %q; it must be a non-negative whole number", raw))
		}

		q.Seed = n
	}

	return q, nil
}

func (s *Server) listAttributes(c *gin.Context) {
	attrs, err := s.engine.Attributes(c.Query("kind"))
	if err != nil {
		s.writeError(c, err)
		return
	}

	if attrs == nil {
		attrs = []retrieval.AttributeCount{}
	}

	c.JSON(http.StatusOK, gin.H{"attributes": attrs})
}

func (s *Server) listCategories(c *gin.Context) {
	cats, err := s.engine.Categories()
	if err != nil {
		s.writeError(c, err)
		return
	}

	if cats == nil {
		cats = []retrieval.CategoryCount{}
	}

	c.JSON(http.StatusOK, gin.H{"categories": cats})
}
