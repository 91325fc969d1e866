package main

// TODO: temporary until each subcommand lands in its own file.

import (
	"context"
	"errors"
)

var errNotBuilt = errors.New("not built yet")

func runMain(ctx context.Context, a *app, args []string) error  { return errNotBuilt }
func runNeo4j(ctx context.Context, a *app, args []string) error { return errNotBuilt }
func runData(ctx context.Context, a *app, args []string) error  { return errNotBuilt }
func runLoad(ctx context.Context, a *app, args []string) error  { return errNotBuilt }
func runTrain(ctx context.Context, a *app, args []string) error { return errNotBuilt }
func runEval(ctx context.Context, a *app, args []string) error  { return errNotBuilt }
func runServe(ctx context.Context, a *app, args []string) error { return errNotBuilt }
