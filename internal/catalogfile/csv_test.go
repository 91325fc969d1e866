package catalogfile

import (
	"errors"
	"slices"
	"testing"

	"github.com/tailorsearch/tailor/internal/catalog"
	"github.com/tailorsearch/tailor/internal/ingest"
)

func TestCSVProducts(t *testing.T) {
	products, _ := readAll(t, []string{"testdata/products.csv"}, nil)

	if len(products) != 3 {
		t.Fatalf("read %d products, want 3", len(products))
	}

	p := products[0]
	if p.ID != "sku-1" || p.Memberships[0].Category != "dress" || p.Pos.Line != 2 ||
		!slices.Equal(p.Attributes, []catalog.Attribute{{Kind: "color", Value: "black"}, {Kind: "material", Value: "silk"}}) ||
		!slices.Equal(p.ImageEmbedding, []float32{0.5, -0.25, 1}) {
		t.Errorf("first product = %+v", p)
	}

	if p := products[1]; p.Title != "" || p.ImageURL != "" || !slices.Equal(p.ImageEmbedding, []float32{1, 0, 0}) ||
		!slices.Equal(p.Attributes, []catalog.Attribute{{Kind: "color", Value: "red"}, {Kind: "color", Value: "white"}}) {
		t.Errorf("second product = %+v", p)
	}

	if p := products[2]; p.ID != "sku-3" || p.Title != "Linen shirt, short sleeves" || p.ImageEmbedding != nil {
		t.Errorf("third product = %+v", p)
	}
}

func TestCSVHeaderErrors(t *testing.T) {
	tests := []struct{ name, header string }{
		{"unknown column", "id,category,colour"},
		{"missing category", "id,title"},
		{"repeated column", "id,category,id"},
		{"attributes list", "id,category,attributes"},
		{"attr without kind", "id,category,attr."},
		{"unknown query column", "candidate,text,category,colour"},
		{"query without text", "candidate,target"},
	}

	for _, tc := range tests {
		_, err := Open(t.Context(), []string{writeFile(t, "p.csv", tc.header+"\n")}, Options{})
		if !errors.Is(err, ErrInvalidFile) {
			t.Errorf("%s: error %v, want ErrInvalidFile", tc.name, err)
		}
	}
}

func TestCSVInvalidRows(t *testing.T) {
	header := "id,category,image_embedding\n"
	good := "a,dress,1 2\n"

	tests := []struct{ name, row, field string }{
		{"too few fields", "b,dress\n", ""},
		{"bare quote", "b,dr\"ess,1 2\n", ""},
		{"not a number", "b,dress,1 x\n", "image_embedding"},
		{"NaN", "b,dress,1 NaN\n", "image_embedding"},
		{"infinite", "b,dress,1e400 1\n", "image_embedding"},
		{"open bracket", "b,dress,[1 2\n", "image_embedding"},
		{"missing id", ",dress,1 2\n", "id"},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := nextProductError(t, writeFile(t, "p.csv", header+good+tc.row+good), 2)

			var re *ingest.RecordError
			if !errors.As(err, &re) {
				t.Fatalf("error = %v, want a RecordError", err)
			}

			if re.Pos.Line != 3 || re.Field != tc.field {
				t.Errorf("error at %v, field %q; want line 3, field %q: %v", re.Pos, re.Field, tc.field, err)
			}
		})
	}
}

func TestCSVQueries(t *testing.T) {
	_, queries := readAll(t, []string{"testdata/queries.csv", "testdata/products.csv"}, nil)

	if len(queries) != 2 {
		t.Fatalf("read %d queries, want 2", len(queries))
	}

	q := queries[0]
	if q.Candidate != "sku-1" || q.Target != "sku-2" || q.Text() != "is red" || q.Split != DefaultSplit ||
		q.Source != "shop" || q.ID != QueryID("shop", "sku-1", "sku-2", "is red") || q.Category != "" {
		t.Errorf("first query = %+v", q)
	}

	if q := queries[1]; q.Target != "" || q.Text() != "without white" || q.Pos.Line != 3 {
		t.Errorf("second query = %+v", q)
	}
}

func FuzzCSVProducts(f *testing.F) {
	f.Add("id,category,attr.color,image_embedding\nsku-1,Dress,Black|white,\"[0.5, -0.25, 1]\"\n")
	f.Add("id,category\n\"a\nb\",c\n")
	f.Add("candidate,text\na,b\n")

	f.Fuzz(func(t *testing.T, content string) {
		path := writeFile(t, "f.csv", content)
		ctx := t.Context()

		s, err := Open(ctx, []string{path}, Options{})
		if err != nil {
			return
		}
		defer s.Close()

		for range 100 {
			p, err := s.NextProduct(ctx)
			if err != nil {
				if !errors.Is(err, ingest.ErrInvalidRecord) {
					return
				}

				continue
			}

			checkProduct(t, p)
		}
	})
}
