package embed

import (
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestParamsRoundTrip(t *testing.T) {
	for _, imageDim := range []int{0, 3} {
		p, err := NewParams(Shape{Dim: 4, Words: 5, Attributes: 6, Kinds: 2, ImageDim: imageDim})
		if err != nil {
			t.Fatal(err)
		}

		p.initialise(rand.New(rand.NewPCG(1, 1)))

		b, _ := p.MarshalBinary()
		q, err := UnmarshalParams(b)
		if err != nil {
			t.Fatalf("image dim %d: %v", imageDim, err)
		}

		if q.Shape != p.Shape || !slices.Equal(q.Data, p.Data) {
			t.Errorf("image dim %d: decoded %+v differs from %+v", imageDim, q.Shape, p.Shape)
		}
	}
}

func TestUnmarshalLegacyParams(t *testing.T) {
	p, _ := NewParams(Shape{Dim: 2, Words: 3, Attributes: 2, Kinds: 2})
	p.initialise(rand.New(rand.NewPCG(3, 3)))

	// The encoding of models stored before the mention weights: four
	// header numbers and the legacy prefix of the layout.
	legacy := make([]byte, 16+8*p.Shape.legacySize())
	for i, v := range []int{2, 3, 2, 2} {
		binary.LittleEndian.PutUint32(legacy[4*i:], uint32(v))
	}

	for i := range p.Shape.legacySize() {
		binary.LittleEndian.PutUint64(legacy[16+8*i:], math.Float64bits(p.Data[i]))
	}

	q, err := UnmarshalParams(legacy)
	if err != nil {
		t.Fatal(err)
	}

	if !slices.Equal(q.Data[:p.Shape.legacySize()], p.Data[:p.Shape.legacySize()]) {
		t.Error("legacy parameters decoded to other values")
	}

	if mat.Sum(q.M) != 0 {
		t.Error("legacy parameters decoded with non-zero mention weights")
	}

	if _, err := UnmarshalParams(legacy[:len(legacy)-8]); !errors.Is(err, ErrShape) {
		t.Errorf("truncated parameters returned %v, want ErrShape", err)
	}
}

func TestExtendKeepsImageWeights(t *testing.T) {
	p, _ := NewParams(Shape{Dim: 2, Words: 1, Attributes: 1, Kinds: 1, ImageDim: 2})
	p.initialise(rand.New(rand.NewPCG(2, 2)))

	q := p.Extend(Shape{Words: 3, Attributes: 2, Kinds: 1})
	if q.Shape.ImageDim != 2 || !slices.Equal(q.Img.RawMatrix().Data, p.Img.RawMatrix().Data) {
		t.Errorf("Extend changed the image projection: shape %+v", q.Shape)
	}
}
