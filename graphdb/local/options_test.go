package local

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOptionsDefaults(t *testing.T) {
	o, err := Options{StateDir: "state"}.withDefaults()
	if err != nil {
		t.Fatalf("withDefaults: %v", err)
	}

	if o.BoltPort != DefaultBoltPort {
		t.Errorf("BoltPort = %d, want %d", o.BoltPort, DefaultBoltPort)
	}
	if o.HTTPPort != DefaultHTTPPort {
		t.Errorf("HTTPPort = %d, want %d", o.HTTPPort, DefaultHTTPPort)
	}
	if o.Heap != DefaultHeap {
		t.Errorf("Heap = %q, want %q", o.Heap, DefaultHeap)
	}
	if o.PageCache != DefaultPageCache {
		t.Errorf("PageCache = %q, want %q", o.PageCache, DefaultPageCache)
	}
	if o.StartTimeout != DefaultStartTimeout {
		t.Errorf("StartTimeout = %s, want %s", o.StartTimeout, DefaultStartTimeout)
	}
	if !filepath.IsAbs(o.StateDir) {
		t.Errorf("StateDir = %q, want an absolute path", o.StateDir)
	}
}

func TestOptionsValidate(t *testing.T) {
	valid := Options{StateDir: "/tmp/x", BoltPort: 7687, HTTPPort: 7474, Heap: "1g", PageCache: "512m", StartTimeout: time.Minute}

	tests := []struct {
		name    string
		change  func(o *Options)
		wantErr string // empty means valid
	}{
		{"valid", func(o *Options) {}, ""},
		{"valid password", func(o *Options) { o.Password = "longenough" }, ""},
		{"plain byte sizes", func(o *Options) { o.Heap = "1073741824"; o.PageCache = "64M" }, ""},
		{"empty state dir", func(o *Options) { o.StateDir = "" }, "state dir is empty"},
		{"bolt port too high", func(o *Options) { o.BoltPort = 70000 }, "bolt port 70000 is out of range"},
		{"http port negative", func(o *Options) { o.HTTPPort = -1 }, "http port -1 is out of range"},
		{"same ports", func(o *Options) { o.HTTPPort = 7687 }, "both 7687"},
		{"heap with spaces", func(o *Options) { o.Heap = "1 g" }, `heap "1 g" is invalid`},
		{"page cache unit", func(o *Options) { o.PageCache = "512MB" }, `page cache "512MB" is invalid`},
		{"short password", func(o *Options) { o.Password = "short" }, "fewer than 8 characters"},
		{"negative timeout", func(o *Options) { o.StartTimeout = -time.Second }, "negative"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid
			tt.change(&o)

			err := o.validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("validate: %v", err)
				}
				return
			}

			if !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("validate error = %v, want ErrInvalidOptions", err)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("validate error = %q, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestOptionsErrorHidesPassword(t *testing.T) {
	o := Options{StateDir: "/tmp/x", BoltPort: 1, HTTPPort: 2, Heap: "1g", PageCache: "1g", Password: "secret"}

	err := o.validate()
	if err == nil {
		t.Fatal("validate accepted a 6-character password")
	}

	if strings.Contains(err.Error(), "secret") {
		t.Errorf("validate error %q contains the password", err)
	}
}
