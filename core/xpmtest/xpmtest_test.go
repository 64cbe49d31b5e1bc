package xpmtest_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// Both ways of serving the fake give a client that reads the seeded practice.
func TestConnectReadsThePractice(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []xpmtest.Option
	}{{"started", nil}, {"in process", []xpmtest.Option{xpmtest.InProcess()}}} {
		t.Run(tc.name, func(t *testing.T) {
			fake, api := xpmtest.Connect(t, xpmfake.Config{Seed: 5, Staff: 4, DisableRateLimits: true}, tc.opts...)
			staff, err := api.ListStaff(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if want := len(fake.Staff()); len(staff) != want || want == 0 {
				t.Fatalf("listed %d staff, the fake holds %d", len(staff), want)
			}
		})
	}
}

// An expired access token is refreshed once and the call goes through, as in the app.
func TestTokensRefreshWhenTheAccessTokenExpires(t *testing.T) {
	fake, api, tok := xpmtest.ConnectTokens(t, xpmfake.Config{Seed: 5, DisableRateLimits: true}, xpmtest.Quiet())
	before, _ := tok.Token(context.Background())
	fake.SetFaults(xpmfake.Faults{ExpireAccessTokens: true})
	if _, err := api.ListStaff(context.Background()); err != nil {
		t.Fatalf("after the token expired: %v", err)
	}
	after, _ := tok.Token(context.Background())
	if tok.Refreshes() != 1 || after == before {
		t.Fatalf("%d refreshes, token changed %v; want one refresh and a new token", tok.Refreshes(), after != before)
	}
}

// SignIn is refused for a client id the practice does not know, and its token opens the API.
func TestSignInUsesTheClientID(t *testing.T) {
	fake := xpmfake.New(xpmfake.Config{Seed: 5, AutoApprove: true, ClientID: "KNOWN"})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	ctx := context.Background()
	if tok, err := xpmtest.SignIn(ctx, base, "UNKNOWN"); err == nil {
		t.Fatalf("an unknown client id signed in (token %d bytes)", len(tok))
	}
	tok, err := xpmtest.SignIn(ctx, base, "KNOWN")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/connections", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("connections with the signed-in token: HTTP %d", resp.StatusCode)
	}
}

type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// The options reach the client: its retries follow the policy given and its calls go through
// the HTTP client given.
func TestOptionsReachTheClient(t *testing.T) {
	ct := &countingTransport{}
	fake, api := xpmtest.Connect(t, xpmfake.Config{Seed: 5, DisableRateLimits: true}, xpmtest.Quiet(), xpmtest.NoLimiter(),
		xpmtest.HTTPClient(&http.Client{Transport: ct}),
		xpmtest.Retry(xpm.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	fake.SetFaults(xpmfake.Faults{Rate5xx: 1})
	before := fake.Calls()
	if _, err := api.ListStaff(context.Background()); err == nil {
		t.Fatal("a practice answering 500 to every call gave no error")
	}
	if n := fake.Calls() - before; n != 2 {
		t.Errorf("%d attempts, want the policy's 2", n)
	}
	if ct.n.Load() != 2 {
		t.Errorf("%d requests through the given HTTP client, want 2", ct.n.Load())
	}
}
