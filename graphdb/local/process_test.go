package local

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestFlagValue(t *testing.T) {
	args := []string{"java", "--home", "/h", "--bolt-port=7688", "--http-port"}

	tests := []struct {
		flag string
		want string
	}{
		{"--home", "/h"},
		{"--bolt-port", "7688"},
		{"--http-port", ""}, // no value follows
		{"--pagecache", ""},
	}

	for _, tt := range tests {
		if got := flagValue(args, tt.flag); got != tt.want {
			t.Errorf("flagValue(%s) = %q, want %q", tt.flag, got, tt.want)
		}
	}
}

func TestIsLauncherFor(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want bool
	}{
		{"launcher for home", []string{"java", "-cp", "x", launcherClass, "--home", "/s/neo4j"}, true},
		{"launcher for other home", []string{"java", launcherClass, "--home", "/other/neo4j"}, false},
		{"other program", []string{"sleep", "60", "--home", "/s/neo4j"}, false},
		{"exited process", nil, false},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isLauncherFor(tt.args, "/s/neo4j"); got != tt.want {
				t.Errorf("isLauncherFor(%v) = %v, want %v", tt.args, got, tt.want)
			}
		})
	}
}

func TestReadPID(t *testing.T) {
	dir := t.TempDir()

	tests := []struct {
		name    string
		content string
		want    int
		wantErr bool
	}{
		{"number with newline", "1234\n", 1234, false},
		{"garbage", "abc", 0, true},
		{"zero", "0", 0, true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name)
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}

			got, err := readPID(path)
			if (err != nil) != tt.wantErr {
				t.Fatalf("readPID(%q) error = %v, want error %v", tt.content, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("readPID(%q) = %d, want %d", tt.content, got, tt.want)
			}
		})
	}
}

func TestReadPIDMissing(t *testing.T) {
	_, err := readPID(filepath.Join(t.TempDir(), "none.pid"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("readPID of a missing file: error = %v, want os.ErrNotExist", err)
	}
}

func TestProcessArgsSelf(t *testing.T) {
	args, err := processArgs(os.Getpid())
	if err != nil {
		t.Fatalf("processArgs: %v", err)
	}

	if !slices.Equal(args, os.Args) {
		t.Errorf("processArgs(self) = %v, want %v", args, os.Args)
	}
}
