package catalogfile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchmarkCatalog writes n products with ten attributes and a
// 16-value embedding in the format of ext and returns the path.
func benchmarkCatalog(b *testing.B, n int, ext string) string {
	b.Helper()

	var sb strings.Builder

	if ext == "csv" {
		sb.WriteString("id,category,title,attr.k0,attr.k1,attr.k2,attr.k3,attr.k4,attr.k5,attr.k6,attr.k7,attr.k8,attr.k9,image_embedding\n")
	}

	for i := range n {
		if ext == "csv" {
			fmt.Fprintf(&sb, "sku-%d,dress,Product %d,v1,v2,v3,v4,v5,v6,v7,v8,v9,v10,%s\n", i, i, strings.Repeat("0.125 ", 16))
			continue
		}

		fmt.Fprintf(&sb, `{"id": "sku-%d", "category": "dress", "title": "Product %d", "attributes": [`, i, i)
		for k := range 10 {
			if k > 0 {
				sb.WriteString(", ")
			}

			fmt.Fprintf(&sb, `{"kind": "k%d", "value": "v%d"}`, k, k)
		}

		sb.WriteString(`], "image_embedding": [` + strings.TrimSuffix(strings.Repeat("0.125, ", 16), ", ") + "]}\n")
	}

	path := filepath.Join(b.TempDir(), "catalog."+ext)
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}

	return path
}

func BenchmarkReadProducts(b *testing.B) {
	const n = 20000

	for _, ext := range []string{"jsonl", "csv"} {
		b.Run(ext, func(b *testing.B) {
			path := benchmarkCatalog(b, n, ext)
			ctx := context.Background()

			st, err := os.Stat(path)
			if err != nil {
				b.Fatal(err)
			}

			b.SetBytes(st.Size())
			b.ResetTimer()

			for b.Loop() {
				s, err := Open(ctx, []string{path}, Options{})
				if err != nil {
					b.Fatal(err)
				}

				for {
					if _, err := s.NextProduct(ctx); errors.Is(err, io.EOF) {
						break
					} else if err != nil {
						b.Fatal(err)
					}
				}

				s.Close()
			}

			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "products/s")
		})
	}
}
