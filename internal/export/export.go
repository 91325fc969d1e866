package export

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/tailorsearch/tailor/graphdb"
)

// ProgressInterval is how often Export logs the rows written so far.
const ProgressInterval = 2 * time.Second

// Request selects the tables, format and folder of an export.
type Request struct {
	Dir         string      // output folder; created when missing
	Format      Format      // Arrow or Parquet
	Tables      []Table     // tables to write; every table when empty
	Compression Compression // Parquet codec; Snappy when empty
}

// TableReport describes one written file.
type TableReport struct {
	Table    string
	Path     string
	Rows     int64
	Bytes    int64
	Duration time.Duration
}

// RowsPerSecond returns the export rate of the table.
func (r TableReport) RowsPerSecond() float64 {
	return float64(r.Rows) / max(r.Duration.Seconds(), 1e-9)
}

// Report describes a finished export.
type Report struct {
	Stamp    Stamp
	Tables   []TableReport
	Duration time.Duration
}

// Export writes one file per requested table into req.Dir, named after
// the table with the format's extension, and replaces existing files of
// the same name. Each file is written under a temporary name and renamed
// when complete, so a failed export leaves no partial file behind. Every
// table carries the same stamp.
func (s *Source) Export(ctx context.Context, req Request) (Report, error) {
	start := time.Now()

	if len(req.Tables) == 0 {
		req.Tables = Tables()
	}

	if req.Compression == "" {
		req.Compression = Snappy
	}

	st, err := s.Stamp(ctx)
	if err != nil {
		return Report{}, err
	}

	if err := checkModel(req.Tables, st); err != nil {
		return Report{}, err
	}

	if err := os.MkdirAll(req.Dir, 0o755); err != nil {
		return Report{}, fmt.Errorf("create export folder: %w", err)
	}

	rep := Report{Stamp: st}
	for _, t := range req.Tables {
		tr, err := s.exportTable(ctx, t, st, req)
		if err != nil {
			return rep, err
		}

		s.logger.Info("exported table", "table", t.Name, "rows", tr.Rows, "bytes", tr.Bytes,
			"duration", tr.Duration.Round(time.Millisecond), "rows_per_second", int64(tr.RowsPerSecond()), "path", tr.Path)
		rep.Tables = append(rep.Tables, tr)
	}

	rep.Duration = time.Since(start)

	return rep, nil
}

// checkModel rejects a request for tables that need a model when the
// graph has none, before any file is written.
func checkModel(tables []Table, st Stamp) error {
	if st.Model.Version > 0 {
		return nil
	}

	for _, t := range tables {
		if t.NeedsModel {
			return fmt.Errorf("export %s: %w; run \"tailor train\" first, or leave %s out of --only", t.Name, graphdb.ErrNoModel, t.Name)
		}
	}

	return nil
}

// exportTable writes one table to a temporary file and renames it.
func (s *Source) exportTable(ctx context.Context, t Table, st Stamp, req Request) (TableReport, error) {
	start := time.Now()
	path := filepath.Join(req.Dir, t.Name+req.Format.Extension())

	tmp, err := os.CreateTemp(req.Dir, "."+t.Name+"-*.tmp")
	if err != nil {
		return TableReport{}, fmt.Errorf("export %s: create file: %w", t.Name, err)
	}

	// The buffer batches the writers' many small writes, and it hides
	// Close from the Parquet writer, which would otherwise close tmp.
	buf := bufio.NewWriterSize(tmp, 1<<20)

	rows, err := s.writeTable(ctx, buf, t, st, req)
	if err == nil {
		err = buf.Flush()
	}

	if err == nil {
		err = tmp.Sync()
	}

	if cerr := tmp.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export %s: close file: %w", t.Name, cerr)
	}

	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}

	if err != nil {
		_ = os.Remove(tmp.Name())
		return TableReport{}, err
	}

	info, err := os.Stat(path)
	if err != nil {
		return TableReport{}, fmt.Errorf("export %s: %w", t.Name, err)
	}

	return TableReport{Table: t.Name, Path: path, Rows: rows, Bytes: info.Size(), Duration: time.Since(start)}, nil
}

// writeTable streams t from Neo4j into w and returns the rows written.
func (s *Source) writeTable(ctx context.Context, w io.Writer, t Table, st Stamp, req Request) (int64, error) {
	rr, err := s.OpenTable(ctx, t, st)
	if err != nil {
		return 0, err
	}
	defer rr.Release()

	bw, err := newBatchWriter(req.Format, w, rr.Schema(), req.Compression, s.opts.Allocator)
	if err != nil {
		return 0, fmt.Errorf("export %s: %w", t.Name, err)
	}

	rows, err := s.copyBatches(ctx, t.Name, bw, rr)
	if cerr := bw.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export %s: finish file: %w", t.Name, cerr)
	}

	return rows, err
}

// copyBatches writes every batch of rr to bw and logs progress.
func (s *Source) copyBatches(ctx context.Context, table string, bw batchWriter, rr array.RecordReader) (int64, error) {
	var rows int64

	start, last := time.Now(), time.Now()
	for rr.Next() {
		rec := rr.RecordBatch()
		if err := bw.Write(rec); err != nil {
			return rows, fmt.Errorf("export %s: write rows %d to %d: %w", table, rows, rows+rec.NumRows()-1, err)
		}

		rows += rec.NumRows()

		if time.Since(last) >= ProgressInterval {
			last = time.Now()
			rate := float64(rows) / max(time.Since(start).Seconds(), 1e-9)
			s.logger.Info("exporting", "table", table, "rows", rows, "rows_per_second", int64(rate))
		}
	}

	if err := rr.Err(); err != nil {
		return rows, fmt.Errorf("export %s: %w", table, err)
	}

	if err := ctx.Err(); err != nil {
		return rows, fmt.Errorf("export %s: %w", table, err)
	}

	return rows, nil
}
