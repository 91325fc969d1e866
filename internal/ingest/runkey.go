package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// RunKey returns a key that identifies one load's input: the absolute
// path, size and modification time of each file, and the given settings.
// A rerun with the same key resumes after the last committed batch; a
// changed file or setting starts a new run.
func RunKey(files []string, settings ...string) (string, error) {
	h := sha256.New()

	for _, s := range settings {
		fmt.Fprintf(h, "setting %q\n", s)
	}

	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return "", fmt.Errorf("resolve %s: %w", f, err)
		}

		st, err := os.Stat(abs)
		if err != nil {
			return "", fmt.Errorf("stat input file: %w", err)
		}

		fmt.Fprintf(h, "file %q %d %d\n", abs, st.Size(), st.ModTime().UnixNano())
	}

	return hex.EncodeToString(h.Sum(nil)[:16]), nil
}
