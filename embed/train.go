package embed

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Config sets the model size and the optimisation.
type Config struct {
	Dim                 int     // embedding dimension
	Epochs              int     // maximum passes over the training triplets
	BatchSize           int     // triplets per step
	LearningRate        float64 // Adam step size
	WeightDecay         float64 // decoupled weight decay per step, as a fraction of the step size
	CompositionalWeight float64 // weight of the compositional loss; 0 turns it off
	LinkWeight          float64 // weight of the link-prediction loss; 0 turns it off
	Negatives           int     // extra random target-side negatives per step
	LinkNegatives       int     // sampled negative attributes per held-out edge
	Temperature         float64 // τ of the compositional loss
	Patience            int     // epochs without validation gain before stopping; 0 disables early stopping
	Seed                uint64  // seeds initialisation, shuffling and sampling

	// GroupBatches fills each step with triplets of one group (category)
	// and draws its negatives from that group's products.
	GroupBatches bool

	// CandidateNegatives adds each step's candidates to its negatives, so
	// that a composed query learns to move away from its own candidate.
	CandidateNegatives bool

	// Symmetric adds the reverse direction to the compositional loss:
	// each target ranked against the step's composed queries, as in the
	// symmetric contrastive loss of CLIP (Radford et al., ICML 2021).
	Symmetric bool

	// Flat trains the "embeddings without the graph" ablation (see Model.Flat).
	Flat bool

	// EdgeDropout is the probability that a training step drops each
	// attribute edge of its candidates, targets and negatives; a product
	// keeps at least one edge. It regularises the encoder as dropout
	// does, and evaluation always reads every edge.
	EdgeDropout float64

	// TaggedTargets trains only on triplets whose target has at least one
	// attribute edge. Products without attributes all share one vector,
	// so no query can single one out; training on them only pulls
	// composed queries towards that shared vector, which then ranks the
	// whole block of untagged products above every tagged one.
	TaggedTargets bool

	// Workers caps the goroutines of the encoder and the optimiser; 0
	// means GOMAXPROCS. Results do not depend on it.
	Workers int `json:"-"`
}

// DefaultConfig returns the settings that "tailor train" uses by default.
func DefaultConfig() Config {
	return Config{
		Dim: 64, Epochs: 30, BatchSize: 128, LearningRate: 3e-3, WeightDecay: 1e-4,
		CompositionalWeight: 1, LinkWeight: 0.5, Negatives: 128, LinkNegatives: 5, Temperature: 0.1,
		Patience: 4, Seed: 1, Symmetric: true,
	}
}

// ErrInvalidConfig means a training setting is out of range.
var ErrInvalidConfig = errors.New("invalid training setting")

func (c Config) validate() error {
	var problem string

	switch {
	case c.Dim < 2:
		problem = fmt.Sprintf("dimension %d: must be at least 2", c.Dim)
	case c.Epochs < 1:
		problem = fmt.Sprintf("epoch count %d: must be at least 1", c.Epochs)
	case c.BatchSize < 2:
		problem = fmt.Sprintf("batch size %d: must be at least 2", c.BatchSize)
	case !(c.LearningRate > 0):
		problem = fmt.Sprintf("learning rate %g: must be positive", c.LearningRate)
	case !(c.Temperature > 0):
		problem = fmt.Sprintf("temperature %g: must be positive", c.Temperature)
	case c.CompositionalWeight < 0 || c.LinkWeight < 0 || c.Negatives < 0 || c.LinkNegatives < 0 || c.Patience < 0 || c.WeightDecay < 0:
		problem = "loss weights, negatives, link negatives, patience and weight decay must not be negative"
	case c.EdgeDropout < 0 || c.EdgeDropout >= 1:
		problem = fmt.Sprintf("edge dropout %g: must be in [0, 1)", c.EdgeDropout)
	case c.CompositionalWeight == 0 && c.LinkWeight == 0:
		problem = "both loss weights are 0, so there is nothing to train"
	default:
		return nil
	}

	return fmt.Errorf("%w: %s", ErrInvalidConfig, problem)
}

