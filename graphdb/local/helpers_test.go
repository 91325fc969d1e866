package local

import (
	"log/slog"
	"net"
	"os"
	"os/exec"
	"testing"
)

// testLogger returns a logger that writes to the test's output.
func testLogger(t *testing.T) *slog.Logger {
	t.Helper()

	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on a free port: %v", err)
	}
	defer ln.Close()

	return ln.Addr().(*net.TCPAddr).Port
}

// requireToolchain skips the test when java or mvn is missing, unless CI or
// TAILOR_REQUIRE_NEO4J is set, in which case it fails.
func requireToolchain(t *testing.T) {
	t.Helper()

	for _, tool := range []string{"java", "mvn"} {
		if _, err := exec.LookPath(tool); err == nil {
			continue
		}

		if os.Getenv("CI") != "" || os.Getenv("TAILOR_REQUIRE_NEO4J") != "" {
			t.Fatalf("%s is not on PATH, and CI or TAILOR_REQUIRE_NEO4J requires the Neo4j tests; install openjdk-17-jdk-headless and maven", tool)
		}

		t.Skipf("%s is not on PATH; install openjdk-17-jdk-headless and maven to run the Neo4j server tests", tool)
	}
}
