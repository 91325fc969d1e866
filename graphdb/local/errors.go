package local

import "errors"

var (
	// ErrJavaMissing means no java binary of version 17 or later is on PATH.
	ErrJavaMissing = errors.New("java 17 or later not found")

	// ErrMavenMissing means the launcher needs building and mvn is not on PATH.
	ErrMavenMissing = errors.New("maven not found")

	// ErrLauncherNotFound means no graphdb/launcher/pom.xml was found.
	ErrLauncherNotFound = errors.New("neo4j launcher not found")

	// ErrBuildFailed means "mvn package" failed in the launcher folder.
	ErrBuildFailed = errors.New("neo4j launcher build failed")

	// ErrInvalidOptions means an Options field has an invalid value.
	ErrInvalidOptions = errors.New("invalid neo4j options")

	// ErrPortInUse means another program already listens on a requested port.
	ErrPortInUse = errors.New("port already in use")

	// ErrStartTimeout means no query over Bolt succeeded within Options.StartTimeout.
	ErrStartTimeout = errors.New("neo4j start timed out")

	// ErrExitedEarly means the launcher exited before a query over Bolt succeeded.
	ErrExitedEarly = errors.New("neo4j exited during start")
)
