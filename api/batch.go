package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/internal/retrieval"
)

// BatchRequest is the body of POST /v1/search/batch.
type BatchRequest struct {
	Queries []json.RawMessage `json:"queries"`
}

// BatchItem is one search's outcome in a batch: a response or an error.
type BatchItem struct {
	*SearchResponse
	Error *ErrorDetail `json:"error,omitempty"`
}

// searchBatch runs several searches in one request. Each item succeeds
// or fails on its own; the batch fails only when its envelope is invalid.
func (s *Server) searchBatch(c *gin.Context) {
	var in BatchRequest
	if err := s.decodeStrict(c.Request, &in, "queries"); err != nil {
		s.writeError(c, err)
		return
	}

	if len(in.Queries) == 0 || len(in.Queries) > s.limits.MaxBatch {
		s.writeError(c, invalid("queries", fmt.Sprintf("has %d searches; send 1 to %d", len(in.Queries), s.limits.MaxBatch)))
		return
	}

	out := make([]BatchItem, len(in.Queries))
	for i, raw := range in.Queries {
		out[i] = s.batchItem(c, i, raw)
	}

	c.JSON(http.StatusOK, gin.H{"results": out})
}

func (s *Server) batchItem(c *gin.Context, i int, raw json.RawMessage) BatchItem {
	req, err := ParseSearch(raw, s.limits)
	if err == nil {
		var resp SearchResponse
		if resp, err = s.run(c.Request.Context(), req); err == nil {
			return BatchItem{SearchResponse: &resp}
		}
	}

	_, detail := s.classify(c, err)
	if detail.Field != "" {
		detail.Field = "queries[" + strconv.Itoa(i) + "]." + detail.Field
	}

	return BatchItem{Error: &detail}
}

// similar serves GET /v1/products/{id}/similar?k=: the products whose
// vectors are closest to this product's own.
func (s *Server) similar(c *gin.Context) {
	k := DefaultK
	if raw := c.Query("k"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > s.limits.MaxK {
			s.writeError(c, invalid("k", fmt.Sprintf("is %q; it must be a whole number from 1 to %d", raw, s.limits.MaxK)))
			return
		}

		k = n
	}

	explain := true
	if raw := c.Query("explain"); raw != "" {
		b, err := strconv.ParseBool(raw)
		if err != nil {
			s.writeError(c, invalid("explain", fmt.Sprintf("is %q; use true or false", raw)))
			return
		}

		explain = b
	}

	req := retrieval.Request{Candidate: c.Param("id"), K: k, Similar: true, Explain: explain}

	if raw := c.Query("cursor"); raw != "" {
		offset, err := decodeCursor(raw)
		if err != nil || offset+k > s.limits.MaxOffset {
			s.writeError(c, invalid("cursor", "is not a cursor this server issued; send next_cursor from the previous response unchanged"))
			return
		}

		req.Offset = offset
	}

	resp, err := s.run(c.Request.Context(), req)
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, resp)
}
