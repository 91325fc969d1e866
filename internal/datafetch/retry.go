package datafetch

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// retryableError marks a failure that another attempt may not repeat:
// a network error, a truncated body or a 408, 429 or 5xx status.
type retryableError struct{ err error }

func (e *retryableError) Error() string { return e.err.Error() }
func (e *retryableError) Unwrap() error { return e.err }

func retryable(err error) error { return &retryableError{err: err} }

// isRetryable reports whether err is marked as worth another attempt.
func isRetryable(err error) bool {
	var r *retryableError
	return errors.As(err, &r)
}

// retryableStatus reports whether a response with this status may
// succeed when requested again.
func retryableStatus(code int) bool {
	return code == http.StatusRequestTimeout || code == http.StatusTooManyRequests || code >= 500
}

// sleep waits for d or until ctx is done, whichever comes first.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
