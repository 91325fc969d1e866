package fashion200k

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestPairIndexPairs(t *testing.T) {
	x := NewPairIndex()
	for _, c := range []struct{ id, caption string }{
		{"a", "black short dress"},
		{"b", "red short dress"},
		{"c", "black long dress"},
		{"d", "black short dress"}, // same caption as a: no pair with a
		{"e", "short black dress"}, // same words, other order: two positions differ
		{"f", "black dress"},       // other length
	} {
		if !x.Add(c.id, strings.Fields(c.caption)) {
			t.Fatalf("Add(%q) reported a repeat", c.id)
		}
	}

	if x.Add("a", strings.Fields("green dress")) {
		t.Error("Add accepted a repeated id")
	}

	var got []string
	x.Pairs(func(p Pair) bool {
		got = append(got, fmt.Sprintf("%s>%s:%s>%s", x.ID(p.Candidate), x.ID(p.Target), p.From, p.To))
		return true
	})

	want := []string{
		"a>b:black>red", "a>c:short>long",
		"b>a:red>black", "b>d:red>black",
		"c>a:long>short", "c>d:long>short",
		"d>b:black>red", "d>c:short>long",
	}

	if !slices.Equal(got, want) {
		t.Errorf("pairs = %v\nwant    %v", got, want)
	}
}

func TestPairIndexStops(t *testing.T) {
	x := NewPairIndex()
	x.Add("a", []string{"red", "dress"})
	x.Add("b", []string{"blue", "dress"})
	x.Add("c", []string{"green", "dress"})

	n := 0
	x.Pairs(func(Pair) bool {
		n++
		return n < 2
	})

	if n != 2 {
		t.Errorf("Pairs called yield %d times after it returned false at 2", n)
	}
}

func TestQueryText(t *testing.T) {
	if got := QueryText("black", "red"); got != "replace black with red" {
		t.Errorf("QueryText = %q", got)
	}
}

// FuzzPairIndex checks the pairs against a direct comparison of every
// ordered pair of captions.
func FuzzPairIndex(f *testing.F) {
	f.Add("red dress|blue dress|red skirt|red dress")
	f.Add("a b c|a x c|a b|x b c|a b c")

	f.Fuzz(func(t *testing.T, list string) {
		captions := strings.Split(list, "|")
		if len(captions) > 30 {
			captions = captions[:30]
		}

		x := NewPairIndex()
		for i, c := range captions {
			x.Add(fmt.Sprint(i), strings.Fields(c))
		}

		got := map[[2]int]bool{}
		x.Pairs(func(p Pair) bool {
			if got[[2]int{p.Candidate, p.Target}] {
				t.Fatalf("pair %d>%d yielded twice", p.Candidate, p.Target)
			}

			got[[2]int{p.Candidate, p.Target}] = true

			return true
		})

		for i := range x.Len() {
			for j := range x.Len() {
				if i == j {
					continue
				}

				if want := oneWordApart(x.Words(i), x.Words(j)); got[[2]int{i, j}] != want {
					t.Fatalf("pair %q>%q: yielded %v, want %v", x.Words(i), x.Words(j), got[[2]int{i, j}], want)
				}
			}
		}
	})
}

func oneWordApart(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}

	diff := 0
	for i := range a {
		if a[i] != b[i] {
			diff++
		}
	}

	return diff == 1
}
