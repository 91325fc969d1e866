package main

import (
	"context"
	"errors"
)

// TODO: replaced by export.go.
func runExport(ctx context.Context, a *app, args []string) error { return errors.New("not built yet") }
