// Package api is Tailor's HTTP interface, built on Gin. It serves
//
//	GET  /                   the interactive web page (api/web, embedded)
//	POST /v1/search          ranked, explained results for a candidate and a modification
//	POST /v1/search/batch    several searches in one request
//	GET  /v1/products        browse products by category and attributes
//	GET  /v1/products/{id}   one product with its attributes
//	GET  /v1/products/{id}/similar            the products closest to one product
//	POST, DELETE /v1/products/{id}/attributes more metadata: user-provided attributes
//	POST /v1/preferences, GET and DELETE /v1/preferences/{id}   "I like that" groups
//	GET  /v1/attributes, /v1/categories       what there is to filter on
//	GET  /healthz            the process is up
//	GET  /readyz             Neo4j responds and a model is loaded
//	GET  /metrics            Prometheus metrics
//	GET  /openapi.json       the OpenAPI 3 description of these routes
//
// Write routes require an API key when the server has one (WithAPIKey).
// Errors are JSON objects {"error": {"code", "message", "field"}} with a
// 4xx or 5xx status; the message names the offending value and what to do next.
package api
