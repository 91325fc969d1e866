package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/tailorsearch/tailor/internal/retrieval"
)

// Pinger checks that the graph database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Limits bound what one request may ask for.
type Limits struct {
	MaxK            int   // largest k a search may ask for
	MaxBodyBytes    int64 // largest request body
	MaxModification int   // longest modification text, in bytes
}

// DefaultLimits returns the limits that "tailor serve" uses.
func DefaultLimits() Limits {
	return Limits{MaxK: 100, MaxBodyBytes: 1 << 20, MaxModification: 1000}
}

// Server holds the handlers' dependencies.
type Server struct {
	engine *retrieval.Engine
	db     Pinger
	logger *slog.Logger
	limits Limits
}

// NewServer returns a server over engine, using db for readiness checks.
func NewServer(engine *retrieval.Engine, db Pinger, logger *slog.Logger, limits Limits) *Server {
	return &Server{engine: engine, db: db, logger: logger, limits: limits}
}

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)

	r := gin.New()
	r.Use(gin.Recovery(), s.logRequests())

	r.GET("/healthz", s.health)
	r.GET("/readyz", s.ready)
	r.POST("/v1/search", s.search)
	r.GET("/v1/products/:id", s.product)

	r.NoRoute(func(c *gin.Context) {
		c.JSON(http.StatusNotFound, ErrorBody{ErrorDetail{Code: "not_found", Message: "no route " + c.Request.Method + " " + c.Request.URL.Path}})
	})

	return r
}

func (s *Server) logRequests() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()

		s.logger.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "duration", time.Since(start))
	}
}

func (s *Server) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()

	if err := s.db.Ping(ctx); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready", "reason": "neo4j does not answer: " + err.Error()})
		return
	}

	if err := s.engine.Ready(); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready", "reason": "no trained model is loaded; run \"tailor train\""})
		return
	}

	c.JSON(http.StatusOK, gin.H{"status": "ready", "model_version": s.engine.ModelVersion()})
}

func (s *Server) product(c *gin.Context) {
	p, err := s.engine.Product(c.Param("id"))
	if err != nil {
		s.writeError(c, err)
		return
	}

	c.JSON(http.StatusOK, p)
}
