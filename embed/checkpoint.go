package embed

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"time"
)

// ErrCheckpointMismatch means a checkpoint was written by a run on other
// data or with other settings, so resuming from it would not continue
// that run.
var ErrCheckpointMismatch = errors.New("checkpoint does not match this run")

// Checkpoint is the state of a training run after a whole epoch.
type Checkpoint struct {
	Fingerprint string // Fingerprint of the graph, triplets and settings
	Config      Config
	Epoch       int    // epochs completed
	Params      []byte // current parameters, MarshalBinary form
	Best        []byte // best parameters so far
	BestScore   float64
	BestEpoch   int
	Stale       int // epochs since the best
	History     []EpochStats
	Adam        AdamState
	RNG         []byte // state of the run's random source
	Elapsed     time.Duration
}

// Fingerprint identifies a training run by the graph's shape, the
// training triplets and every setting that changes the result. Epochs,
// Patience and Workers are left out, so that a resumed run may go on for
// longer or use other hardware.
func Fingerprint(g *Graph, train []Triplet, cfg Config) string {
	h := fnv.New64a()

	cfg.Epochs, cfg.Patience, cfg.Workers = 0, 0, 0
	settings, _ := json.Marshal(cfg)
	h.Write(settings)

	word := func(v int) { _ = binary.Write(h, binary.LittleEndian, int64(v)) }
	word(len(g.Products))
	word(len(g.Attributes))
	word(len(g.Words))
	word(len(g.Kinds))
	word(g.ImageDim())

	for _, attrs := range g.ProductAttributes {
		word(len(attrs))
		for _, a := range attrs {
			word(int(a))
		}
	}

	for _, t := range train {
		word(int(t.Candidate))
		word(int(t.Target))
		word(int(t.Group))
		word(len(t.Words))
		for _, w := range t.Words {
			word(int(w))
		}
	}

	return fmt.Sprintf("%016x", h.Sum64())
}

// checkpoint captures the run after its latest epoch.
func (r *run) checkpoint(elapsed time.Duration) (*Checkpoint, error) {
	params, _ := r.model.P.MarshalBinary()
	best, _ := r.best.MarshalBinary()

	rng, err := r.pcg.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("encode random source: %w", err)
	}

	return &Checkpoint{
		Fingerprint: r.fingerprint, Config: r.cfg, Epoch: len(r.res.History), Params: params, Best: best,
		BestScore: r.bestScore, BestEpoch: r.res.BestEpoch, Stale: r.stale,
		History: append([]EpochStats(nil), r.res.History...), Adam: r.opt.State(), RNG: rng,
		Elapsed: r.elapsed + elapsed,
	}, nil
}

// restore puts the run in the state that ck recorded.
func (r *run) restore(ck *Checkpoint) error {
	if ck.Fingerprint != r.fingerprint {
		return fmt.Errorf("%w: it has fingerprint %s, this run %s", ErrCheckpointMismatch, ck.Fingerprint, r.fingerprint)
	}

	params, err := UnmarshalParams(ck.Params)
	if err != nil {
		return fmt.Errorf("decode checkpoint parameters: %w", err)
	}

	best, err := UnmarshalParams(ck.Best)
	if err != nil {
		return fmt.Errorf("decode checkpoint best parameters: %w", err)
	}

	if params.Shape != r.model.P.Shape || best.Shape != r.model.P.Shape {
		return fmt.Errorf("%w: parameter shape %+v, this run %+v", ErrCheckpointMismatch, params.Shape, r.model.P.Shape)
	}

	if err := r.pcg.UnmarshalBinary(ck.RNG); err != nil {
		return fmt.Errorf("decode checkpoint random source: %w", err)
	}

	if err := r.opt.SetState(ck.Adam, len(params.Data)); err != nil {
		return err
	}

	copy(r.model.P.Data, params.Data)
	copy(r.best.Data, best.Data)
	r.bestScore, r.stale, r.elapsed = ck.BestScore, ck.Stale, ck.Elapsed
	r.res.BestEpoch, r.res.History = ck.BestEpoch, append([]EpochStats(nil), ck.History...)

	return nil
}

// SaveCheckpoint writes ck to path. It writes a temporary file first and
// renames it, so a crash leaves either the old checkpoint or the new one.
func SaveCheckpoint(path string, ck *Checkpoint) error {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(ck); err != nil {
		return fmt.Errorf("encode checkpoint: %w", err)
	}

	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create checkpoint folder: %w", err)
	}

	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}

	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write checkpoint: %w", err)
	}

	return nil
}

// LoadCheckpoint reads a checkpoint that SaveCheckpoint wrote. A missing
// file returns an error that matches os.ErrNotExist.
func LoadCheckpoint(path string) (*Checkpoint, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read checkpoint: %w", err)
	}

	var ck Checkpoint
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&ck); err != nil {
		return nil, fmt.Errorf("decode checkpoint %s: %w", path, err)
	}

	return &ck, nil
}
