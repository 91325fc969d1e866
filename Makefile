# Build, test and local Neo4j targets for Tailor.
#
# Tests run against a separate test server (Bolt 127.0.0.1:7688, HTTP 7475,
# state in .tailor/test-neo4j). "make test" starts it when it is not running
# and leaves it running for the next run; "make test-stop" stops it. Tests
# that use Neo4j wipe the test database, so packages run one at a time (-p 1).
#
# The server needs Java 17 or 21, and its first start builds graphdb/launcher
# with Maven. NEO4J_PASSWORD, when set, turns authentication on for the
# default server of "make neo4j-start" and "make run".

GO ?= go
TAILOR := bin/tailor

# Tests resolve relative paths per package, so the default is absolute.
TAILOR_DATA_DIR ?= $(CURDIR)/data
export TAILOR_DATA_DIR

# A second checkout on the same machine needs other ports, such as
# "make test TEST_BOLT_PORT=7698 TEST_HTTP_PORT=7485".
TEST_STATE_DIR := .tailor/test-neo4j
TEST_BOLT_PORT ?= 7688
TEST_HTTP_PORT ?= 7475
TEST_ENV := NEO4J_TEST_URI=bolt://127.0.0.1:$(TEST_BOLT_PORT) TAILOR_REQUIRE_NEO4J=1

.PHONY: build run test bench test-neo4j test-stop neo4j-start neo4j-stop

build:
	$(GO) build -o $(TAILOR) ./cmd/tailor

# The main job: start Neo4j, load FashionIQ, train, evaluate, serve.
run: build
	$(TAILOR) run

test: test-neo4j
	$(GO) vet ./...
	$(TEST_ENV) $(GO) test -p 1 -count=1 -timeout 60m ./...

bench: test-neo4j
	$(TEST_ENV) $(GO) test -run '^$$' -bench . -benchmem ./...

# Starts the test server, or returns at once when it already runs. Tests
# read its password from NEO4J_TEST_PASSWORD (default empty: no
# authentication), so that variable, not NEO4J_PASSWORD, sets it. The shell
# expands it, so make does not print the value.
test-neo4j: build
	NEO4J_PASSWORD="$$NEO4J_TEST_PASSWORD" $(TAILOR) neo4j start --state-dir $(TEST_STATE_DIR) --bolt-port $(TEST_BOLT_PORT) --http-port $(TEST_HTTP_PORT)

test-stop: build
	$(TAILOR) neo4j stop --state-dir $(TEST_STATE_DIR)

# The default server on Bolt 127.0.0.1:7687 and HTTP 7474, state in .tailor.
neo4j-start: build
	$(TAILOR) neo4j start

neo4j-stop: build
	$(TAILOR) neo4j stop
