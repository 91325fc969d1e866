package embed

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Shape gives the sizes that fix the parameter layout.
type Shape struct {
	Dim        int // embedding dimension
	Words      int // vocabulary size
	Attributes int // number of attribute nodes
	Kinds      int // number of relation types (attribute kinds)
}

// ErrShape means parameters do not fit the graph or vocabulary they are used with.
var ErrShape = errors.New("parameter shape mismatch")

func (s Shape) validate() error {
	if s.Dim < 2 || s.Words < 1 || s.Attributes < 1 || s.Kinds < 1 {
		return fmt.Errorf("%w: dim %d, words %d, attributes %d, kinds %d (each must be positive, dim at least 2)",
			ErrShape, s.Dim, s.Words, s.Attributes, s.Kinds)
	}

	return nil
}

// size returns the number of float64 values in a parameter set of this shape.
func (s Shape) size() int {
	d := s.Dim
	return s.Words*d + s.Attributes*d + s.Kinds*d*d + d + d*d + d + d*d + s.Kinds*d
}

// Params is every trainable value of the model, stored in one slab so
// that the optimiser and the gradient check can treat it as a vector.
// The matrices are views into Data.
type Params struct {
	Shape Shape
	Data  []float64

	U    *mat.Dense   // word vectors, Words × Dim
	V    *mat.Dense   // attribute-specific vectors, Attributes × Dim
	W    []*mat.Dense // per-kind encoder weights, Dim × Dim each
	Bias []float64    // product bias b, Dim
	G    *mat.Dense   // composition gate weights, Dim × Dim
	GB   []float64    // composition gate bias, Dim
	R    *mat.Dense   // composition residual weights, Dim × Dim
	D    *mat.Dense   // DistMult relation diagonals, Kinds × Dim
}

// NewParams returns zeroed parameters of the given shape.
func NewParams(s Shape) (*Params, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}

	p := &Params{Shape: s, Data: make([]float64, s.size())}
	p.bind()

	return p, nil
}

// bind points the matrix views at consecutive ranges of Data.
func (p *Params) bind() {
	s, d, off := p.Shape, p.Shape.Dim, 0
	take := func(n int) []float64 {
		v := p.Data[off : off+n : off+n]
		off += n

		return v
	}

	p.U = mat.NewDense(s.Words, d, take(s.Words*d))
	p.V = mat.NewDense(s.Attributes, d, take(s.Attributes*d))

	p.W = make([]*mat.Dense, s.Kinds)
	for k := range p.W {
		p.W[k] = mat.NewDense(d, d, take(d*d))
	}

	p.Bias = take(d)
	p.G = mat.NewDense(d, d, take(d*d))
	p.GB = take(d)
	p.R = mat.NewDense(d, d, take(d*d))
	p.D = mat.NewDense(s.Kinds, d, take(s.Kinds*d))
}

// initialise fills the parameters for the start of training: small
// Gaussian vectors, encoder and residual weights near the identity and
// zero respectively, and a gate bias that starts by keeping most of the
// candidate (σ(2) ≈ 0.88).
func (p *Params) initialise(rng *rand.Rand) {
	d := p.Shape.Dim
	scale := 1 / math.Sqrt(float64(d))

	gauss := func(m *mat.Dense, sd float64) {
		r, c := m.Dims()
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				m.Set(i, j, rng.NormFloat64()*sd)
			}
		}
	}

	gauss(p.U, scale)
	gauss(p.V, scale)

	for _, w := range p.W {
		gauss(w, 0.1*scale)
		for i := 0; i < d; i++ {
			w.Set(i, i, w.At(i, i)+1)
		}
	}

	gauss(p.G, 0.1*scale)
	gauss(p.R, 0.1*scale)

	for i := range p.GB {
		p.GB[i] = 2
	}

	r, c := p.D.Dims()
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			p.D.Set(i, j, 1)
		}
	}
}

// Clone returns a deep copy.
func (p *Params) Clone() *Params {
	q := &Params{Shape: p.Shape, Data: append([]float64(nil), p.Data...)}
	q.bind()

	return q
}

// Zero sets every value to zero.
func (p *Params) Zero() { clear(p.Data) }

// MarshalBinary encodes the parameters as little-endian float64 values,
// preceded by the four shape numbers as uint32.
func (p *Params) MarshalBinary() ([]byte, error) {
	out := make([]byte, 16+8*len(p.Data))

	s := p.Shape
	for i, v := range []int{s.Dim, s.Words, s.Attributes, s.Kinds} {
		binary.LittleEndian.PutUint32(out[4*i:], uint32(v))
	}

	for i, v := range p.Data {
		binary.LittleEndian.PutUint64(out[16+8*i:], math.Float64bits(v))
	}

	return out, nil
}

// UnmarshalParams decodes what MarshalBinary wrote.
func UnmarshalParams(b []byte) (*Params, error) {
	if len(b) < 16 {
		return nil, fmt.Errorf("%w: encoded parameters are %d bytes, shorter than the 16-byte header", ErrShape, len(b))
	}

	s := Shape{
		Dim:        int(binary.LittleEndian.Uint32(b[0:])),
		Words:      int(binary.LittleEndian.Uint32(b[4:])),
		Attributes: int(binary.LittleEndian.Uint32(b[8:])),
		Kinds:      int(binary.LittleEndian.Uint32(b[12:])),
	}

	if err := s.validate(); err != nil {
		return nil, err
	}

	if want := 16 + 8*s.size(); len(b) != want {
		return nil, fmt.Errorf("%w: encoded parameters are %d bytes, want %d for %+v", ErrShape, len(b), want, s)
	}

	p, _ := NewParams(s)
	for i := range p.Data {
		p.Data[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[16+8*i:]))
	}

	return p, nil
}

// Extend returns parameters that also cover the words, attributes and
// kinds of s beyond p's shape. New rows start at zero: a new attribute's
// vector is then the mean of its known words' vectors, and a new kind
// contributes nothing until retraining. It returns p itself when nothing
// is new.
func (p *Params) Extend(s Shape) *Params {
	s.Dim = p.Shape.Dim
	s.Words = max(s.Words, p.Shape.Words)
	s.Attributes = max(s.Attributes, p.Shape.Attributes)
	s.Kinds = max(s.Kinds, p.Shape.Kinds)

	if s == p.Shape {
		return p
	}

	q, _ := NewParams(s)
	q.U.Slice(0, p.Shape.Words, 0, s.Dim).(*mat.Dense).Copy(p.U)
	q.V.Slice(0, p.Shape.Attributes, 0, s.Dim).(*mat.Dense).Copy(p.V)

	for k, w := range p.W {
		q.W[k].Copy(w)
	}

	copy(q.Bias, p.Bias)
	q.G.Copy(p.G)
	copy(q.GB, p.GB)
	q.R.Copy(p.R)
	q.D.Slice(0, p.Shape.Kinds, 0, s.Dim).(*mat.Dense).Copy(p.D)

	return q
}
