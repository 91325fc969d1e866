package graphdb

import (
	"context"
	"errors"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

var (
	// ErrUnavailable means Neo4j could not be reached or is not ready; the
	// caller may retry later.
	ErrUnavailable = errors.New("neo4j unavailable")

	// ErrNotFound means a node that the request names does not exist.
	ErrNotFound = errors.New("not found")

	// ErrInvalid means Neo4j rejected the statement or its data, for
	// example a constraint violation; retrying the same request fails again.
	ErrInvalid = errors.New("invalid request to neo4j")
)

// mapError wraps a driver error in the sentinel that describes it, keeping
// the driver's message. Context errors pass through unchanged.
func mapError(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}

	var neoErr *neo4j.Neo4jError
	if errors.As(err, &neoErr) {
		if neoErr.Classification() == "ClientError" {
			return fmt.Errorf("%w: %s: %s", ErrInvalid, neoErr.Code, neoErr.Msg)
		}

		return fmt.Errorf("%w: %s: %s", ErrUnavailable, neoErr.Code, neoErr.Msg)
	}

	// A retried transaction that ran out of time or attempts failed for a
	// reason the driver deemed transient, such as a lost connection.
	var limit *neo4j.TransactionExecutionLimit
	if neo4j.IsConnectivityError(err) || neo4j.IsRetryable(err) || errors.As(err, &limit) {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}

	var usage *neo4j.UsageError
	if errors.As(err, &usage) {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}

	return err
}
