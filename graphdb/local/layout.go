package local

import "path/filepath"

// layout names the files of one server under <StateDir>/neo4j.
type layout struct {
	home     string // Neo4j home: data/, logs/ and run/ live here
	pidFile  string
	logFile  string
	lockFile string
	password string // written only during a start with Options.Password set
}

func newLayout(stateDir string) layout {
	home := filepath.Join(stateDir, "neo4j")

	return layout{
		home:     home,
		pidFile:  filepath.Join(home, "neo4j.pid"),
		logFile:  filepath.Join(home, "neo4j.log"),
		lockFile: filepath.Join(home, "start.lock"),
		password: filepath.Join(home, "password"),
	}
}
