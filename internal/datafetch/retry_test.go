package datafetch

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestRetryableStatus(t *testing.T) {
	tests := []struct {
		code int
		want bool
	}{
		{404, false}, {403, false}, {400, false}, {408, true}, {429, true}, {500, true}, {503, true},
	}

	for _, tt := range tests {
		if got := retryableStatus(tt.code); got != tt.want {
			t.Errorf("retryableStatus(%d) = %v, want %v", tt.code, got, tt.want)
		}
	}
}

func TestIsRetryableThroughWrapping(t *testing.T) {
	base := errors.New("connection reset")
	err := fmt.Errorf("fetch: %w", retryable(base))

	if !isRetryable(err) {
		t.Error("wrapped retryable error is not recognised")
	}

	if !errors.Is(err, base) {
		t.Error("retryable error hides its cause")
	}

	if isRetryable(base) {
		t.Error("plain error is treated as retryable")
	}
}

func TestSleepCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	if err := sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep = %v, want context.Canceled", err)
	}

	if err := sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("sleep = %v, want nil", err)
	}
}
