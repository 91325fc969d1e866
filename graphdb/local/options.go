package local

import (
	"fmt"
	"path/filepath"
	"regexp"
	"time"
	"unicode/utf8"
)

// Defaults for zero Options fields.
const (
	DefaultBoltPort     = 7687
	DefaultHTTPPort     = 7474
	DefaultHeap         = "1g"
	DefaultPageCache    = "512m"
	DefaultStartTimeout = 120 * time.Second
)

// minPasswordLength is Neo4j's default dbms.security.auth_minimum_password_length,
// which the launcher leaves unchanged.
const minPasswordLength = 8

// Options configures Start.
type Options struct {
	// StateDir is the folder whose "neo4j" subfolder holds the server's
	// data, logs and pid file. It is required.
	StateDir string

	// LauncherDir is the folder of the launcher's pom.xml. Empty means the
	// environment variable TAILOR_LAUNCHER_DIR, or else the first
	// graphdb/launcher found above the working directory or the executable.
	LauncherDir string

	// BoltPort and HTTPPort are TCP ports on 127.0.0.1 (default 7687 and 7474).
	BoltPort int
	HTTPPort int

	// Heap is the JVM heap size with a k, m or g suffix, such as "1g".
	Heap string

	// PageCache is Neo4j's page cache size with a k, m or g suffix, such as "512m".
	PageCache string

	// Password is the initial password of the user neo4j and turns
	// authentication on. Empty means no authentication. Neo4j applies it
	// only when it creates the database folder.
	Password string

	// StartTimeout bounds the wait for Bolt (default 120 s).
	StartTimeout time.Duration
}

// sizePattern matches the JVM and Neo4j memory sizes that Options accepts.
var sizePattern = regexp.MustCompile(`^[0-9]+[kKmMgG]?$`)

// withDefaults returns o with defaults in its zero fields and StateDir made absolute.
func (o Options) withDefaults() (Options, error) {
	if o.BoltPort == 0 {
		o.BoltPort = DefaultBoltPort
	}

	if o.HTTPPort == 0 {
		o.HTTPPort = DefaultHTTPPort
	}

	if o.Heap == "" {
		o.Heap = DefaultHeap
	}

	if o.PageCache == "" {
		o.PageCache = DefaultPageCache
	}

	if o.StartTimeout == 0 {
		o.StartTimeout = DefaultStartTimeout
	}

	if o.StateDir != "" {
		abs, err := filepath.Abs(o.StateDir)
		if err != nil {
			return o, fmt.Errorf("resolve state dir %q: %w", o.StateDir, err)
		}
		o.StateDir = abs
	}

	return o, nil
}

// validate checks the fields of o after withDefaults.
func (o Options) validate() error {
	if o.StateDir == "" {
		return fmt.Errorf("%w: state dir is empty; pass the folder for the server's data and logs", ErrInvalidOptions)
	}

	for _, p := range []struct {
		name string
		port int
	}{{"bolt port", o.BoltPort}, {"http port", o.HTTPPort}} {
		if p.port < 1 || p.port > 65535 {
			return fmt.Errorf("%w: %s %d is out of range; pass a TCP port from 1 to 65535", ErrInvalidOptions, p.name, p.port)
		}
	}

	if o.BoltPort == o.HTTPPort {
		return fmt.Errorf("%w: bolt port and http port are both %d; pick two different ports", ErrInvalidOptions, o.BoltPort)
	}

	if !sizePattern.MatchString(o.Heap) {
		return fmt.Errorf("%w: heap %q is invalid; pass bytes with an optional k, m or g suffix, such as 1g", ErrInvalidOptions, o.Heap)
	}

	if !sizePattern.MatchString(o.PageCache) {
		return fmt.Errorf("%w: page cache %q is invalid; pass bytes with an optional k, m or g suffix, such as 512m", ErrInvalidOptions, o.PageCache)
	}

	if o.Password != "" && utf8.RuneCountInString(o.Password) < minPasswordLength {
		return fmt.Errorf("%w: the password has fewer than %d characters, which Neo4j rejects; choose a longer one", ErrInvalidOptions, minPasswordLength)
	}

	if o.StartTimeout < 0 {
		return fmt.Errorf("%w: start timeout %s is negative; pass a positive duration", ErrInvalidOptions, o.StartTimeout)
	}

	return nil
}
