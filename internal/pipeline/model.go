package pipeline

import (
	"context"
	"fmt"

	"github.com/tailorsearch/tailor/embed"
	"github.com/tailorsearch/tailor/graphdb"
)

// Loaded is a trained model bound to the graph as it is now.
type Loaded struct {
	Record graphdb.ModelRecord
	Model  *embed.Model
	Corpus *embed.Corpus
}

// LoadModel reads model version (0 for the newest) and the current graph
// from Neo4j, and binds them. Products and edges added since training are
// encoded by the trained parameters.
func LoadModel(ctx context.Context, client *graphdb.Client, version int64) (*Loaded, error) {
	rec, err := client.Model(ctx, version)
	if err != nil {
		return nil, err
	}

	params, err := embed.UnmarshalParams(rec.Params)
	if err != nil {
		return nil, fmt.Errorf("decode model %d: %w", rec.Version, err)
	}

	corpus, err := embed.ReadCorpus(ctx, client, embed.NewBuilderFor(vocabulary(rec)))
	if err != nil {
		return nil, fmt.Errorf("read graph for model %d: %w", rec.Version, err)
	}

	m, err := embed.Bind(params, corpus.Builder.Graph())
	if err != nil {
		return nil, fmt.Errorf("bind model %d: %w", rec.Version, err)
	}

	cfg := modelConfig(rec.Config)
	m.Temperature, m.Flat = cfg.Temperature, cfg.Flat

	return &Loaded{Record: rec, Model: m, Corpus: corpus}, nil
}

func vocabulary(rec graphdb.ModelRecord) embed.Vocabulary {
	v := embed.Vocabulary{Kinds: rec.Kinds, Words: rec.Words}
	for i := range rec.AttributeKinds {
		v.Attributes = append(v.Attributes, [2]string{rec.AttributeKinds[i], rec.AttributeValues[i]})
	}

	return v
}
