package xpm_test

import (
	"testing"
	"time"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// fastRetry keeps fault tests quick; the policy's shape is what is under test, not its delays.
var fastRetry = xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}

// startFake runs a fake practice and returns it with a client signed in through its PKCE
// endpoints (no client-side limiter) and the refreshing token source behind that client.
func startFake(t testing.TB, cfg xpmfake.Config) (*xpmfake.Server, *xpm.Client, *xpmtest.Tokens) {
	t.Helper()
	return xpmtest.ConnectTokens(t, cfg, xpmtest.Retry(fastRetry), xpmtest.NoLimiter(), xpmtest.Quiet())
}
