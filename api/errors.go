package api

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/retrieval"
)

// ErrorBody is the JSON body of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail describes one failed request.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// fieldError is a request error that names the field at fault.
type fieldError struct {
	field string
	msg   string
}

func (e *fieldError) Error() string { return e.field + ": " + e.msg }

func invalid(field, msg string) error { return &fieldError{field: field, msg: msg} }

// writeError maps err to a status and writes the error body.
func (s *Server) writeError(c *gin.Context, err error) {
	var fe *fieldError

	switch {
	case errors.As(err, &fe):
		c.JSON(http.StatusBadRequest, ErrorBody{ErrorDetail{Code: "invalid_request", Message: fe.Error(), Field: fe.field}})
	case errors.Is(err, retrieval.ErrUnknownProduct):
		c.JSON(http.StatusNotFound, ErrorBody{ErrorDetail{Code: "not_found", Message: err.Error() + "; check the id with GET /v1/products/{id}"}})
	case errors.Is(err, retrieval.ErrNotReady):
		c.JSON(http.StatusServiceUnavailable, ErrorBody{ErrorDetail{Code: "not_ready", Message: "no trained model is loaded yet; run \"tailor train\" and retry"}})
	case errors.Is(err, graphdb.ErrUnavailable):
		s.logger.Error("neo4j unavailable", "path", c.FullPath(), "err", err)
		c.Header("Retry-After", "5")
		c.JSON(http.StatusServiceUnavailable, ErrorBody{ErrorDetail{Code: "unavailable", Message: "the graph database is unavailable; retry in a few seconds"}})
	default:
		s.logger.Error("request failed", "path", c.FullPath(), "err", err)
		c.JSON(http.StatusInternalServerError, ErrorBody{ErrorDetail{Code: "internal", Message: "internal error; the server log has the details"}})
	}
}
