package embed

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// toyData returns a random graph of 80 products over 24 attributes of
// three kinds, 240 training triplets in two groups whose text names one
// of the target's attribute words, and one validation set.
func toyData(t *testing.T) (*Graph, []Triplet, []EvalSet) {
	t.Helper()

	rng := rand.New(rand.NewPCG(11, 12))
	b := NewBuilder([]string{"texture", "fabric", "shape"})

	for p := range 80 {
		id := string(rune('A'+p/26)) + string(rune('a'+p%26))
		b.Product(id)

		for range 1 + rng.IntN(4) {
			a := rng.IntN(24)
			b.Edge(id, b.g.Kinds[a%3], "value"+string(rune('a'+a)))
		}
	}

	g := b.Graph()

	var train []Triplet
	for i := range 240 {
		c, tg := int32(rng.IntN(80)), int32(rng.IntN(80))
		attrs := g.ProductAttributes[tg]
		words := g.Attributes[attrs[rng.IntN(len(attrs))]].Words

		train = append(train, Triplet{Candidate: c, Target: tg, Words: words, Group: int32(i % 2)})
	}

	gallery := make([]int32, 80)
	for i := range gallery {
		gallery[i] = int32(i)
	}

	return g, train[:200], []EvalSet{{Name: "held", Gallery: gallery, Queries: train[200:]}}
}

func toyConfig() Config {
	cfg := DefaultConfig()
	cfg.Dim, cfg.Epochs, cfg.BatchSize, cfg.Negatives, cfg.Patience = 8, 4, 32, 16, 0

	return cfg
}

func TestTrainReproducible(t *testing.T) {
	g, train, val := toyData(t)
	cfg := toyConfig()

	cfg.Workers = 1
	one, err := Train(context.Background(), quiet, g, train, val, cfg)
	if err != nil {
		t.Fatal(err)
	}

	cfg.Workers = 2
	two, err := Train(context.Background(), quiet, g, train, val, cfg)
	if err != nil {
		t.Fatal(err)
	}

	if !slices.Equal(one.Model.P.Data, two.Model.P.Data) {
		t.Error("the same seed with 1 and 2 workers gave different parameters")
	}

	if one.History[0].Loss <= one.History[len(one.History)-1].Loss {
		t.Errorf("training loss did not fall: %v", one.History)
	}
}

func TestTrainResumeMatchesUninterrupted(t *testing.T) {
	g, train, val := toyData(t)
	cfg := toyConfig()

	whole, err := Train(context.Background(), quiet, g, train, val, cfg)
	if err != nil {
		t.Fatal(err)
	}

	path := filepath.Join(t.TempDir(), "run.ckpt")
	save := func(_ context.Context, ck *Checkpoint) error { return SaveCheckpoint(path, ck) }

	half := cfg
	half.Epochs = 2
	if _, err := TrainWith(context.Background(), quiet, g, train, val, half, RunOptions{Save: save}); err != nil {
		t.Fatal(err)
	}

	ck, err := LoadCheckpoint(path)
	if err != nil {
		t.Fatal(err)
	}

	if ck.Epoch != 2 {
		t.Fatalf("checkpoint is at epoch %d, want 2", ck.Epoch)
	}

	resumed, err := TrainWith(context.Background(), quiet, g, train, val, cfg, RunOptions{Resume: ck})
	if err != nil {
		t.Fatal(err)
	}

	if !slices.Equal(whole.Model.P.Data, resumed.Model.P.Data) {
		t.Error("resumed run ended with other parameters than the uninterrupted run")
	}

	if len(resumed.History) != len(whole.History) || resumed.BestEpoch != whole.BestEpoch {
		t.Errorf("resumed run has %d epochs, best %d; uninterrupted %d, best %d",
			len(resumed.History), resumed.BestEpoch, len(whole.History), whole.BestEpoch)
	}
}

func TestResumeRejectsOtherSettings(t *testing.T) {
	g, train, val := toyData(t)
	cfg := toyConfig()

	var ck *Checkpoint
	save := func(_ context.Context, c *Checkpoint) error { ck = c; return nil }

	cfg.Epochs = 1
	if _, err := TrainWith(context.Background(), quiet, g, train, val, cfg, RunOptions{Save: save}); err != nil {
		t.Fatal(err)
	}

	cfg.LearningRate *= 2
	_, err := TrainWith(context.Background(), quiet, g, train, val, cfg, RunOptions{Resume: ck})
	if !errors.Is(err, ErrCheckpointMismatch) {
		t.Errorf("resume with another learning rate returned %v, want ErrCheckpointMismatch", err)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Config)
	}{
		{"dimension", func(c *Config) { c.Dim = 1 }},
		{"epochs", func(c *Config) { c.Epochs = 0 }},
		{"batch size", func(c *Config) { c.BatchSize = 1 }},
		{"learning rate", func(c *Config) { c.LearningRate = 0 }},
		{"temperature", func(c *Config) { c.Temperature = -1 }},
		{"negative weight", func(c *Config) { c.LinkWeight = -1 }},
		{"no loss", func(c *Config) { c.LinkWeight, c.CompositionalWeight = 0, 0 }},
	}

	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.change(&cfg)

			if err := cfg.validate(); !errors.Is(err, ErrInvalidConfig) {
				t.Errorf("validate returned %v, want ErrInvalidConfig", err)
			}
		})
	}

	if err := DefaultConfig().validate(); err != nil {
		t.Errorf("default config is invalid: %v", err)
	}
}

func TestGroupedBatchesHoldOneGroup(t *testing.T) {
	g, train, _ := toyData(t)
	cfg := toyConfig()
	cfg.GroupBatches, cfg.CandidateNegatives = true, true
	s := newSampler(g, rand.New(rand.NewPCG(1, 2)), cfg, train)

	seen := 0
	for _, idx := range s.epochBatches(train) {
		seen += len(idx)

		b := s.batch(train, idx)
		group := b.Triplets[0].Group
		for _, tr := range b.Triplets {
			if tr.Group != group {
				t.Fatalf("batch mixes groups %d and %d", group, tr.Group)
			}
		}

		for _, p := range b.Negatives[:cfg.Negatives] {
			if !slices.Contains(s.pools[group], p) {
				t.Errorf("negative %d is not a product of group %d", p, group)
			}
		}

		if got := len(b.Negatives) - cfg.Negatives; got != len(b.Triplets) {
			t.Errorf("batch has %d candidate negatives, want %d", got, len(b.Triplets))
		}
	}

	if seen != len(train) {
		t.Errorf("an epoch covers %d triplets, want %d", seen, len(train))
	}
}
