package fashioniq

import (
	"errors"
	"strings"
	"testing"
)

func TestDataErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		err  DataError
		want string
	}{
		{
			name: "field and value",
			err:  DataError{File: "cap.json", Line: 3, Field: "[0].candidate", Value: `"B0 1"`, Reason: asinRule},
			want: `cap.json:3: field [0].candidate = "B0 1": ` + asinRule + "; " + fixHint,
		},
		{
			name: "field only",
			err:  DataError{File: "cap.json", Line: 7, Field: "[2].captions", Reason: "contains no non-empty caption"},
			want: "cap.json:7: field [2].captions: contains no non-empty caption; " + fixHint,
		},
		{
			name: "value only",
			err:  DataError{File: "urls.txt", Line: 2, Value: `"B01 x"`, Reason: "missing tab between ASIN and URL"},
			want: `urls.txt:2: value "B01 x": missing tab between ASIN and URL; ` + fixHint,
		},
		{
			name: "no line",
			err:  DataError{File: "x.json", Reason: "broken"},
			want: "x.json: broken; " + fixHint,
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}

			if !errors.Is(&tt.err, ErrInvalidData) {
				t.Error("DataError does not wrap ErrInvalidData")
			}
		})
	}
}

func TestQuoteValueShortensLongValues(t *testing.T) {
	long := strings.Repeat("é", 100)

	got := quoteValue(long)
	if !strings.HasSuffix(got, "…") {
		t.Errorf("quoteValue(long) = %q, want a … suffix", got)
	}

	if strings.Contains(got, `\x`) {
		t.Errorf("quoteValue cut a UTF-8 sequence: %q", got)
	}

	if got := quoteValue("B001"); got != `"B001"` {
		t.Errorf("quoteValue(B001) = %s, want \"B001\"", got)
	}
}

func TestSelectCategories(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"empty selects all", nil, []string{"dress", "shirt", "toptee"}},
		{"canonical order", []string{"toptee", "dress"}, []string{"dress", "toptee"}},
		{"duplicates removed", []string{"shirt", "shirt"}, []string{"shirt"}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := selectCategories(tt.in)
			if err != nil {
				t.Fatal(err)
			}

			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("selectCategories(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSelectCategoriesUnknown(t *testing.T) {
	_, err := selectCategories([]string{"dress", "shoes"})
	if !errors.Is(err, ErrUnknownCategory) {
		t.Fatalf("error = %v, want ErrUnknownCategory", err)
	}

	for _, want := range []string{`"shoes"`, "dress, shirt, toptee"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}
