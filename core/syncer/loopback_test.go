package syncer_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

// staticTokens hands out one access token; the runs finish well inside its 30 minutes.
type staticTokens string

func (s staticTokens) Token(context.Context) (string, error)   { return string(s), nil }
func (s staticTokens) Refresh(context.Context) (string, error) { return string(s), nil }

// startFake runs the fake XPM on loopback and signs in with the PKCE code flow (the fake's
// AutoApprove sends the code straight back), returning a real API client.
func startFake(tb testing.TB, cfg xpmfake.Config) (*xpmfake.Server, *xpm.Client) {
	tb.Helper()
	cfg.AutoApprove = true
	fake := xpmfake.New(cfg)
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { fake.Close() })
	const redirect = "http://localhost:8765/callback"
	verifier := strings.Repeat("syncer-v3rifier-", 4)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {"xpmsync-test"}, "redirect_uri": {redirect},
		"scope": {"openid offline_access practicemanager.client practicemanager.staff"}, "state": {"s"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(base + "/identity/connect/authorize?" + q.Encode())
	if err != nil {
		tb.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		tb.Fatalf("authorize answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = http.PostForm(base+"/connect/token", url.Values{"grant_type": {"authorization_code"},
		"code": {loc.Query().Get("code")}, "redirect_uri": {redirect}, "code_verifier": {verifier}, "client_id": {"xpmsync-test"}})
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		tb.Fatalf("token: HTTP %d, %v", resp.StatusCode, err)
	}
	api := xpm.New(xpm.Config{BaseURL: base, TenantID: fake.TenantID(), Tokens: staticTokens(tok.AccessToken),
		Logger:  slog.New(slog.DiscardHandler),
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}),
		Retry:   xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxAttempts: 6}})
	return fake, api
}
