package fashion200k

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tailorsearch/tailor/internal/ingest"
)

func TestParseLabelName(t *testing.T) {
	tests := []struct {
		path, category, split string
		ok                    bool
	}{
		{"labels/dress_train_detect_all.txt", "dress", "train", true},
		{"/x/top_test_detect_all.txt", "top", "test", true},
		{"dress_val_detect_all.txt", "", "", false},
		{"dress_train.txt", "", "", false},
		{"Dress_train_detect_all.txt", "", "", false},
	}

	for _, tc := range tests {
		cat, split, err := ParseLabelName(tc.path)
		if (err == nil) != tc.ok {
			t.Errorf("ParseLabelName(%q) error = %v, want ok %v", tc.path, err, tc.ok)
			continue
		}

		if err != nil && !errors.Is(err, ErrInvalidFile) {
			t.Errorf("ParseLabelName(%q) error %v does not wrap ErrInvalidFile", tc.path, err)
		}

		if cat != tc.category || split != tc.split {
			t.Errorf("ParseLabelName(%q) = %q, %q; want %q, %q", tc.path, cat, split, tc.category, tc.split)
		}
	}
}

func TestParseLabelLine(t *testing.T) {
	pos := ingest.Position{File: "dress_test_detect_all.txt", Line: 3}

	tests := []struct {
		name, line     string
		caption, field string // field names the error; empty caption means an error
		score          float64
	}{
		{"plain", "a/1.jpeg\t0.5\tblack dress", "black dress", "", 0.5},
		{"spaces and case", "a/1.jpeg\t 0.25 \t  Black   Dress \r", "black dress", "", 0.25},
		{"trailing tab", "a/1.jpeg\t1\tred dress\t", "red dress", "", 1},
		{"two fields", "a/1.jpeg\tblack dress", "", "", 0},
		{"four fields", "a/1.jpeg\t0.5\tblack\tdress", "", "", 0},
		{"bad score", "a/1.jpeg\thigh\tblack dress", "", "detection_score", 0},
		{"infinite score", "a/1.jpeg\tInf\tblack dress", "", "detection_score", 0},
		{"NaN score", "a/1.jpeg\tNaN\tblack dress", "", "detection_score", 0},
		{"empty caption", "a/1.jpeg\t0.5\t  ", "", "", 0},
		{"empty path", "\t0.5\tblack dress", "", "image", 0},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			it, err := parseLabelLine(pos, tc.line, "dress", "test")
			if tc.caption == "" {
				var re *ingest.RecordError
				if !errors.As(err, &re) {
					t.Fatalf("error = %v, want a RecordError", err)
				}

				if re.Pos != pos {
					t.Errorf("error position = %v, want %v", re.Pos, pos)
				}

				if tc.field != "" && re.Field != tc.field {
					t.Errorf("error field = %q, want %q", re.Field, tc.field)
				}

				return
			}

			if err != nil {
				t.Fatal(err)
			}

			if it.Caption != tc.caption || it.Category != "dress" || it.Split != "test" || it.Image != "a/1.jpeg" {
				t.Errorf("item = %+v", it)
			}

			if it.DetectionScore == nil || *it.DetectionScore != tc.score {
				t.Errorf("detection score = %v, want %v", it.DetectionScore, tc.score)
			}
		})
	}
}

func FuzzParseLabelLine(f *testing.F) {
	f.Add("a/1.jpeg\t0.5\tblack dress")
	f.Add("a/1.jpeg\t1e400\tx")
	f.Add("\t\t\t")
	f.Add("a\t0x1p-2\tÅ  é")

	f.Fuzz(func(t *testing.T, line string) {
		it, err := parseLabelLine(ingest.Position{File: "f", Line: 1}, line, "dress", "train")
		if err != nil {
			if !errors.Is(err, ingest.ErrInvalidRecord) {
				t.Fatalf("error %v does not wrap ErrInvalidRecord", err)
			}

			return
		}

		if it.Image == "" || it.Caption == "" || it.DetectionScore == nil || !finite(*it.DetectionScore) {
			t.Fatalf("accepted an incomplete item %+v from %q", it, line)
		}

		if it.Caption != NormalizeCaption(it.Caption) || strings.Contains(it.Caption, "\t") {
			t.Fatalf("caption %q is not normalized", it.Caption)
		}

		if utf8.ValidString(line) && !utf8.ValidString(it.Caption) {
			t.Fatalf("caption %q of valid UTF-8 input is not valid UTF-8", it.Caption)
		}
	})
}
