package xpmtest

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

// Option changes how Connect serves the fake or builds the client.
type Option func(*options)

type options struct {
	retry     xpm.RetryPolicy
	noLimiter bool
	quiet     bool
	inProcess bool
	hc        *http.Client
}

// Retry sets the client's retry policy (tests pass short delays so faults resolve quickly).
func Retry(p xpm.RetryPolicy) Option { return func(o *options) { o.retry = p } }

// NoLimiter turns off the client's own rate limiter, for tests against a fake whose limits are
// off and that should not wait on the client's per-minute budget.
func NoLimiter() Option { return func(o *options) { o.noLimiter = true } }

// Quiet discards the client's log.
func Quiet() Option { return func(o *options) { o.quiet = true } }

// InProcess serves the fake from an httptest.Server instead of the fake's own Start, which is
// what xpmsim and the demo use.
func InProcess() Option { return func(o *options) { o.inProcess = true } }

// HTTPClient makes the API client send its calls through hc (to count or inspect traffic).
func HTTPClient(hc *http.Client) Option { return func(o *options) { o.hc = hc } }

// Connect starts a fake practice from cfg on loopback (consent auto-approved), signs in through
// its PKCE endpoints and returns it with an API client; both close when the test ends.
func Connect(tb testing.TB, cfg xpmfake.Config, opts ...Option) (*xpmfake.Server, *xpm.Client) {
	tb.Helper()
	fake, api, _ := ConnectTokens(tb, cfg, opts...)
	return fake, api
}

// ConnectTokens is Connect that also returns the client's token source, for tests that check
// refreshes or build a second client on the same sign-in.
func ConnectTokens(tb testing.TB, cfg xpmfake.Config, opts ...Option) (*xpmfake.Server, *xpm.Client, *Tokens) {
	tb.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	cfg.AutoApprove = true
	fake := xpmfake.New(cfg)
	var base string
	if o.inProcess {
		srv := httptest.NewServer(fake.Handler())
		tb.Cleanup(srv.Close)
		base = srv.URL
	} else {
		var err error
		if base, err = fake.Start("127.0.0.1:0"); err != nil {
			tb.Fatalf("start the fake XPM: %v", err)
		}
		tb.Cleanup(func() { _ = fake.Close() })
	}
	clientID := cfg.ClientID
	if clientID == "" {
		clientID = DefaultClientID
	}
	tok, err := Login(tb.Context(), base, clientID)
	if err != nil {
		tb.Fatalf("sign in to the fake XPM: %v", err)
	}
	xc := xpm.Config{BaseURL: base, TenantID: fake.TenantID(), Tokens: tok, Retry: o.retry, HTTPClient: o.hc}
	if o.noLimiter {
		xc.Limiter = xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1})
	}
	if o.quiet {
		xc.Logger = slog.New(slog.DiscardHandler)
	}
	return fake, xpm.New(xc), tok
}
