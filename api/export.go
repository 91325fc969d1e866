package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/export"
)

// ArrowStreamType is the media type of an Arrow IPC stream.
const ArrowStreamType = "application/vnd.apache.arrow.stream"

// Limits of GET /v1/export/{table}.
const (
	// MaxConcurrentExports is the number of export streams served at once;
	// each holds a Neo4j session and one record batch in memory.
	MaxConcurrentExports = 2

	// ExportTimeout bounds one export stream. The general request timeout
	// does not apply, because a full table takes longer.
	ExportTimeout = 30 * time.Minute

	// exportWriteTimeout is the time the client has to take each batch.
	exportWriteTimeout = time.Minute
)

// Exporter opens an export table as record batches; export.Source
// implements it.
type Exporter interface {
	Open(ctx context.Context, table string) (array.RecordReader, error)
}

// WithExporter serves GET /v1/export/{table} from e. Without it the route
// returns 503.
func (s *Server) WithExporter(e Exporter) *Server {
	s.exporter = e
	s.exportSlots = make(chan struct{}, MaxConcurrentExports)

	return s
}

// export streams one table as an Arrow IPC stream.
func (s *Server) export(c *gin.Context) {
	if s.exporter == nil {
		c.JSON(http.StatusServiceUnavailable, ErrorBody{ErrorDetail{Code: "not_configured", Message: "this server does not serve exports; start it with \"tailor serve\""}})
		return
	}

	select {
	case s.exportSlots <- struct{}{}:
		defer func() { <-s.exportSlots }()
	default:
		c.Header("Retry-After", "10")
		c.JSON(http.StatusServiceUnavailable, ErrorBody{ErrorDetail{Code: "busy", Message: fmt.Sprintf("%d exports are already running; retry in a few seconds", MaxConcurrentExports)}})
		return
	}

	// The stream outlives the general request timeout, so it gets its own.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), ExportTimeout)
	defer cancel()

	table := c.Param("table")

	rr, err := s.exporter.Open(ctx, table)
	if err != nil {
		s.writeExportError(c, table, err)
		return
	}
	defer rr.Release()

	s.streamTable(c, table, rr)
}

// writeExportError writes the error response for a table that failed to open.
func (s *Server) writeExportError(c *gin.Context, table string, err error) {
	switch {
	case errors.Is(err, export.ErrUnknownTable):
		c.JSON(http.StatusNotFound, ErrorBody{ErrorDetail{Code: "not_found", Message: err.Error(), Field: "table"}})
	case errors.Is(err, graphdb.ErrNoModel):
		c.JSON(http.StatusNotFound, ErrorBody{ErrorDetail{Code: "not_found", Message: "table " + table + " needs a trained model and the graph has none; run \"tailor train\""}})
	default:
		s.writeError(c, err)
	}
}

// streamTable writes rr to the response, flushing after each batch. A
// failure after the first byte cannot change the status, so it closes
// the connection: the client then sees a truncated body instead of a
// stream that looks complete.
func (s *Server) streamTable(c *gin.Context, table string, rr array.RecordReader) {
	rc := http.NewResponseController(c.Writer)

	c.Header("Content-Type", ArrowStreamType)
	c.Header("Content-Disposition", fmt.Sprintf("attachment; filename=%q", table+".arrows"))
	c.Header("Cache-Control", "no-store")
	c.Status(http.StatusOK)

	w := ipc.NewWriter(c.Writer, ipc.WithSchema(rr.Schema()))

	var rows int64
	for rr.Next() {
		_ = rc.SetWriteDeadline(time.Now().Add(exportWriteTimeout))

		if err := w.Write(rr.RecordBatch()); err != nil {
			s.abortStream(c, table, rows, fmt.Errorf("write batch: %w", err))
			return
		}

		rows += rr.RecordBatch().NumRows()
		_ = rc.Flush()
	}

	if err := rr.Err(); err != nil {
		s.abortStream(c, table, rows, err)
		return
	}

	if err := w.Close(); err != nil {
		s.abortStream(c, table, rows, fmt.Errorf("finish stream: %w", err))
		return
	}

	s.logger.Info("export streamed", "request_id", c.GetString(requestIDHeader), "table", table, "rows", rows)
}

// abortStream logs a failed stream and closes the client connection.
func (s *Server) abortStream(c *gin.Context, table string, rows int64, err error) {
	s.logger.Error("export stream failed", "request_id", c.GetString(requestIDHeader), "table", table, "rows_sent", rows, "err", err)

	// Gin refuses to hijack once the body has started, while net/http
	// flushes what was written and hands over the connection, so the
	// connection is taken from the writer that gin wraps.
	raw := http.ResponseWriter(c.Writer)
	if u, ok := raw.(interface{ Unwrap() http.ResponseWriter }); ok {
		raw = u.Unwrap()
	}

	conn, _, herr := http.NewResponseController(raw).Hijack()
	if herr != nil {
		s.logger.Warn("could not close the connection of a failed export stream", "request_id", c.GetString(requestIDHeader), "err", herr)
		return
	}

	_ = conn.Close()
}
