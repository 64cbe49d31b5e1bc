package syncer_test

import (
	"context"
	"testing"
	"time"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// staticTokens hands out one access token; the runs finish well inside its 30 minutes.
type staticTokens string

func (s staticTokens) Token(context.Context) (string, error)   { return string(s), nil }
func (s staticTokens) Refresh(context.Context) (string, error) { return string(s), nil }

// startFake runs the fake XPM on loopback and signs in with the PKCE code flow, returning a real
// API client with quick retries and no client-side limiter (the fakes' limits decide).
func startFake(tb testing.TB, cfg xpmfake.Config) (*xpmfake.Server, *xpm.Client) {
	tb.Helper()
	return xpmtest.Connect(tb, cfg, xpmtest.Quiet(), xpmtest.NoLimiter(),
		xpmtest.Retry(xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxAttempts: 6}))
}
