package local

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// launcherRelPath is the launcher's folder relative to the repository root.
var launcherRelPath = filepath.Join("graphdb", "launcher")

// findLauncherDir returns explicit when set, else TAILOR_LAUNCHER_DIR, else
// the first graphdb/launcher with a pom.xml found by walking up from the
// working directory and then from the executable's folder.
func findLauncherDir(explicit string) (string, error) {
	if explicit == "" {
		explicit = os.Getenv("TAILOR_LAUNCHER_DIR")
	}

	if explicit != "" {
		if _, err := os.Stat(filepath.Join(explicit, "pom.xml")); err != nil {
			return "", fmt.Errorf("%w: %s has no pom.xml; point TAILOR_LAUNCHER_DIR at graphdb/launcher of a Tailor checkout", ErrLauncherNotFound, explicit)
		}

		return filepath.Abs(explicit)
	}

	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}

	for _, start := range starts {
		if dir, ok := searchUp(start); ok {
			return dir, nil
		}
	}

	return "", fmt.Errorf("%w: no %s above %v; run tailor inside a Tailor checkout or set TAILOR_LAUNCHER_DIR", ErrLauncherNotFound, filepath.Join(launcherRelPath, "pom.xml"), starts)
}

// searchUp returns the first <dir>/graphdb/launcher that holds a pom.xml,
// for dir from start up to the file system root.
func searchUp(start string) (string, bool) {
	dir := start
	for {
		candidate := filepath.Join(dir, launcherRelPath)
		if _, err := os.Stat(filepath.Join(candidate, "pom.xml")); err == nil {
			return candidate, true
		}

		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// launcherClassFile is the compiled launcher that "mvn package" writes.
func launcherClassFile(dir string) string {
	return filepath.Join(dir, "target", "classes", "dev", "tailor", "neo4j", "Launcher.class")
}

// needsBuild reports whether target/ lacks the compiled launcher or its
// runtime jars, or whether the source or pom.xml is newer than the class.
func needsBuild(dir string) bool {
	class, err := os.Stat(launcherClassFile(dir))
	if err != nil {
		return true
	}

	jars, err := filepath.Glob(filepath.Join(dir, "target", "lib", "neo4j-*.jar"))
	if err != nil || len(jars) == 0 {
		return true
	}

	sources := []string{
		filepath.Join(dir, "pom.xml"),
		filepath.Join(dir, "src", "main", "java", "dev", "tailor", "neo4j", "Launcher.java"),
	}
	for _, src := range sources {
		info, err := os.Stat(src)
		if err == nil && info.ModTime().After(class.ModTime()) {
			return true
		}
	}

	return false
}

// buildLauncher runs "mvn -q -B package" in dir when needsBuild reports a
// missing or stale target/.
func buildLauncher(ctx context.Context, logger *slog.Logger, dir string) error {
	if !needsBuild(dir) {
		return nil
	}

	mvn, err := exec.LookPath("mvn")
	if err != nil {
		return fmt.Errorf("%w: mvn is not on PATH and %s needs building; install Maven 3.6 or later (Debian: apt-get install maven)", ErrMavenMissing, dir)
	}

	logger.Info("building neo4j launcher with maven", "dir", dir)
	start := time.Now()

	cmd := exec.CommandContext(ctx, mvn, "-q", "-B", "package")
	cmd.Dir = dir

	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out

	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%w: mvn package in %s: %v; its last output:\n%s", ErrBuildFailed, dir, err, lastLines(out.String(), 20))
	}

	logger.Info("built neo4j launcher", "dir", dir, "elapsed", time.Since(start).Round(time.Millisecond))

	return nil
}

// minJavaVersion is the oldest Java that Neo4j 5.26 runs on.
const minJavaVersion = 17

// findJava returns the path of a java binary on PATH whose major version
// is minJavaVersion or later.
func findJava(ctx context.Context) (string, error) {
	java, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("%w: java is not on PATH; install a Java %d or 21 runtime (Debian: apt-get install openjdk-17-jdk-headless)", ErrJavaMissing, minJavaVersion)
	}

	out, err := exec.CommandContext(ctx, java, "-version").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%w: %s -version failed: %v: %s", ErrJavaMissing, java, err, bytes.TrimSpace(out))
	}

	version, err := parseJavaVersion(string(out))
	if err != nil {
		return "", fmt.Errorf("%w: %s: %v", ErrJavaMissing, java, err)
	}

	if version < minJavaVersion {
		return "", fmt.Errorf("%w: %s is Java %d but Neo4j 5.26 needs Java %d or 21; install openjdk-17-jdk-headless and put it first on PATH", ErrJavaMissing, java, version, minJavaVersion)
	}

	return java, nil
}

// javaVersionPattern matches the quoted version in "java -version" output,
// such as "17.0.15", "21" or "1.8.0_402".
var javaVersionPattern = regexp.MustCompile(`version "([0-9]+)(?:\.([0-9]+))?`)

// parseJavaVersion returns the major Java version in "java -version" output.
func parseJavaVersion(output string) (int, error) {
	m := javaVersionPattern.FindStringSubmatch(output)
	if m == nil {
		return 0, errors.New("no version in java -version output")
	}

	major, err := strconv.Atoi(m[1])
	if err != nil {
		return 0, fmt.Errorf("parse java version %q: %w", m[0], err)
	}

	// Java 8 and older report themselves as 1.x.
	if major == 1 && m[2] != "" {
		major, err = strconv.Atoi(m[2])
		if err != nil {
			return 0, fmt.Errorf("parse java version %q: %w", m[0], err)
		}
	}

	return major, nil
}

// jvmFlags are the JVM options from the neo4j.conf that Neo4j 5.26 ships,
// less those for diagnostics. The --add-opens flags let the page cache and
// Netty reach JDK internals, which Neo4j otherwise warns about.
var jvmFlags = []string{
	"-XX:+UseG1GC",
	"-XX:-OmitStackTraceInFastThrow",
	"-XX:+DisableExplicitGC",
	"-Djdk.nio.maxCachedBufferSize=1024",
	"-Dio.netty.tryReflectionSetAccessible=true",
	"-Dlog4j2.disable.jmx=true",
	"--add-opens=java.base/java.nio=ALL-UNNAMED",
	"--add-opens=java.base/java.io=ALL-UNNAMED",
	"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
}

// launcherArgs returns the java arguments that run the launcher.
func launcherArgs(o Options, launcherDir string, l layout) []string {
	classpath := filepath.Join(launcherDir, "target", "classes") + string(os.PathListSeparator) +
		filepath.Join(launcherDir, "target", "lib", "*")

	args := []string{"-Xms" + o.Heap, "-Xmx" + o.Heap}
	args = append(args, jvmFlags...)
	args = append(args,
		"-cp", classpath,
		launcherClass,
		"--home", l.home,
		"--bolt-port", strconv.Itoa(o.BoltPort),
		"--http-port", strconv.Itoa(o.HTTPPort),
		"--pagecache", o.PageCache,
	)

	if o.Password != "" {
		args = append(args, "--password-file", l.password)
	}

	return args
}
