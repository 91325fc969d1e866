// Package local runs the project's own Neo4j 5.26 Community server on this
// machine without Docker or a Neo4j distribution.
//
// Start builds the Java launcher in graphdb/launcher with Maven the first
// time, starts it in the background in its own session, and returns once
// a query over Bolt succeeds. Stop sends SIGTERM to the recorded process,
// and only after checking that its command line is the launcher for the
// same state folder. Status reports whether that process runs and on
// which ports.
//
// Everything a server writes lives under <StateDir>/neo4j:
//
//	neo4j.pid   process id of the launcher JVM
//	neo4j.log   the launcher's standard output and error, which include Neo4j's user log
//	data/       databases and transaction logs
//	logs/       Neo4j's own logs (neo4j.log, debug.log, query.log)
//
// The server listens only on 127.0.0.1, so authentication is off unless
// Options.Password is set.
//
// NOTE: Start, Stop and Status identify the launcher through
// /proc/<pid>/cmdline, so they work only on Linux. Elsewhere a running
// server looks like a stale pid file.
package local
