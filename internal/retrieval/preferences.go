package retrieval

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"

	"github.com/tailorsearch/tailor/cypher"
)

// Limits on a preference group's size.
const (
	MinGroupProducts = 2
	MaxGroupProducts = 50
)

// ErrUnknownGroup means a preference group id is not stored.
var ErrUnknownGroup = errors.New("unknown preference group")

// PreferenceGroup is a set of products that a shopper likes together.
type PreferenceGroup struct {
	ID        string   `json:"id"`
	Products  []string `json:"products"`
	Context   string   `json:"context"`
	CreatedAt string   `json:"created_at"`
}

// AddPreference stores a preference group and moves its products'
// vectors towards each other at once, without retraining.
func (e *Engine) AddPreference(ctx context.Context, products []string, context, user string) (PreferenceGroup, error) {
	products = distinctStrings(products)
	if len(products) < MinGroupProducts || len(products) > MaxGroupProducts {
		return PreferenceGroup{}, fmt.Errorf("%w: a preference group needs %d to %d distinct products, got %d",
			ErrInvalidInteraction, MinGroupProducts, MaxGroupProducts, len(products))
	}

	if err := e.read(func(st *state) error { return st.known(products) }); err != nil {
		return PreferenceGroup{}, err
	}

	g := PreferenceGroup{ID: newGroupID(), Products: products, Context: context}
	recs, err := e.client.Write(ctx, cypher.MustStatement("preference_create"),
		map[string]any{"id": g.ID, "products": products, "context": context, "user": user})
	if err != nil {
		return PreferenceGroup{}, fmt.Errorf("store preference group: %w", err)
	}

	if len(recs) == 0 {
		return PreferenceGroup{}, fmt.Errorf("%w: one of %v is no longer in the graph", ErrUnknownProduct, products)
	}

	g.CreatedAt, _ = recs[0]["created_at"].(string)

	err = e.write(func(st *state) error {
		st.groups[g.ID] = g
		st.refreshPreferences(products)

		return nil
	})

	e.logger.Info("preference group added", "group", g.ID, "products", len(products))

	return g, err
}

// Preference returns a stored preference group.
func (e *Engine) Preference(id string) (PreferenceGroup, error) {
	var g PreferenceGroup
	err := e.read(func(st *state) error {
		var ok bool
		if g, ok = st.groups[id]; !ok {
			return fmt.Errorf("%w: %q", ErrUnknownGroup, id)
		}

		return nil
	})

	return g, err
}

// DeletePreference removes a preference group and undoes its effect on
// the vectors.
func (e *Engine) DeletePreference(ctx context.Context, id string) error {
	g, err := e.Preference(id)
	if err != nil {
		return err
	}

	recs, err := e.client.Write(ctx, cypher.MustStatement("preference_delete"), map[string]any{"id": id})
	if err != nil {
		return fmt.Errorf("delete preference group %q: %w", id, err)
	}

	if len(recs) == 0 {
		e.logger.Warn("preference group was already gone from neo4j", "group", id)
	}

	e.logger.Info("preference group deleted", "group", id)

	return e.write(func(st *state) error {
		delete(st.groups, id)
		st.refreshPreferences(g.Products)

		return nil
	})
}

// readGroups loads every stored preference group.
func (e *Engine) readGroups(ctx context.Context) (map[string]PreferenceGroup, error) {
	recs, err := e.client.Read(ctx, cypher.MustStatement("preference_groups"), map[string]any{"id": nil})
	if err != nil {
		return nil, fmt.Errorf("read preference groups: %w", err)
	}

	out := make(map[string]PreferenceGroup, len(recs))
	for _, r := range recs {
		g := PreferenceGroup{}
		g.ID, _ = r["id"].(string)
		g.Context, _ = r["context"].(string)
		g.CreatedAt, _ = r["created_at"].(string)

		items, _ := r["products"].([]any)
		for _, it := range items {
			if s, ok := it.(string); ok {
				g.Products = append(g.Products, s)
			}
		}

		out[g.ID] = g
	}

	return out, nil
}

// refreshPreferences recomputes the preference neighbours of products
// from the stored groups and then their vectors.
func (st *state) refreshPreferences(products []string) {
	g := st.loaded.Model.G
	for len(g.Preferences) < len(g.Products) {
		g.Preferences = append(g.Preferences, nil)
	}

	affected := st.indices(products)
	for _, p := range affected {
		g.Preferences[p] = nil
	}

	for _, grp := range st.groups {
		members := st.indices(grp.Products)
		for _, p := range members {
			if !slices.Contains(affected, p) {
				continue
			}

			for _, q := range members {
				if q != p && !slices.Contains(g.Preferences[p], q) {
					g.Preferences[p] = append(g.Preferences[p], q)
				}
			}
		}
	}

	st.recompute(affected)
}

// groupsOf returns the groups that contain product id, sorted by id.
func (st *state) groupsOf(id string) []PreferenceGroup {
	var out []PreferenceGroup
	for _, g := range st.groups {
		if slices.Contains(g.Products, id) {
			out = append(out, g)
		}
	}

	slices.SortFunc(out, func(a, b PreferenceGroup) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}

		return 0
	})

	return out
}

func newGroupID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)

	return "pg-" + hex.EncodeToString(b)
}

func distinctStrings(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}

	return out
}
