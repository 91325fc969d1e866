package embed

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"time"
)

// Config sets the model size and the optimisation.
type Config struct {
	Dim           int     // embedding dimension
	Epochs        int     // maximum passes over the training triplets
	BatchSize     int     // triplets per step
	LearningRate  float64 // Adam step size
	WeightDecay   float64 // decoupled weight decay per step, as a fraction of the step size
	LinkWeight    float64 // weight of the link-prediction loss
	Negatives     int     // extra random target-side negatives per step
	LinkNegatives int     // sampled negative attributes per held-out edge
	Temperature   float64 // τ of the compositional loss
	Patience      int     // epochs without validation gain before stopping; 0 disables early stopping
	Seed          uint64  // seeds initialisation, shuffling and sampling
}

// DefaultConfig returns the settings that "tailor train" uses by default.
func DefaultConfig() Config {
	return Config{
		Dim: 64, Epochs: 30, BatchSize: 128, LearningRate: 3e-3, WeightDecay: 1e-4,
		LinkWeight: 0.5, Negatives: 128, LinkNegatives: 5, Temperature: 0.1, Patience: 4, Seed: 1,
	}
}

func (c Config) validate() error {
	switch {
	case c.Dim < 2:
		return fmt.Errorf("invalid dimension %d: must be at least 2", c.Dim)
	case c.Epochs < 1:
		return fmt.Errorf("invalid epoch count %d: must be at least 1", c.Epochs)
	case c.BatchSize < 2:
		return fmt.Errorf("invalid batch size %d: must be at least 2", c.BatchSize)
	case !(c.LearningRate > 0):
		return fmt.Errorf("invalid learning rate %g: must be positive", c.LearningRate)
	case !(c.Temperature > 0):
		return fmt.Errorf("invalid temperature %g: must be positive", c.Temperature)
	case c.LinkWeight < 0 || c.Negatives < 0 || c.LinkNegatives < 0 || c.Patience < 0 || c.WeightDecay < 0:
		return fmt.Errorf("invalid setting: link weight, negatives, link negatives, patience and weight decay must not be negative")
	}

	return nil
}

// EpochStats records one epoch of training.
type EpochStats struct {
	Epoch      int
	Loss       float64 // mean training loss per step
	Validation float64 // mean of Recall@10 and @50 over the validation sets, in percent
	Duration   time.Duration
}

// Result is a trained model and its history.
type Result struct {
	Model     *Model
	History   []EpochStats
	BestEpoch int
	Duration  time.Duration
}

// Train fits a model on g from the training triplets. After each epoch it
// measures recall on the validation sets, keeps the best parameters, and
// stops after cfg.Patience epochs without gain. With no validation sets it
// runs every epoch and keeps the last parameters.
func Train(ctx context.Context, logger *slog.Logger, g *Graph, train []Triplet, validation []EvalSet, cfg Config) (*Result, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}

	if len(train) == 0 {
		return nil, fmt.Errorf("train: no training triplets")
	}

	if err := g.CheckTriplets(train); err != nil {
		return nil, fmt.Errorf("check training triplets: %w", err)
	}

	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	m, err := NewModel(g, cfg.Dim, rng)
	if err != nil {
		return nil, err
	}

	m.Temperature = cfg.Temperature

	s := newSampler(g, rng, cfg)
	opt := NewAdam(cfg.LearningRate)
	opt.WeightDecay = cfg.WeightDecay

	res := &Result{Model: m, BestEpoch: -1}
	best, bestScore, stale, start := m.P.Clone(), -1.0, 0, time.Now()

	logger.Info("training started", "products", len(g.Products), "attributes", len(g.Attributes),
		"words", len(g.Words), "triplets", len(train), "dim", cfg.Dim, "epochs", cfg.Epochs, "seed", cfg.Seed)

	for epoch := range cfg.Epochs {
		stats, err := m.runEpoch(ctx, s, opt, train, cfg)
		if err != nil {
			return nil, err
		}

		stats.Epoch = epoch + 1
		stats.Validation = m.validationScore(validation, cfg.Seed)
		res.History = append(res.History, stats)

		logger.Info("epoch done", "epoch", stats.Epoch, "loss", fmt.Sprintf("%.4f", stats.Loss),
			"validation_recall", fmt.Sprintf("%.2f", stats.Validation), "duration", stats.Duration.Round(time.Millisecond))

		if len(validation) == 0 || stats.Validation > bestScore {
			bestScore, stale, res.BestEpoch = stats.Validation, 0, stats.Epoch
			copy(best.Data, m.P.Data)

			continue
		}

		stale++
		if cfg.Patience > 0 && stale >= cfg.Patience {
			logger.Info("early stop", "epoch", stats.Epoch, "best_epoch", res.BestEpoch)
			break
		}
	}

	copy(m.P.Data, best.Data)
	res.Duration = time.Since(start)

	return res, nil
}

func (m *Model) runEpoch(ctx context.Context, s *sampler, opt *Adam, train []Triplet, cfg Config) (EpochStats, error) {
	start := time.Now()
	order := s.rng.Perm(len(train))
	grad, _ := NewParams(m.P.Shape)

	var total float64
	steps := 0
	for lo := 0; lo < len(order); lo += cfg.BatchSize {
		if err := ctx.Err(); err != nil {
			return EpochStats{}, fmt.Errorf("train: %w", err)
		}

		hi := min(lo+cfg.BatchSize, len(order))
		b := s.batch(train, order[lo:hi])

		grad.Zero()
		total += m.Loss(grad, b, cfg.LinkWeight)
		opt.Step(m.P, grad)
		steps++
	}

	return EpochStats{Loss: total / float64(steps), Duration: time.Since(start)}, nil
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