func (c Config) weights() LossWeights {
	return LossWeights{Compositional: c.CompositionalWeight, Link: c.LinkWeight}
}

// EpochStats records one epoch of training.
type EpochStats struct {
	Epoch      int
	Loss       float64 // mean training loss per step
	Validation float64 // mean of Recall@10 and @50 over the validation sets, in percent
	Duration   time.Duration
	Triplets   int // training triplets seen
	Edges      int // attribute edges read by the encoder, over every step
}

// Result is a trained model and its history.
type Result struct {
	Model     *Model
	History   []EpochStats
	BestEpoch int
	Duration  time.Duration // training time, including the epochs before a resume
}

// RunOptions adds checkpoints to a training run.
type RunOptions struct {
	// Resume continues the run that wrote this checkpoint; nil starts afresh.
	Resume *Checkpoint

	// Save, when set, receives a checkpoint after every epoch.
	Save func(context.Context, *Checkpoint) error
}

// Train fits a model on g from the training triplets. After each epoch it
// measures recall on the validation sets, keeps the best parameters, and
// stops after cfg.Patience epochs without gain. With no validation sets it
// runs every epoch and keeps the last parameters.
func Train(ctx context.Context, logger *slog.Logger, g *Graph, train []Triplet, validation []EvalSet, cfg Config) (*Result, error) {
	return TrainWith(ctx, logger, g, train, validation, cfg, RunOptions{})
}

// TrainWith is Train with checkpoints. A run resumed from a checkpoint of
// epoch e continues as the uninterrupted run would have from epoch e+1,
// and ends with the same parameters.
func TrainWith(ctx context.Context, logger *slog.Logger, g *Graph, train []Triplet, validation []EvalSet, cfg Config, opts RunOptions) (*Result, error) {
	r, err := newRun(g, train, cfg, opts.Resume)
	if err != nil {
		return nil, err
	}

	logger.Info("training started", "products", len(g.Products), "attributes", len(g.Attributes),
		"words", len(g.Words), "triplets", len(r.train), "dim", cfg.Dim, "epochs", cfg.Epochs, "seed", cfg.Seed,
		"resumed_after_epoch", len(r.res.History))

	start := time.Now()
	for epoch := len(r.res.History); epoch < cfg.Epochs && !r.stopped(); epoch++ {
		stats, err := r.model.runEpoch(ctx, r.sampler, r.opt, r.train, cfg)
		if err != nil {
			return nil, err
		}

		stats.Epoch = epoch + 1
		stats.Validation = r.model.validationScore(validation, cfg.Seed)
		r.record(logger, stats, len(validation) > 0)

		if opts.Save != nil {
			ck, err := r.checkpoint(time.Since(start))
			if err != nil {
				return nil, err
			}

			if err := opts.Save(ctx, ck); err != nil {
				return nil, fmt.Errorf("save checkpoint after epoch %d: %w", stats.Epoch, err)
			}
		}
	}

	if r.stopped() {
		logger.Info("early stop", "epoch", len(r.res.History), "best_epoch", r.res.BestEpoch)
	}

	copy(r.model.P.Data, r.best.Data)
	r.res.Duration = r.elapsed + time.Since(start)

	return r.res, nil
}

// run is the state of one training run between epochs: everything a
// checkpoint stores.
type run struct {
	cfg         Config
	fingerprint string
	train       []Triplet
	model       *Model
	pcg         *rand.PCG
	sampler     *sampler
	opt         *Adam

	res       *Result
	best      *Params
	bestScore float64
	stale     int
	elapsed   time.Duration // training time before a resume
}

