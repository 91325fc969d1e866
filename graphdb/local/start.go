package local

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// logTailLines is how many lines of the server log a start error includes.
const logTailLines = 20

// Start starts the Neo4j server of opts.StateDir in the background and
// returns once a query over Bolt succeeds. When the pid file names a
// running launcher for the same folder, Start waits for its Bolt port and
// returns its status without starting a second server. A server that
// fails to become ready, or whose start ctx cancels, is stopped again.
// Once Start returns, the server outlives ctx and the calling process
// until Stop ends it.
func Start(ctx context.Context, logger *slog.Logger, opts Options) (ServerStatus, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return ServerStatus{}, err
	}

	if err := o.validate(); err != nil {
		return ServerStatus{}, err
	}

	l := newLayout(o.StateDir)
	if err := os.MkdirAll(l.home, 0o700); err != nil {
		return ServerStatus{}, fmt.Errorf("create neo4j folder: %w", err)
	}

	unlock, err := lockFile(ctx, l.lockFile)
	if err != nil {
		return ServerStatus{}, err
	}
	defer unlock()

	st, running, err := existingServer(ctx, logger, o, l)
	if err != nil || running {
		return st, err
	}

	return startServer(ctx, logger, o, l)
}

// existingServer returns the status of a launcher that already runs for l,
// once a query over its Bolt port succeeds. It removes a stale pid file.
func existingServer(ctx context.Context, logger *slog.Logger, o Options, l layout) (ServerStatus, bool, error) {
	pid, stale, err := launcherPID(l)
	if err != nil {
		return ServerStatus{}, false, err
	}

	if stale {
		logger.Warn("removing stale neo4j pid file; the process it names is not the Tailor launcher for this folder and is left alone", "pid_file", l.pidFile)
		return ServerStatus{}, false, removeFile(l.pidFile)
	}

	if pid == 0 {
		return ServerStatus{}, false, nil
	}

	st, err := Status(ctx, o.StateDir)
	if err != nil {
		return st, false, err
	}

	if st.BoltPort != o.BoltPort || st.HTTPPort != o.HTTPPort {
		logger.Warn("neo4j already runs on other ports than requested; stop it first to change them",
			"pid", pid, "bolt_port", st.BoltPort, "http_port", st.HTTPPort,
			"requested_bolt_port", o.BoltPort, "requested_http_port", o.HTTPPort)
	}

	o.BoltPort = st.BoltPort

	exited := func() (bool, string) {
		args, err := processArgs(pid)
		if err == nil && isLauncherFor(args, l.home) {
			return false, ""
		}

		return true, "exited"
	}

	if err := waitReady(ctx, logger, o, l, exited, fileSize(l.logFile)); err != nil {
		return st, false, err
	}

	logger.Info("neo4j already running", "pid", pid, "bolt", st.BoltURI(), "http", st.HTTPURL())

	return st, true, nil
}

// startServer checks the ports, builds the launcher when needed, starts it
// and waits for Bolt. On failure it stops the process it started.
func startServer(ctx context.Context, logger *slog.Logger, o Options, l layout) (ServerStatus, error) {
	if err := checkPort("bolt", o.BoltPort); err != nil {
		return ServerStatus{}, err
	}

	if err := checkPort("http", o.HTTPPort); err != nil {
		return ServerStatus{}, err
	}

	java, err := findJava(ctx)
	if err != nil {
		return ServerStatus{}, err
	}

	launcherDir, err := findLauncherDir(o.LauncherDir)
	if err != nil {
		return ServerStatus{}, err
	}

	if err := buildLauncher(ctx, logger, launcherDir); err != nil {
		return ServerStatus{}, err
	}

	if o.Password != "" {
		// Removing first makes WriteFile create the file with mode 0600,
		// which it does not apply to an existing file.
		if err := removeFile(l.password); err != nil {
			return ServerStatus{}, err
		}

		if err := os.WriteFile(l.password, []byte(o.Password+"\n"), 0o600); err != nil {
			return ServerStatus{}, fmt.Errorf("write password file: %w", err)
		}

		// The launcher reads the file before Neo4j starts, so it is no
		// longer needed once Start returns.
		defer os.Remove(l.password)
	}

	offset := fileSize(l.logFile)
	cmd, exited, err := spawn(java, launcherArgs(o, launcherDir, l), l)
	if err != nil {
		return ServerStatus{}, err
	}

	pid := cmd.Process.Pid
	logger.Info("starting neo4j", "pid", pid, "dir", l.home, "bolt_port", o.BoltPort, "http_port", o.HTTPPort, "heap", o.Heap, "pagecache", o.PageCache, "auth", o.Password != "")

	if err := writePID(l.pidFile, pid); err != nil {
		stopAfterFailedStart(ctx, logger, pid, l)
		return ServerStatus{}, err
	}

	started := time.Now()
	if err := waitReady(ctx, logger, o, l, exited, offset); err != nil {
		stopAfterFailedStart(ctx, logger, pid, l)
		return ServerStatus{}, err
	}

	logger.Info("neo4j ready", "pid", pid, "elapsed", time.Since(started).Round(time.Millisecond))

	return Status(ctx, o.StateDir)
}

// checkPort returns ErrPortInUse when something listens on 127.0.0.1:port.
func checkPort(name string, port int) error {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return fmt.Errorf("%w: %s port %d on 127.0.0.1: %v; stop the program that listens there or pick another port (tailor neo4j start --%s-port N)", ErrPortInUse, name, port, err, name)
	}

	return ln.Close()
}

// spawn starts the launcher in its own session with its output appended to
// the server log. The returned function reports whether it has exited, and
// with which status.
func spawn(java string, args []string, l layout) (*exec.Cmd, func() (bool, string), error) {
	logFile, err := os.OpenFile(l.logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("open neo4j log: %w", err)
	}
	defer logFile.Close()

	fmt.Fprintf(logFile, "=== tailor: starting the neo4j launcher at %s\n", time.Now().Format(time.RFC3339))

	cmd := exec.Command(java, args...)
	cmd.Dir = l.home
	cmd.Env = launcherEnv()
	cmd.Stdout = logFile
	cmd.Stderr = logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}

	if err := cmd.Start(); err != nil {
		return nil, nil, fmt.Errorf("run %s: %w", java, err)
	}

	// Wait reaps the process when it exits while this process still runs,
	// so that an exited launcher leaves no zombie behind.
	done := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(done)
	}()

	exited := func() (bool, string) {
		select {
		case <-done:
			if waitErr == nil {
				return true, "exit status 0"
			}
			return true, waitErr.Error()
		default:
			return false, ""
		}
	}

	return cmd, exited, nil
}

// launcherEnv returns this process's environment without NEO4J_PASSWORD,
// which the launcher does not read.
func launcherEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEO4J_PASSWORD=") {
			env = append(env, kv)
		}
	}

	return env
}

// stopAfterFailedStart stops a launcher that did not become ready and
// removes its pid file. It runs even when ctx is cancelled.
func stopAfterFailedStart(ctx context.Context, logger *slog.Logger, pid int, l layout) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopTimeout+killTimeout)
	defer cancel()

	if err := terminate(ctx, logger, pid, l.home); err != nil {
		logger.Error("stop neo4j after failed start", "pid", pid, "err", err)
	} else {
		logger.Info("stopped neo4j after failed start", "pid", pid)
	}

	if err := removeFile(l.pidFile); err != nil {
		logger.Error("remove neo4j pid file after failed start", "pid_file", l.pidFile, "err", err)
	}
}
