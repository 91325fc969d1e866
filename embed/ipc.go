package embed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// IPCTables is a TableSource over a folder of Arrow IPC stream files,
// one per table, named after the table with the suffix ".arrows" (for
// example attribute_edges.arrows), with the columns that ReadCorpus reads.
type IPCTables struct {
	Dir string
	Mem memory.Allocator // nil means memory.DefaultAllocator
}

// HasTable reports whether the folder has the named table's file.
func (t IPCTables) HasTable(name string) bool {
	_, err := os.Stat(filepath.Join(t.Dir, name+".arrows"))
	return err == nil
}

// OpenTable opens the named table's file. The reader closes the file when
// released.
func (t IPCTables) OpenTable(ctx context.Context, name string) (array.RecordReader, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	f, err := os.Open(filepath.Join(t.Dir, name+".arrows"))
	if err != nil {
		return nil, fmt.Errorf("open table %s: %w", name, err)
	}

	mem := t.Mem
	if mem == nil {
		mem = memory.DefaultAllocator
	}

	r, err := ipc.NewReader(f, ipc.WithAllocator(mem))
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open table %s: %w", name, err)
	}

	fr := &fileReader{Reader: r, file: f}
	fr.refs.Store(1)

	return fr, nil
}

// fileReader closes its file when its last reference is released.
type fileReader struct {
	*ipc.Reader
	file *os.File
	refs atomic.Int64
}

func (r *fileReader) Retain() {
	r.refs.Add(1)
	r.Reader.Retain()
}

func (r *fileReader) Release() {
	r.Reader.Release()
	if r.refs.Add(-1) == 0 {
		r.file.Close()
	}
}

// WriteIPCTables copies the named tables of src into dir as files that
// IPCTables reads.
func WriteIPCTables(ctx context.Context, src TableSource, dir string, names []string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create table folder: %w", err)
	}

	for _, name := range names {
		if err := writeIPCTable(ctx, src, dir, name); err != nil {
			return err
		}
	}

	return nil
}

func writeIPCTable(ctx context.Context, src TableSource, dir, name string) error {
	rr, err := src.OpenTable(ctx, name)
	if err != nil {
		return fmt.Errorf("open table %s: %w", name, err)
	}
	defer rr.Release()

	f, err := os.Create(filepath.Join(dir, name+".arrows"))
	if err != nil {
		return fmt.Errorf("write table %s: %w", name, err)
	}
	defer f.Close()

	w := ipc.NewWriter(f, ipc.WithSchema(rr.Schema()))
	for rr.Next() {
		if err := w.Write(rr.RecordBatch()); err != nil {
			return fmt.Errorf("write table %s: %w", name, err)
		}
	}

	if err := rr.Err(); err != nil {
		return fmt.Errorf("read table %s: %w", name, err)
	}

	if err := w.Close(); err != nil {
		return fmt.Errorf("write table %s: %w", name, err)
	}

	return f.Close()
}

// CorpusTables lists the tables that ReadCorpus reads.
var CorpusTables = []string{TableProducts, TableAttributeEdges, TablePreferences, TableQueries, TableGalleries}
