package local

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
)

// ServerStatus describes the server of one state folder.
type ServerStatus struct {
	Running  bool
	PID      int    // launcher JVM; 0 when not running
	BoltPort int    // 0 when not running
	HTTPPort int    // 0 when not running
	Dir      string // <StateDir>/neo4j, the Neo4j home folder
	LogPath  string // the launcher's standard output and error
}

// BoltURI returns the Bolt address, such as bolt://127.0.0.1:7687.
func (s ServerStatus) BoltURI() string {
	return fmt.Sprintf("bolt://127.0.0.1:%d", s.BoltPort)
}

// HTTPURL returns the base address of the HTTP API, such as http://127.0.0.1:7474.
func (s ServerStatus) HTTPURL() string {
	return fmt.Sprintf("http://127.0.0.1:%d", s.HTTPPort)
}

// Status reports whether the launcher recorded in stateDir's pid file runs,
// and on which ports. A pid file that names another process counts as not
// running and stays in place, because only Start and Stop change it.
func Status(ctx context.Context, stateDir string) (ServerStatus, error) {
	abs, err := filepath.Abs(stateDir)
	if err != nil {
		return ServerStatus{}, fmt.Errorf("resolve state dir %q: %w", stateDir, err)
	}

	l := newLayout(abs)
	st := ServerStatus{Dir: l.home, LogPath: l.logFile}

	if err := ctx.Err(); err != nil {
		return st, err
	}

	pid, _, err := launcherPID(l)
	if err != nil || pid == 0 {
		return st, err
	}

	args, err := processArgs(pid)
	if err != nil {
		return st, err
	}

	st.Running = true
	st.PID = pid
	st.BoltPort, _ = strconv.Atoi(flagValue(args, "--bolt-port"))
	st.HTTPPort, _ = strconv.Atoi(flagValue(args, "--http-port"))

	return st, nil
}
