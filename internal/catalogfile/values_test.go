package catalogfile

import (
	"math"
	"slices"
	"testing"
)

func TestParseFloats(t *testing.T) {
	tests := []struct {
		cell string
		want []float64
		ok   bool
	}{
		{"0.5 -0.25 1", []float64{0.5, -0.25, 1}, true},
		{"[0.5, -0.25, 1]", []float64{0.5, -0.25, 1}, true},
		{" [ 1,2 ] ", []float64{1, 2}, true},
		{"", nil, true},
		{"[]", nil, true},
		{"1e400", []float64{math.Inf(1)}, true},
		{"[1, 2", nil, false},
		{"1;2", nil, false},
		{"one", nil, false},
	}

	for _, tc := range tests {
		got, err := parseFloats(tc.cell)
		if (err == nil) != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("parseFloats(%q) = %v, %v; want %v, ok %v", tc.cell, got, err, tc.want, tc.ok)
		}
	}
}

func FuzzParseFloats(f *testing.F) {
	f.Add("[0.5, -0.25, 1]")
	f.Add("1e400 NaN")

	f.Fuzz(func(t *testing.T, cell string) {
		v, err := parseFloats(cell)
		if err != nil {
			return
		}

		if _, err := embedding(rowPos, v); err != nil {
			return
		}

		for _, x := range v {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("embedding accepted %v from %q", x, cell)
			}
		}
	})
}
