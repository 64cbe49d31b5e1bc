package xpmtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// DefaultClientID is the OAuth2 client id tests sign in with when the fake's Config names none.
const DefaultClientID = "xpmsync-test"

const (
	// redirectURI is a loopback callback the fake accepts; nothing listens there because an
	// auto-approving fake answers the authorize step with the redirect itself.
	redirectURI = "http://localhost:8765/callback"
	// scopes are the app's (core/auth.DefaultScopes), kept here so that core/auth's own tests
	// can import this package without a cycle.
	scopes = "openid profile email offline_access practicemanager.client practicemanager.staff"
)

// Tokens is a signed-in xpm.TokenSource: it refreshes with the refresh token the way the app
// does, and counts the refreshes so tests can check how often the client asked.
type Tokens struct {
	base, clientID string
	hc             *http.Client

	mu        sync.Mutex
	access    string
	refresh   string
	refreshes int
}

// Token returns the current access token.
func (t *Tokens) Token(context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.access, nil
}

// Refresh trades the refresh token for a new token set, as Xero rotates them.
func (t *Tokens) Refresh(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.refreshes++
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {t.refresh}, "client_id": {t.clientID}}
	if err := t.exchange(ctx, form); err != nil {
		return "", fmt.Errorf("refresh: %w", err)
	}
	return t.access, nil
}

// Refreshes is how many times Refresh was called.
func (t *Tokens) Refreshes() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.refreshes
}

// SignIn runs the PKCE code flow against the fake at baseURL (which must auto-approve) and
// returns the access token, for tests that call the API by hand.
func SignIn(ctx context.Context, baseURL, clientID string) (string, error) {
	t, err := Login(ctx, baseURL, clientID)
	if err != nil {
		return "", err
	}
	return t.Token(ctx)
}

// Login runs the PKCE code flow against the fake at baseURL (which must auto-approve) and
// returns the whole token set as a refreshing token source.
func Login(ctx context.Context, baseURL, clientID string) (*Tokens, error) {
	base := strings.TrimRight(baseURL, "/")
	vb := make([]byte, 32)
	_, _ = rand.Read(vb) // crypto/rand.Read never fails on supported platforms
	verifier := base64.RawURLEncoding.EncodeToString(vb)
	sum := sha256.Sum256([]byte(verifier))
	state := base64.RawURLEncoding.EncodeToString(vb[:8])
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirectURI}, "scope": {scopes},
		"state": {state}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/identity/connect/authorize?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("authorize: %w", err)
	}
	// The redirect goes to the app's loopback listener, which tests do not run: read it instead.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	if err != nil {
		return nil, fmt.Errorf("authorize: %w", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" || loc.Query().Get("state") != state {
		return nil, fmt.Errorf("authorize answered HTTP %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	t := &Tokens{base: base, clientID: clientID, hc: &http.Client{}}
	err = t.exchange(ctx, url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {redirectURI}, "code_verifier": {verifier}, "client_id": {clientID}})
	if err != nil {
		return nil, fmt.Errorf("code exchange: %w", err)
	}
	return t, nil
}

// exchange posts form to the token endpoint and keeps the token set it answers; t.mu is held
// by the caller or t is not yet shared.
func (t *Tokens) exchange(ctx context.Context, form url.Values) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.base+"/connect/token", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := t.hc.Do(req)
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
		return fmt.Errorf("token endpoint answered HTTP %d: %w", resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		return fmt.Errorf("token endpoint answered HTTP %d %s", resp.StatusCode, tok.Error)
	}
	t.access, t.refresh = tok.AccessToken, tok.RefreshToken
	return nil
}
