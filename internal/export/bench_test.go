package export

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/tailorsearch/tailor/graphdb"
)

// BenchmarkExport exports tables from the Neo4j at NEO4J_BENCH_URI, such
// as the development server with the full FashionIQ graph, and reports
// rows per second. It only reads the graph. BENCH_EXPORT_TABLES selects
// the tables (default all).
func BenchmarkExport(b *testing.B) {
	uri := os.Getenv("NEO4J_BENCH_URI")
	if uri == "" {
		b.Skip("set NEO4J_BENCH_URI to the Bolt address of a loaded graph, such as bolt://127.0.0.1:7687")
	}

	ctx := context.Background()

	client, err := graphdb.Open(ctx, graphdb.Config{URI: uri}, discardLogger())
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close(ctx)

	tables, err := ParseTables(os.Getenv("BENCH_EXPORT_TABLES"))
	if err != nil {
		b.Fatal(err)
	}

	for _, f := range []Format{Arrow, Parquet} {
		b.Run(string(f), func(b *testing.B) {
			src := NewSource(client, discardLogger(), Options{})

			var rows, bytes int64
			var elapsed time.Duration

			for b.Loop() {
				rep, err := src.Export(ctx, Request{Dir: b.TempDir(), Format: f, Tables: tables})
				if err != nil {
					b.Fatal(err)
				}

				for _, t := range rep.Tables {
					rows += t.Rows
					bytes += t.Bytes
				}

				elapsed += rep.Duration
			}

			b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
			b.ReportMetric(float64(bytes)/float64(b.N), "file-bytes/op")
		})
	}
}
