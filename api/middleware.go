package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// requestIDHeader carries the request id in requests and responses.
const requestIDHeader = "X-Request-ID"

// validRequestID limits client-supplied ids to what is safe to log.
var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// metrics are the Prometheus series the server exports at /metrics.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tailor_http_requests_total",
			Help: "HTTP requests by method, route and status code.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "tailor_http_request_duration_seconds",
			Help:    "HTTP request latency by method and route, in seconds.",
			Buckets: []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10},
		}, []string{"method", "route"}),
	}

	reg.MustRegister(m.requests, m.duration)

	return m
}

// observe assigns a request id, bounds the request's time, and records
// its log line and metrics once it is done.
func (s *Server) observe() gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()

		id := c.GetHeader(requestIDHeader)
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}

		c.Header(requestIDHeader, id)
		c.Set(requestIDHeader, id)

		ctx, cancel := context.WithTimeout(c.Request.Context(), s.limits.RequestTimeout)
		defer cancel()

		c.Request = c.Request.WithContext(ctx)
		c.Next()

		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}

		elapsed := time.Since(start)
		status := c.Writer.Status()
		s.metrics.requests.WithLabelValues(c.Request.Method, route, strconv.Itoa(status)).Inc()
		s.metrics.duration.WithLabelValues(c.Request.Method, route).Observe(elapsed.Seconds())

		level := s.logger.Debug
		if status >= http.StatusInternalServerError {
			level = s.logger.Warn
		}

		level("request", "request_id", id, "method", c.Request.Method, "route", route, "status", status, "duration", elapsed)
	}
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)

	return hex.EncodeToString(b)
}
