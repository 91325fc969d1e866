package local

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// launcherClass is the main class that identifies a Tailor launcher JVM.
const launcherClass = "dev.tailor.neo4j.Launcher"

// readPID returns the process id in a pid file. A missing file returns an
// error that matches os.ErrNotExist.
func readPID(path string) (int, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}

	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("pid file %s contains %q, not a process id", path, strings.TrimSpace(string(data)))
	}

	return pid, nil
}

func writePID(path string, pid int) error {
	if err := os.WriteFile(path, []byte(strconv.Itoa(pid)+"\n"), 0o644); err != nil {
		return fmt.Errorf("write pid file: %w", err)
	}

	return nil
}

// processArgs returns the command line of a process from /proc. A process
// that has exited, including a zombie, returns no arguments.
func processArgs(pid int) ([]string, error) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ESRCH) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read command line of pid %d: %w", pid, err)
	}

	args := strings.Split(string(data), "\x00")
	if len(args) > 0 && args[len(args)-1] == "" {
		args = args[:len(args)-1]
	}

	return args, nil
}

// isLauncherFor reports whether args run the Tailor launcher with the Neo4j
// home folder home.
func isLauncherFor(args []string, home string) bool {
	hasClass := false
	for _, a := range args {
		if a == launcherClass {
			hasClass = true
		}
	}

	return hasClass && flagValue(args, "--home") == home
}

// flagValue returns the value of "--name value" or "--name=value" in args.
func flagValue(args []string, name string) string {
	for i, a := range args {
		if a == name && i+1 < len(args) {
			return args[i+1]
		}

		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
	}

	return ""
}

// launcherPID returns the pid in the pid file when that process is the
// launcher for home, and 0 otherwise. stale is true when a pid file exists
// but names no such process.
func launcherPID(l layout) (pid int, stale bool, err error) {
	pid, err = readPID(l.pidFile)
	if errors.Is(err, os.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, true, nil
	}

	args, err := processArgs(pid)
	if err != nil {
		return 0, false, err
	}

	if !isLauncherFor(args, l.home) {
		return 0, true, nil
	}

	return pid, false, nil
}

// waitExit polls until pid no longer runs the launcher for home or the
// timeout passes, and reports whether it exited.
func waitExit(ctx context.Context, pid int, home string, timeout time.Duration) (bool, error) {
	deadline := time.Now().Add(timeout)

	for {
		args, err := processArgs(pid)
		if err != nil {
			return false, err
		}

		if !isLauncherFor(args, home) {
			return true, nil
		}

		if time.Now().After(deadline) {
			return false, nil
		}

		select {
		case <-ctx.Done():
			return false, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}
