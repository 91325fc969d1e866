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

	// ImageDim is the width of the optional precomputed image features;
	// 0 when the catalog has none.
	ImageDim int
}

// ErrShape means parameters do not fit the graph or vocabulary they are used with.
var ErrShape = errors.New("parameter shape mismatch")

func (s Shape) validate() error {
	if s.Dim < 2 || s.Words < 1 || s.Attributes < 1 || s.Kinds < 1 || s.ImageDim < 0 {
		return fmt.Errorf("%w: dim %d, words %d, attributes %d, kinds %d, image dim %d (each must be positive, dim at least 2, image dim 0 or more)",
			ErrShape, s.Dim, s.Words, s.Attributes, s.Kinds, s.ImageDim)
	}

	return nil
}

// size returns the number of float64 values in a parameter set of this shape.
func (s Shape) size() int {
	d := s.Dim
	return s.legacySize() + 2*d*d + d*s.ImageDim
}

// legacySize is the size of the layout before the mention weights and the
// image projection existed; that layout is a prefix of the current one.
func (s Shape) legacySize() int {
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

	// M maps the mean vector of the attributes that a text requests into
	// the text vector, and N the mean vector of those it removes; Dim ×
	// Dim each.
	M, N *mat.Dense

	// Img projects precomputed image features into the product vector,
	// Dim × ImageDim; nil when Shape.ImageDim is 0.
	Img *mat.Dense
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
	p.M = mat.NewDense(d, d, take(d*d))
	p.N = mat.NewDense(d, d, take(d*d))

	p.Img = nil
	if s.ImageDim > 0 {
		p.Img = mat.NewDense(d, s.ImageDim, take(d*s.ImageDim))
	}
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

	if p.Img != nil {
		gauss(p.Img, 1/math.Sqrt(float64(p.Shape.ImageDim)))
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

// paramsMagic starts the current encoding of parameters. Encodings
// without it come from models trained before the mention weights and the
// image projection existed; they still decode, with those weights zero.
var paramsMagic = [4]byte{'T', 'L', 'P', '2'}

// MarshalBinary encodes the parameters as the magic "TLP2", the shape as
// five little-endian uint32 values (Dim, Words, Attributes, Kinds,
// ImageDim), then every value as a little-endian float64.
func (p *Params) MarshalBinary() ([]byte, error) {
	s := p.Shape
	header := []int{s.Dim, s.Words, s.Attributes, s.Kinds, s.ImageDim}
	start := len(paramsMagic) + 4*len(header)

	out := make([]byte, start+8*len(p.Data))
	copy(out, paramsMagic[:])

	for i, v := range header {
		binary.LittleEndian.PutUint32(out[len(paramsMagic)+4*i:], uint32(v))
	}

	for i, v := range p.Data {
		binary.LittleEndian.PutUint64(out[start+8*i:], math.Float64bits(v))
	}

	return out, nil
}

// UnmarshalParams decodes what MarshalBinary wrote, or the older encoding
// without the magic: four uint32 values (Dim, Words, Attributes, Kinds)
// and the values of the layout without mention weights and image
// projection.
func UnmarshalParams(b []byte) (*Params, error) {
	legacy := len(b) < 4 || [4]byte(b[:4]) != paramsMagic

	start, fields := 4, 5
	if legacy {
		start, fields = 0, 4
	}

	headerEnd := start + 4*fields
	if len(b) < headerEnd {
		return nil, fmt.Errorf("%w: encoded parameters are %d bytes, shorter than the %d-byte header", ErrShape, len(b), headerEnd)
	}

	field := func(i int) int { return int(binary.LittleEndian.Uint32(b[start+4*i:])) }
	s := Shape{Dim: field(0), Words: field(1), Attributes: field(2), Kinds: field(3)}

	if !legacy {
		s.ImageDim = field(4)
	}

	if err := s.validate(); err != nil {
		return nil, err
	}

	values := s.size()
	if legacy {
		values = s.legacySize()
	}

	if want := headerEnd + 8*values; len(b) != want {
		return nil, fmt.Errorf("%w: encoded parameters are %d bytes, want %d for %+v", ErrShape, len(b), want, s)
	}

	p, _ := NewParams(s)
	for i := range values {
		p.Data[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[headerEnd+8*i:]))
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
	s.ImageDim = p.Shape.ImageDim
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
	q.M.Copy(p.M)
	q.N.Copy(p.N)

	if p.Img != nil {
		q.Img.Copy(p.Img)
	}

	return q
}