func newRun(g *Graph, train []Triplet, cfg Config, resume *Checkpoint) (*run, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	if len(train) == 0 {
		return nil, fmt.Errorf("train: no training triplets")
	}

	if err := g.CheckTriplets(train); err != nil {
		return nil, fmt.Errorf("check training triplets: %w", err)
	}

	fingerprint := Fingerprint(g, train, cfg)
	if cfg.TaggedTargets {
		train = taggedTargets(g, train)
	}

	pcg := rand.NewPCG(cfg.Seed, 0x5eed)
	rng := rand.New(pcg)

	m, err := NewModel(g, cfg.Dim, rng)
	if err != nil {
		return nil, err
	}

	m.Temperature, m.Flat, m.Workers = cfg.Temperature, cfg.Flat, cfg.Workers

	opt := NewAdam(cfg.LearningRate)
	opt.WeightDecay, opt.Workers = cfg.WeightDecay, m.workers()

	r := &run{
		cfg: cfg, fingerprint: fingerprint, train: train, model: m, pcg: pcg,
		sampler: newSampler(g, rng, cfg, train), opt: opt,
		res: &Result{Model: m, BestEpoch: -1}, best: m.P.Clone(), bestScore: -1,
	}

	if resume != nil {
		if err := r.restore(resume); err != nil {
			return nil, err
		}
	}

	return r, nil
}

// taggedTargets returns the triplets whose target has attribute edges.
func taggedTargets(g *Graph, train []Triplet) []Triplet {
	out := make([]Triplet, 0, len(train))
	for _, t := range train {
		if len(g.ProductAttributes[t.Target]) > 0 {
			out = append(out, t)
		}
	}

	return out
}

// record appends an epoch's statistics, logs them and keeps the
// parameters when validation improved.
func (r *run) record(logger *slog.Logger, stats EpochStats, validated bool) {
	r.res.History = append(r.res.History, stats)

	seconds := stats.Duration.Seconds()
	logger.Info("epoch done", "epoch", stats.Epoch, "loss", fmt.Sprintf("%.4f", stats.Loss),
		"validation_recall", fmt.Sprintf("%.2f", stats.Validation), "duration", stats.Duration.Round(time.Millisecond),
		"triplets_per_second", int(float64(stats.Triplets)/seconds), "edges_per_second", int(float64(stats.Edges)/seconds))

	if !validated || stats.Validation > r.bestScore {
		r.bestScore, r.stale, r.res.BestEpoch = stats.Validation, 0, stats.Epoch
		copy(r.best.Data, r.model.P.Data)

		return
	}

	r.stale++
}

// stopped reports whether early stopping has ended the run.
func (r *run) stopped() bool {
	return r.cfg.Patience > 0 && r.stale >= r.cfg.Patience
}

func (m *Model) runEpoch(ctx context.Context, s *sampler, opt *Adam, train []Triplet, cfg Config) (EpochStats, error) {
	start := time.Now()
	batches := s.epochBatches(train)
	grad, _ := NewParams(m.P.Shape)
	stats := EpochStats{}

	var total float64
	for _, idx := range batches {
		if err := ctx.Err(); err != nil {
			return EpochStats{}, fmt.Errorf("train: %w", err)
		}

		b := s.batch(train, idx)
		stats.Triplets += len(b.Triplets)
		stats.Edges += s.edges(b)

		grad.Zero()
		total += m.Loss(grad, b, cfg.weights())
		opt.Step(m.P, grad)
	}

	stats.Loss = total / float64(max(len(batches), 1))
	stats.Duration = time.Since(start)

	return stats, nil
}

// validationScore is the mean of Recall@10 and Recall@50 over sets.
func (m *Model) validationScore(sets []EvalSet, seed uint64) float64 {
	if len(sets) == 0 {
		return 0
	}

	var sum float64
	for _, set := range sets {
		r := m.Recall(set, []int{10, 50}, seed)
		sum += (r[10] + r[50]) / 2
	}

	return sum / float64(len(sets))
}
