package local

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseJavaVersion(t *testing.T) {
	tests := []struct {
		name   string
		output string
		want   int
	}{
		{"openjdk 17", `openjdk version "17.0.15" 2025-04-15`, 17},
		{"openjdk 21 bare", `openjdk version "21" 2023-09-19`, 21},
		{"java 8", `java version "1.8.0_402"`, 8},
		{"openjdk 11", `openjdk version "11.0.22" 2024-01-16`, 11},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseJavaVersion(tt.output)
			if err != nil {
				t.Fatalf("parseJavaVersion: %v", err)
			}
			if got != tt.want {
				t.Errorf("parseJavaVersion(%q) = %d, want %d", tt.output, got, tt.want)
			}
		})
	}
}

func TestParseJavaVersionGarbage(t *testing.T) {
	if _, err := parseJavaVersion("command not found"); err == nil {
		t.Error("parseJavaVersion accepted output without a version")
	}
}

// makeLauncherTree creates root/graphdb/launcher/pom.xml and returns the launcher folder.
func makeLauncherTree(t *testing.T, root string) string {
	t.Helper()

	dir := filepath.Join(root, "graphdb", "launcher")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}

	if err := os.WriteFile(filepath.Join(dir, "pom.xml"), []byte("<project/>"), 0o644); err != nil {
		t.Fatal(err)
	}

	return dir
}

func TestSearchUpFindsLauncher(t *testing.T) {
	root := t.TempDir()
	want := makeLauncherTree(t, root)

	nested := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}

	got, ok := searchUp(nested)
	if !ok {
		t.Fatalf("searchUp(%s) found nothing", nested)
	}
	if got != want {
		t.Errorf("searchUp = %s, want %s", got, want)
	}
}

func TestFindLauncherDirExplicit(t *testing.T) {
	dir := makeLauncherTree(t, t.TempDir())

	got, err := findLauncherDir(dir)
	if err != nil {
		t.Fatalf("findLauncherDir: %v", err)
	}
	if got != dir {
		t.Errorf("findLauncherDir = %s, want %s", got, dir)
	}
}

func TestFindLauncherDirEnv(t *testing.T) {
	dir := makeLauncherTree(t, t.TempDir())
	t.Setenv("TAILOR_LAUNCHER_DIR", dir)

	got, err := findLauncherDir("")
	if err != nil {
		t.Fatalf("findLauncherDir: %v", err)
	}
	if got != dir {
		t.Errorf("findLauncherDir = %s, want %s", got, dir)
	}
}

func TestFindLauncherDirWithoutPom(t *testing.T) {
	_, err := findLauncherDir(t.TempDir())
	if !errors.Is(err, ErrLauncherNotFound) {
		t.Errorf("findLauncherDir error = %v, want ErrLauncherNotFound", err)
	}
}

func TestFindLauncherDirInRepository(t *testing.T) {
	// The test runs in graphdb/local, below the repository's own launcher.
	got, err := findLauncherDir("")
	if err != nil {
		t.Fatalf("findLauncherDir: %v", err)
	}

	if !strings.HasSuffix(got, filepath.Join("graphdb", "launcher")) {
		t.Errorf("findLauncherDir = %s, want a graphdb/launcher folder", got)
	}
}

func TestNeedsBuild(t *testing.T) {
	dir := makeLauncherTree(t, t.TempDir())

	if !needsBuild(dir) {
		t.Error("needsBuild = false without target/, want true")
	}

	class := launcherClassFile(dir)
	jar := filepath.Join(dir, "target", "lib", "neo4j-5.26.30.jar")
	for _, f := range []string{class, jar} {
		if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "pom.xml"), past, past); err != nil {
		t.Fatal(err)
	}

	if needsBuild(dir) {
		t.Error("needsBuild = true with an up-to-date target/, want false")
	}

	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "pom.xml"), future, future); err != nil {
		t.Fatal(err)
	}

	if !needsBuild(dir) {
		t.Error("needsBuild = false with pom.xml newer than the class, want true")
	}
}

func TestLauncherArgs(t *testing.T) {
	l := newLayout("/state")
	o := Options{BoltPort: 7688, HTTPPort: 7475, Heap: "2g", PageCache: "256m"}

	args := launcherArgs(o, "/repo/graphdb/launcher", l)

	for _, want := range []string{"-Xmx2g", "-Xms2g", launcherClass, "/repo/graphdb/launcher/target/classes:/repo/graphdb/launcher/target/lib/*"} {
		if !slices.Contains(args, want) {
			t.Errorf("launcherArgs lacks %q: %v", want, args)
		}
	}

	for flag, want := range map[string]string{"--home": "/state/neo4j", "--bolt-port": "7688", "--http-port": "7475", "--pagecache": "256m"} {
		if got := flagValue(args, flag); got != want {
			t.Errorf("launcherArgs %s = %q, want %q", flag, got, want)
		}
	}

	if slices.Contains(args, "--password-file") {
		t.Errorf("launcherArgs without a password has --password-file: %v", args)
	}
}

func TestLauncherArgsPassword(t *testing.T) {
	l := newLayout("/state")
	o := Options{BoltPort: 7688, HTTPPort: 7475, Heap: "2g", PageCache: "256m", Password: "do-not-show-me"}

	args := launcherArgs(o, "/repo/graphdb/launcher", l)

	if got := flagValue(args, "--password-file"); got != l.password {
		t.Errorf("--password-file = %q, want %q", got, l.password)
	}

	if strings.Contains(strings.Join(args, " "), o.Password) {
		t.Errorf("launcherArgs contains the password: %v", args)
	}
}
