package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/tailorsearch/tailor/graphdb"
	"github.com/tailorsearch/tailor/internal/export"
)

func runExport(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("export", "--out DIR [options]\n\n"+
		"Writes one file per table (DIR/TABLE.arrow or DIR/TABLE.parquet), streaming from Neo4j\n"+
		"in record batches. docs/export.md describes every field. The export only reads the graph.")
	format := fs.String("format", "arrow", "file format: arrow (Arrow IPC file) or parquet")
	out := fs.String("out", "", "folder to write the files into; created when missing (required)")
	only := fs.String("only", "", "comma-separated tables to write (default all): "+strings.Join(export.TableNames(), ","))
	model := fs.Int64("model", 0, "model version whose embeddings to write (0: the newest)")
	batchRows := fs.Int("batch-rows", graphdb.DefaultBatchRows, "rows per record batch; memory use grows with it")
	compression := fs.String("compression", string(export.Snappy), "parquet compression: snappy, zstd or none")

	if err := parseFlags(fs, args, false); err != nil {
		return err
	}

	req, err := exportRequest(*out, *format, *only, *compression)
	if err != nil {
		return err
	}

	if *batchRows < 1 {
		return fmt.Errorf("%w: --batch-rows %d is not positive; pass the number of rows per record batch", errUsage, *batchRows)
	}

	if *model < 0 {
		return fmt.Errorf("%w: --model %d is negative; pass a model version, or 0 for the newest", errUsage, *model)
	}

	// The export opens the client without applying the schema, so it
	// writes nothing to the graph.
	client, err := graphdb.Open(ctx, dbConfig(), a.logger)
	if err != nil {
		return fmt.Errorf("%w (start the local server with \"tailor neo4j start\", or set NEO4J_URI)", err)
	}
	defer client.Close(ctx)

	src := export.NewSource(client, a.logger, export.Options{ModelVersion: *model, BatchRows: *batchRows})

	rep, err := src.Export(ctx, req)
	if err != nil {
		return err
	}

	printExportReport(a.stdout, rep)

	return nil
}

// exportRequest checks the flags that name the output.
func exportRequest(out, format, only, compression string) (export.Request, error) {
	if strings.TrimSpace(out) == "" {
		return export.Request{}, fmt.Errorf("%w: --out is required: name the folder to write the files into", errUsage)
	}

	f, err := export.ParseFormat(format)
	if err != nil {
		return export.Request{}, fmt.Errorf("%w: --format: %v", errUsage, err)
	}

	tables, err := export.ParseTables(only)
	if err != nil {
		return export.Request{}, fmt.Errorf("%w: --only: %v", errUsage, err)
	}

	c, err := export.ParseCompression(compression)
	if err != nil {
		return export.Request{}, fmt.Errorf("%w: --compression: %v", errUsage, err)
	}

	return export.Request{Dir: out, Format: f, Tables: tables, Compression: c}, nil
}

// printExportReport prints one line per written file and the total.
func printExportReport(w io.Writer, rep export.Report) {
	model := "none (the graph has no trained model)"
	if rep.Stamp.Model.Version > 0 {
		model = fmt.Sprint(rep.Stamp.Model.Version)
	}

	fmt.Fprintf(w, "exported at %s, tailor %s, model version %s\n", rep.Stamp.ExportedAt.Format("2006-01-02T15:04:05Z"), rep.Stamp.TailorVersion, model)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\trows\tbytes\tseconds\trows/s\tfile\t")

	var rows int64
	for _, t := range rep.Tables {
		rows += t.Rows
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.2f\t%.0f\t%s\t\n", t.Table, t.Rows, t.Bytes, t.Duration.Seconds(), t.RowsPerSecond(), t.Path)
	}

	fmt.Fprintf(tw, "total\t%d\t\t%.2f\t%.0f\t\t\n", rows, rep.Duration.Seconds(), float64(rows)/max(rep.Duration.Seconds(), 1e-9))
	_ = tw.Flush()
}
