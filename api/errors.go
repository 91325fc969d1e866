package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

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

// errTooLarge marks a request body over the size limit (413).
var errTooLarge = errors.New("request body too large")

func tooLarge(limit int64) error {
	return fmt.Errorf("%w: the body is larger than %d bytes; send a smaller request", errTooLarge, limit)
}

// writeError maps err to a status and writes the error body.
func (s *Server) writeError(c *gin.Context, err error) {
	status, detail := s.classify(c, err)
	if status == http.StatusServiceUnavailable && detail.Code == "unavailable" {
		c.Header("Retry-After", "5")
	}

	c.JSON(status, ErrorBody{detail})
}

// classify maps err to an HTTP status and error detail, logging the
// server-side failures that the client cannot fix.
func (s *Server) classify(c *gin.Context, err error) (int, ErrorDetail) {
	var fe *fieldError

	switch {
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge, ErrorDetail{Code: "too_large", Message: err.Error(), Field: "body"}
	case errors.As(err, &fe):
		return http.StatusBadRequest, ErrorDetail{Code: "invalid_request", Message: fe.Error(), Field: fe.field}
	case errors.Is(err, retrieval.ErrInvalidFilter):
		field := "filter"
		if strings.Contains(err.Error(), "named filter") {
			field = "filter.named"
		}

		return http.StatusBadRequest, ErrorDetail{Code: "invalid_request", Message: err.Error(), Field: field}
	case errors.Is(err, retrieval.ErrInvalidInteraction):
		return http.StatusBadRequest, ErrorDetail{Code: "invalid_request", Message: err.Error()}
	case errors.Is(err, retrieval.ErrNotUserAttribute):
		return http.StatusConflict, ErrorDetail{Code: "conflict", Message: err.Error() + "; only attributes added through the API can be removed"}
	case errors.Is(err, retrieval.ErrUnknownAttribute), errors.Is(err, retrieval.ErrUnknownGroup):
		return http.StatusNotFound, ErrorDetail{Code: "not_found", Message: err.Error()}
	case errors.Is(err, retrieval.ErrUnknownProduct):
		return http.StatusNotFound, ErrorDetail{Code: "not_found", Message: err.Error() + "; check the id with GET /v1/products/{id}"}
	case errors.Is(err, retrieval.ErrNotReady):
		return http.StatusServiceUnavailable, ErrorDetail{Code: "not_ready", Message: "no trained model is loaded yet; run \"tailor train\" and retry"}
	case errors.Is(err, graphdb.ErrUnavailable):
		s.logger.Error("neo4j unavailable", "request_id", c.GetString(requestIDHeader), "path", c.FullPath(), "err", err)
		return http.StatusServiceUnavailable, ErrorDetail{Code: "unavailable", Message: "the graph database is unavailable, so nothing was changed; retry in a few seconds"}
	case errors.Is(err, context.DeadlineExceeded):
		s.logger.Warn("request timed out", "request_id", c.GetString(requestIDHeader), "path", c.FullPath(), "err", err)
		return http.StatusServiceUnavailable, ErrorDetail{Code: "timeout", Message: "the request timed out; retry, or narrow the filter"}
	default:
		s.logger.Error("request failed", "request_id", c.GetString(requestIDHeader), "path", c.FullPath(), "err", err)
		return http.StatusInternalServerError, ErrorDetail{Code: "internal", Message: "internal error; the server log has the details under request id " + c.GetString(requestIDHeader)}
	}
}
