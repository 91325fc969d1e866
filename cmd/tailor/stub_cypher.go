package main

import (
	"context"
	"errors"
)

// TODO: replaced by cypher.go.
func runCypher(ctx context.Context, a *app, args []string) error { return errors.New("not built yet") }
