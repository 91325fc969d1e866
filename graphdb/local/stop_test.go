package local

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"
)

func TestStopNotRunning(t *testing.T) {
	stopped, err := Stop(context.Background(), testLogger(t), t.TempDir())
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}

	if stopped {
		t.Error("Stop = true with no server, want false")
	}
}

// TestStopStalePIDFile checks that a pid file naming another program is
// removed and that the program keeps running.
func TestStopStalePIDFile(t *testing.T) {
	ctx := context.Background()
	stateDir := t.TempDir()
	l := newLayout(stateDir)

	sleep := exec.Command("sleep", "60")
	if err := sleep.Start(); err != nil {
		t.Fatalf("start sleep: %v", err)
	}
	t.Cleanup(func() {
		_ = sleep.Process.Kill()
		_ = sleep.Wait()
	})

	if err := os.MkdirAll(l.home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.pidFile, []byte(strconv.Itoa(sleep.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}

	st, err := Status(ctx, stateDir)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	if st.Running {
		t.Errorf("Status.Running = true for a pid file naming sleep, want false")
	}

	stopped, err := Stop(ctx, testLogger(t), stateDir)
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if stopped {
		t.Error("Stop = true for a pid file naming sleep, want false")
	}

	if err := syscall.Kill(sleep.Process.Pid, 0); err != nil {
		t.Errorf("sleep (pid %d) no longer runs after Stop: %v", sleep.Process.Pid, err)
	}

	if _, err := os.Stat(l.pidFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale pid file still exists after Stop: stat error %v", err)
	}
}

func TestStopGarbagePIDFile(t *testing.T) {
	stateDir := t.TempDir()
	l := newLayout(stateDir)

	if err := os.MkdirAll(l.home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(l.pidFile, []byte("not a pid"), 0o644); err != nil {
		t.Fatal(err)
	}

	stopped, err := Stop(context.Background(), testLogger(t), stateDir)
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if stopped {
		t.Error("Stop = true for a garbage pid file, want false")
	}

	if _, err := os.Stat(l.pidFile); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("garbage pid file still exists after Stop: stat error %v", err)
	}
}
