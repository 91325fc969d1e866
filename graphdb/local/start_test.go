package local

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/graphdb"
)

func TestStartPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	defer ln.Close()

	busy := ln.Addr().(*net.TCPAddr).Port

	tests := []struct {
		name     string
		bolt     int
		http     int
		wantFlag string
	}{
		{"bolt port", busy, freePort(t), "--bolt-port"},
		{"http port", freePort(t), busy, "--http-port"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{StateDir: t.TempDir(), BoltPort: tt.bolt, HTTPPort: tt.http}

			_, err := Start(context.Background(), testLogger(t), opts)
			if !errors.Is(err, ErrPortInUse) {
				t.Fatalf("Start error = %v, want ErrPortInUse", err)
			}

			if !strings.Contains(err.Error(), strconv.Itoa(busy)) {
				t.Errorf("Start error %q does not name port %d", err, busy)
			}
			if !strings.Contains(err.Error(), tt.wantFlag) {
				t.Errorf("Start error %q does not name %s", err, tt.wantFlag)
			}
		})
	}
}

func TestStartInvalidOptions(t *testing.T) {
	_, err := Start(context.Background(), testLogger(t), Options{StateDir: t.TempDir(), Heap: "lots"})
	if !errors.Is(err, ErrInvalidOptions) {
		t.Errorf("Start error = %v, want ErrInvalidOptions", err)
	}
}

// startTestServer starts a server in a new temporary state folder on free
// ports and stops it when the test ends.
func startTestServer(t *testing.T, password string) (Options, ServerStatus) {
	t.Helper()
	requireToolchain(t)

	opts := Options{
		StateDir:     t.TempDir(),
		BoltPort:     freePort(t),
		HTTPPort:     freePort(t),
		Heap:         "512m",
		PageCache:    "64m",
		Password:     password,
		StartTimeout: 90 * time.Second,
	}

	logger := testLogger(t)
	t.Cleanup(func() {
		if _, err := Stop(context.Background(), logger, opts.StateDir); err != nil {
			t.Errorf("stop test server: %v", err)
		}
	})

	started := time.Now()
	st, err := Start(context.Background(), logger, opts)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Logf("neo4j started in %s", time.Since(started).Round(time.Millisecond))

	return opts, st
}

func TestServerLifecycle(t *testing.T) {
	ctx := context.Background()
	opts, st := startTestServer(t, "")

	if !st.Running || st.PID <= 0 {
		t.Fatalf("Start status = %+v, want a running server with a pid", st)
	}
	if st.BoltPort != opts.BoltPort || st.HTTPPort != opts.HTTPPort {
		t.Errorf("Start ports = %d/%d, want %d/%d", st.BoltPort, st.HTTPPort, opts.BoltPort, opts.HTTPPort)
	}

	client, err := graphdb.Open(ctx, graphdb.Config{URI: st.BoltURI()}, testLogger(t))
	if err != nil {
		t.Fatalf("open %s: %v", st.BoltURI(), err)
	}
	defer client.Close(ctx)

	rows, err := client.Read(ctx, "RETURN 1 AS x", nil)
	if err != nil {
		t.Fatalf("RETURN 1: %v", err)
	}
	if len(rows) != 1 || rows[0]["x"] != int64(1) {
		t.Errorf("RETURN 1 AS x = %v, want [map[x:1]]", rows)
	}

	checkQueryAPI(t, st.HTTPURL(), "")

	again, err := Start(ctx, testLogger(t), opts)
	if err != nil {
		t.Fatalf("second Start: %v", err)
	}
	if again.PID != st.PID {
		t.Errorf("second Start pid = %d, want the running pid %d", again.PID, st.PID)
	}

	status, err := Status(ctx, opts.StateDir)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	if !status.Running || status.PID != st.PID || status.BoltPort != opts.BoltPort || status.HTTPPort != opts.HTTPPort {
		t.Errorf("Status = %+v, want running pid %d on %d/%d", status, st.PID, opts.BoltPort, opts.HTTPPort)
	}

	other := opts
	other.StateDir = t.TempDir()
	if _, err := Start(ctx, testLogger(t), other); !errors.Is(err, ErrPortInUse) {
		t.Errorf("Start on the ports of a running server: error = %v, want ErrPortInUse", err)
	}

	stopped, err := Stop(ctx, testLogger(t), opts.StateDir)
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if !stopped {
		t.Error("Stop = false for a running server, want true")
	}

	if _, err := os.Stat(newLayout(opts.StateDir).pidFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pid file still exists after Stop: stat error %v", err)
	}

	// The launcher is this test's child, so it stays a zombie until Start's
	// Wait goroutine reaps it.
	if err := waitGone(st.PID, 5*time.Second); err != nil {
		t.Errorf("launcher pid %d still exists after Stop: %v", st.PID, err)
	}

	status, err = Status(ctx, opts.StateDir)
	if err != nil {
		t.Fatalf("Status after Stop: %v", err)
	}
	if status.Running {
		t.Errorf("Status after Stop = %+v, want not running", status)
	}
}

