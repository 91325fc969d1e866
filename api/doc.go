// Package api is Tailor's HTTP interface, built on Gin. It serves
//
//	POST /v1/search          ranked, explained results for a candidate and a modification
//	GET  /v1/products/{id}   one product with its attributes
//	GET  /healthz            the process is up
//	GET  /readyz             Neo4j answers and a model is loaded
//
// Errors are JSON objects {"error": {"code", "message", "field"}} with a
// 4xx or 5xx status; the message names the offending value and says what
// to do.
package api
