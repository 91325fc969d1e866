// Package neo4jtest connects tests to the real Neo4j test server.
//
// Tests never touch the server that "tailor run" uses: they connect to
// NEO4J_TEST_URI (default bolt://127.0.0.1:7688), the instance that
// "make test" starts with its own state folder. When that server does not
// respond, a test fails if CI or TAILOR_REQUIRE_NEO4J is set, and is skipped
// with a message otherwise.
//
// Test packages that use this server wipe it, so "make test" runs them one
// package at a time (go test -p 1).
package neo4jtest
