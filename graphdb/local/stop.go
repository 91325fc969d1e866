package local

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// Stop timeouts. Neo4j 5.26.30 with the launcher's settings stopped in 1 to
// 3 s in this package's tests, but the checkpoint of a large database can
// take much longer.
const (
	stopTimeout = 60 * time.Second
	killTimeout = 10 * time.Second
)

// Stop sends SIGTERM to the launcher recorded in stateDir's pid file, waits
// up to 60 s for a clean shutdown and then sends SIGKILL. It signals the
// pid only after /proc shows that the process runs the Tailor launcher for
// the same folder. A pid file that names another process is removed and
// that process is left alone. Stop returns false when no server was
// running.
func Stop(ctx context.Context, logger *slog.Logger, stateDir string) (bool, error) {
	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return false, fmt.Errorf("resolve state dir %q: %w", stateDir, err)
	}

	l := newLayout(abs)

	pid, stale, err := launcherPID(l)
	if err != nil {
		return false, err
	}

	if stale {
		logger.Warn("removing stale neo4j pid file; the process it names is not the Tailor launcher for this folder and is left alone", "pid_file", l.pidFile)
		return false, removeFile(l.pidFile)
	}

	if pid == 0 {
		logger.Info("neo4j not running", "dir", l.home)
		return false, nil
	}

	if err := terminate(ctx, logger, pid, l.home); err != nil {
		return false, err
	}

	if err := removeFile(l.pidFile); err != nil {
		return true, err
	}

	logger.Info("neo4j stopped", "pid", pid, "dir", l.home)

	return true, nil
}

// terminate sends SIGTERM to pid, waits for it to exit and sends SIGKILL
// when it does not exit within stopTimeout.
func terminate(ctx context.Context, logger *slog.Logger, pid int, home string) error {
	// The pid may have been reused since the caller checked it.
	args, err := processArgs(pid)
	if err != nil {
		return err
	}

	if !isLauncherFor(args, home) {
		return nil
	}

	logger.Info("stopping neo4j", "pid", pid, "dir", home)

	if err := syscall.Kill(pid, syscall.SIGTERM); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("send SIGTERM to neo4j pid %d: %w", pid, err)
	}

	exited, err := waitExit(ctx, pid, home, stopTimeout)
	if err != nil || exited {
		return err
	}

	logger.Warn("neo4j did not stop after SIGTERM; sending SIGKILL", "pid", pid, "waited", stopTimeout)

	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("send SIGKILL to neo4j pid %d: %w", pid, err)
	}

	exited, err = waitExit(ctx, pid, home, killTimeout)
	if err != nil {
		return err
	}

	if !exited {
		return fmt.Errorf("neo4j pid %d still runs %s after SIGKILL; check it with ps", pid, killTimeout)
	}

	return nil
}

// removeFile removes path and treats a missing file as removed.
func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove %s: %w", path, err)
	}

	return nil
}
