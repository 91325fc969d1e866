// Command load measures a running Tailor server from a real HTTP client
// on loopback: throughput and p50/p99 latency of searches at several
// concurrency levels, with and without a filter and explanations, and the
// time from an interaction's POST to the first search that reflects it.
//
//	go run ./bench/load -url http://127.0.0.1:8080 -duration 10s
//
// It only sends requests to the URL it is given, which must be a loopback
// address, and each setting stops after -duration or -requests.
package main
