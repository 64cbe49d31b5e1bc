package xpm_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

const (
	fakeClientID = "XPMSYNC-TEST"
	fakeRedirect = "http://localhost:8765/callback"
	fakeScopes   = "openid profile email offline_access practicemanager.client practicemanager.staff"
)

// pkceTokens is a TokenSource that signs in to the fake with the PKCE code flow (AutoApprove
// redirects straight back with the code) and refreshes with the refresh token.
type pkceTokens struct {
	base string
	hc   *http.Client

	mu        sync.Mutex
	access    string
	refresh   string
	refreshes int
}

func (p *pkceTokens) Token(context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.access, nil
}

func (p *pkceTokens) Refresh(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refreshes++
	if err := p.exchange(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {p.refresh}, "client_id": {fakeClientID}}); err != nil {
		return "", err
	}
	return p.access, nil
}

func (p *pkceTokens) Refreshes() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.refreshes
}

func (p *pkceTokens) exchange(ctx context.Context, form url.Values) error {
	req, err := http.NewRequestWithContext(ctx, "POST", p.base+"/connect/token", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := p.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		Error        string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		return fmt.Errorf("token endpoint: %w", err)
	}
	if resp.StatusCode != 200 || tok.AccessToken == "" {
		return fmt.Errorf("token endpoint: HTTP %d %s", resp.StatusCode, tok.Error)
	}
	p.access, p.refresh = tok.AccessToken, tok.RefreshToken
	return nil
}

// signIn runs authorize → code → token against the fake.
func signIn(t testing.TB, base string) *pkceTokens {
	t.Helper()
	vb := make([]byte, 32)
	_, _ = rand.Read(vb)
	verifier := base64.RawURLEncoding.EncodeToString(vb)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	q := url.Values{"response_type": {"code"}, "client_id": {fakeClientID}, "redirect_uri": {fakeRedirect}, "scope": {fakeScopes},
		"state": {"st4te"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/identity/connect/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" || loc.Query().Get("state") != "st4te" {
		t.Fatalf("authorize: HTTP %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	p := &pkceTokens{base: base, hc: &http.Client{}}
	err = p.exchange(context.Background(), url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {fakeRedirect}, "code_verifier": {verifier}, "client_id": {fakeClientID}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// fastRetry keeps fault tests quick; the policy's shape is what is under test, not its delays.
var fastRetry = xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 10 * time.Millisecond}

var quiet = slog.New(slog.DiscardHandler)

// startFake runs a fake practice and returns it with a signed-in client.
func startFake(t testing.TB, cfg xpmfake.Config) (*xpmfake.Server, *xpm.Client, *pkceTokens) {
	t.Helper()
	cfg.AutoApprove = true
	s := xpmfake.New(cfg)
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	tok := signIn(t, base)
	c := xpm.New(xpm.Config{BaseURL: base, TenantID: s.TenantID(), Tokens: tok, Retry: fastRetry,
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}), Logger: quiet})
	return s, c, tok
}