func TestServerPassword(t *testing.T) {
	ctx := context.Background()
	const password = "tailor-test-password"
	opts, st := startTestServer(t, password)

	if _, err := os.Stat(newLayout(opts.StateDir).password); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("password file still exists after Start: stat error %v", err)
	}

	args, err := processArgs(st.PID)
	if err != nil {
		t.Fatalf("processArgs: %v", err)
	}
	if strings.Contains(strings.Join(args, " "), password) {
		t.Errorf("launcher command line contains the password: %v", args)
	}

	client, err := graphdb.Open(ctx, graphdb.Config{URI: st.BoltURI(), User: "neo4j", Password: password}, testLogger(t))
	if err != nil {
		t.Fatalf("open with the password: %v", err)
	}
	defer client.Close(ctx)

	if _, err := client.Read(ctx, "RETURN 1 AS x", nil); err != nil {
		t.Errorf("RETURN 1 with the password: %v", err)
	}

	wrong, err := graphdb.Open(ctx, graphdb.Config{URI: st.BoltURI(), User: "neo4j", Password: "wrong-password"}, testLogger(t))
	if err == nil {
		wrong.Close(ctx)
		t.Error("open with a wrong password succeeded")
	}

	checkQueryAPI(t, st.HTTPURL(), password)
}

// checkQueryAPI runs RETURN 1 through the HTTP Query API of Neo4j 5.26.
func checkQueryAPI(t *testing.T, baseURL, password string) {
	t.Helper()

	req, err := http.NewRequest(http.MethodPost, baseURL+"/db/neo4j/query/v2", strings.NewReader(`{"statement": "RETURN 1 AS x"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if password != "" {
		req.SetBasicAuth("neo4j", password)
	}

	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("query API: %v", err)
	}
	defer resp.Body.Close()

	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusAccepted && resp.StatusCode != http.StatusOK {
		t.Fatalf("query API status = %d, body %s", resp.StatusCode, body)
	}

	if !strings.Contains(string(body), `"values":[[1]]`) {
		t.Errorf("query API body = %s, want values [[1]]", body)
	}
}

// waitGone polls until no process has the id pid, and returns the last
// kill -0 result when one still does after timeout.
func waitGone(pid int, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)

	for {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) {
			return nil
		}

		if time.Now().After(deadline) {
			return fmt.Errorf("kill -0 returned %v after %s", err, timeout)
		}

		time.Sleep(50 * time.Millisecond)
	}
}

func TestStartLauncherExitsEarly(t *testing.T) {
	if _, err := exec.LookPath("java"); err != nil {
		t.Skip("java is not on PATH")
	}

	// A launcher folder whose Launcher.class is empty, so that the JVM
	// exits at once with a class format error.
	dir := makeLauncherTree(t, t.TempDir())
	for _, f := range []string{launcherClassFile(dir), filepath.Join(dir, "target", "lib", "neo4j-empty.jar")} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	opts := Options{StateDir: t.TempDir(), LauncherDir: dir, BoltPort: freePort(t), HTTPPort: freePort(t), StartTimeout: 30 * time.Second}

	_, err := Start(context.Background(), testLogger(t), opts)
	if !errors.Is(err, ErrExitedEarly) {
		t.Fatalf("Start error = %v, want ErrExitedEarly", err)
	}
	t.Logf("Start error: %v", err)

	if !strings.Contains(err.Error(), launcherClass) {
		t.Errorf("Start error does not quote the log, which names %s: %v", launcherClass, err)
	}

	if _, err := os.Stat(newLayout(opts.StateDir).pidFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pid file exists after a failed start: stat error %v", err)
	}
}

func TestStartTimeout(t *testing.T) {
	requireToolchain(t)

	opts := Options{StateDir: t.TempDir(), BoltPort: freePort(t), HTTPPort: freePort(t), Heap: "512m", PageCache: "64m", StartTimeout: time.Second}

	_, err := Start(context.Background(), testLogger(t), opts)
	if !errors.Is(err, ErrStartTimeout) {
		t.Fatalf("Start error = %v, want ErrStartTimeout", err)
	}
	t.Logf("Start error: %v", err)

	if !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("Start error does not say how to raise the timeout: %v", err)
	}

	if _, err := os.Stat(newLayout(opts.StateDir).pidFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pid file exists after a timed-out start: stat error %v", err)
	}

	st, err := Status(context.Background(), opts.StateDir)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	if st.Running {
		t.Errorf("Status after a timed-out start = %+v, want not running", st)
	}
}
