package api

import (
	"context"
	"crypto/subtle"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/tailorsearch/tailor/internal/retrieval"
)

// Pinger checks that the graph database responds.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Limits bound what one request may ask for.
type Limits struct {
	MaxK            int           // largest k a search may ask for
	MaxOffset       int           // deepest result a cursor may reach
	MaxBatch        int           // maximum searches in one batch request
	MaxBodyBytes    int64         // largest request body
	MaxModification int           // maximum modification text length, in bytes
	RequestTimeout  time.Duration // time one request may take
}

// DefaultLimits returns the limits that "tailor serve" uses.
func DefaultLimits() Limits {
	return Limits{MaxK: 100, MaxOffset: 1000, MaxBatch: 32, MaxBodyBytes: 1 << 20, MaxModification: 1000, RequestTimeout: 10 * time.Second}
}

// Server holds the handlers' dependencies.
type Server struct {
	engine *retrieval.Engine
	db     Pinger
	logger *slog.Logger
	limits Limits
	apiKey string

	registry *prometheus.Registry
	metrics  *metrics

	exporter    Exporter      // serves GET /v1/export/{table}; nil until WithExporter
	exportSlots chan struct{} // one token per export stream in progress
}

// WithAPIKey makes write endpoints require key, sent as "Authorization:
// Bearer KEY" or "X-API-Key: KEY". Read endpoints stay open.
func (s *Server) WithAPIKey(key string) *Server {
	s.apiKey = key
	return s
}

// requireKey rejects write requests without the configured API key.
func (s *Server) requireKey() gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.apiKey == "" {
			return
		}

		got := c.GetHeader("X-API-Key")
		if bearer, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer "); ok {
			got = bearer
		}

		if subtle.ConstantTimeCompare([]byte(got), []byte(s.apiKey)) != 1 {
			c.AbortWithStatusJSON(http.StatusUnauthorized, ErrorBody{ErrorDetail{
				Code: "unauthorized", Message: "this endpoint needs the API key: send \"Authorization: Bearer KEY\" or \"X-API-Key: KEY\"",
			}})
		}
	}
}

// NewServer returns a server over engine, using db for readiness checks.
// Each server has its own metrics registry.
func NewServer(engine *retrieval.Engine, db Pinger, logger *slog.Logger, limits Limits) *Server {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	return &Server{engine: engine, db: db, logger: logger, limits: limits, registry: reg, metrics: newMetrics(reg)}
}

// Handler returns the HTTP handler with every route.
func (s *Server) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)

	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(gin.Recovery(), s.observe())

	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.registry, promhttp.HandlerOpts{})))
	r.GET("/openapi.json", s.openAPI)

	r.GET("/healthz", s.health)
	r.GET("/readyz", s.ready)
	r.POST("/v1/search", s.search)
	r.POST("/v1/search/batch", s.searchBatch)
	r.GET("/v1/products/:id/similar", s.similar)
	r.GET("/v1/products", s.listProducts)
	r.GET("/v1/products/:id", s.product)
	r.GET("/v1/attributes", s.listAttributes)
	r.GET("/v1/categories", s.listCategories)
	r.GET("/v1/preferences/:id", s.getPreference)
	r.GET("/v1/export/:table", s.export)

	w := r.Group("/", s.requireKey())
	w.POST("/v1/products/:id/attributes", s.addAttribute)
	w.DELETE("/v1/products/:id/attributes", s.removeAttribute)
	w.POST("/v1/preferences", s.addPreference)
	w.DELETE("/v1/preferences/:id", s.deletePreference)

	// The web page at / and its files under /static/, embedded in the binary.
	r.GET("/", webIndex)
	r.GET("/static/*file", webStatic)

	r.NoMethod(func(c *gin.Context) {
		c.JSON(http.StatusMethodNotAllowed, ErrorBody{ErrorDetail{Code: "method_not_allowed", Message: c.Request.Method + " is not allowed on " + c.Request.URL.Path}})
	})

	r.NoRoute(func(c *gin.Context) {
		c.JSON(http.StatusNotFound, ErrorBody{ErrorDetail{Code: "not_found", Message: "no route " + c.Request.Method + " " + c.Request.URL.Path}})
	})

	return r
}

func (s *Server) health(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
	defer cancel()

	if err := s.db.Ping(ctx); err != nil {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "not ready", "reason": "neo4j is not responding: " + err.Error()})
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
