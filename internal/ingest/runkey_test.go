package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestRunKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "products.csv")
	if err := os.WriteFile(path, []byte("id,category\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	key := func(settings ...string) string {
		t.Helper()

		k, err := RunKey([]string{path}, settings...)
		if err != nil {
			t.Fatal(err)
		}

		return k
	}

	first := key("catalog")
	if again := key("catalog"); again != first {
		t.Errorf("same input gave keys %s and %s", first, again)
	}

	if other := key("other dataset"); other == first {
		t.Error("another setting kept the key")
	}

	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}

	if touched := key("catalog"); touched == first {
		t.Error("a modified file kept the key")
	}

	if _, err := RunKey([]string{filepath.Join(t.TempDir(), "missing.csv")}); err == nil {
		t.Error("a missing file gave a key")
	}
}
