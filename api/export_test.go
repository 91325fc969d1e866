package api_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/tailorsearch/tailor/api"
	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/export"
)

// fakeExporter serves tables from a function.
type fakeExporter struct {
	open func(ctx context.Context, table string) (array.RecordReader, error)
}

func (f fakeExporter) Open(ctx context.Context, table string) (array.RecordReader, error) {
	return f.open(ctx, table)
}

var exportSchema = arrow.NewSchema([]arrow.Field{
	{Name: "id", Type: arrow.BinaryTypes.String},
	{Name: "n", Type: arrow.PrimitiveTypes.Int64},
}, func() *arrow.Metadata {
	m := arrow.NewMetadata([]string{"tailor.table"}, []string{"things"})
	return &m
}())

// exportBatches returns count batches of two rows each.
func exportBatches(t *testing.T, mem memory.Allocator, count int) []arrow.RecordBatch {
	t.Helper()

	var out []arrow.RecordBatch
	for i := range count {
		js := fmt.Sprintf(`[{"id": "a%d", "n": %d}, {"id": "b%d", "n": %d}]`, i, 2*i, i, 2*i+1)

		rec, _, err := array.RecordFromJSON(mem, exportSchema, strings.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}

		out = append(out, rec)
	}

	return out
}

func exportServer(t *testing.T, e api.Exporter) *httptest.Server {
	t.Helper()

	s := api.NewServer(nil, nil, slog.New(slog.DiscardHandler), api.DefaultLimits())
	if e != nil {
		s = s.WithExporter(e)
	}

	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)

	return srv
}

func TestExportStreamsArrow(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	released := make(chan struct{})

	defer func() {
		<-released
		mem.AssertSize(t, 0)
	}()

	var requested string
	srv := exportServer(t, fakeExporter{open: func(_ context.Context, table string) (array.RecordReader, error) {
		requested = table
		return newTestReader(t, mem, 3, nil, released)
	}})

	resp, err := http.Get(srv.URL + "/v1/export/things")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", resp.StatusCode)
	}

	if got := resp.Header.Get("Content-Type"); got != api.ArrowStreamType {
		t.Errorf("content type %q, want %q", got, api.ArrowStreamType)
	}

	if requested != "things" {
		t.Errorf("exporter got a request for %q, want things", requested)
	}

	r, err := ipc.NewReader(resp.Body, ipc.WithAllocator(mem))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Release()

	if v, _ := r.Schema().Metadata().GetValue("tailor.table"); v != "things" {
		t.Errorf("stream metadata tailor.table = %q, want things", v)
	}

	var rows, sum int64
	for r.Next() {
		rec := r.RecordBatch()
		rows += rec.NumRows()
		for _, n := range rec.Column(1).(*array.Int64).Int64Values() {
			sum += n
		}
	}

	if err := r.Err(); err != nil {
		t.Fatalf("read stream: %v", err)
	}

	if rows != 6 || sum != 15 {
		t.Errorf("read %d rows summing to %d, want 6 rows summing to 15", rows, sum)
	}
}

func TestExportErrors(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"unknown table", fmt.Errorf("%w %q", export.ErrUnknownTable, "nodes"), http.StatusNotFound, "not_found"},
		{"no model", fmt.Errorf("export embeddings: %w", graphdb.ErrNoModel), http.StatusNotFound, "not_found"},
		{"neo4j down", fmt.Errorf("export products: %w: connection refused", graphdb.ErrUnavailable), http.StatusServiceUnavailable, "unavailable"},
		{"other failure", errors.New("disk on fire"), http.StatusInternalServerError, "internal"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := exportServer(t, fakeExporter{open: func(context.Context, string) (array.RecordReader, error) { return nil, tt.err }})
			checkErrorResponse(t, srv.URL+"/v1/export/nodes", tt.status, tt.code)
		})
	}
}

func TestExportNotConfigured(t *testing.T) {
	srv := exportServer(t, nil)
	checkErrorResponse(t, srv.URL+"/v1/export/products", http.StatusServiceUnavailable, "not_configured")
}

func checkErrorResponse(t *testing.T, url string, status int, code string) {
	t.Helper()

	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != status {
		t.Errorf("status %d, want %d", resp.StatusCode, status)
	}

	var body api.ErrorBody
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("error body is not JSON: %v", err)
	}

	if body.Error.Code != code || body.Error.Message == "" {
		t.Errorf("error %+v, want code %q and a message", body.Error, code)
	}
}

// testReader passes on its batches, then reports err. It closes released
// when the handler releases it, so a test can check for leaks after that.
type testReader struct {
	array.RecordReader
	err      error
	released chan struct{}
}

func (r testReader) Err() error {
	if r.err != nil {
		return r.err
	}

	return r.RecordReader.Err()
}

func (r testReader) Release() {
	r.RecordReader.Release()
	close(r.released)
}

// newTestReader returns a testReader over count batches.
func newTestReader(t *testing.T, mem memory.Allocator, count int, err error, released chan struct{}) (array.RecordReader, error) {
	t.Helper()

	recs := exportBatches(t, mem, count)
	defer func() {
		for _, r := range recs {
			r.Release()
		}
	}()

	rr, rerr := array.NewRecordReader(exportSchema, recs)
	if rerr != nil {
		return nil, rerr
	}

	return testReader{RecordReader: rr, err: err, released: released}, nil
}

func TestExportFailureTruncatesStream(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	released := make(chan struct{})

	defer func() {
		<-released
		mem.AssertSize(t, 0)
	}()

	srv := exportServer(t, fakeExporter{open: func(context.Context, string) (array.RecordReader, error) {
		return newTestReader(t, mem, 2, errors.New("neo4j went away"), released)
	}})

	resp, err := http.Get(srv.URL + "/v1/export/things")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	// The status is sent before the failure, so only the truncated body reports it.
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Error("reading a failed stream succeeded, want an error from the truncated body")
	}
}

func TestExportBusy(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})

	srv := exportServer(t, fakeExporter{open: func(context.Context, string) (array.RecordReader, error) {
		entered <- struct{}{}
		<-release

		return nil, fmt.Errorf("%w %q", export.ErrUnknownTable, "slow")
	}})

	var wg sync.WaitGroup
	for range api.MaxConcurrentExports {
		wg.Add(1)

		go func() {
			defer wg.Done()

			resp, err := http.Get(srv.URL + "/v1/export/slow")
			if err == nil {
				resp.Body.Close()
			}
		}()

		<-entered
	}

	checkErrorResponse(t, srv.URL+"/v1/export/products", http.StatusServiceUnavailable, "busy")

	close(release)
	wg.Wait()
}
