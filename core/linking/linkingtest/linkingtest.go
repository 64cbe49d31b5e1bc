// Package linkingtest connects tests to the project's fake XPM over loopback: it runs the
// fake, signs in through its OAuth2 + PKCE endpoints like the app does, and hands back a real
// core/xpm client.
package linkingtest

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

const (
	clientID = "linkingtest"
	redirect = "http://localhost:8765/callback"
	scopes   = "openid profile email offline_access practicemanager.client practicemanager.staff"
)

// tokens is a fixed access token: tests finish well inside its 30 minutes.
type tokens string

func (t tokens) Token(context.Context) (string, error)   { return string(t), nil }
func (t tokens) Refresh(context.Context) (string, error) { return string(t), nil }

// Connect starts a fake practice from cfg and returns it with an API client signed in to it.
func Connect(t testing.TB, cfg xpmfake.Config) (*xpmfake.Server, *xpm.Client) {
	t.Helper()
	cfg.AutoApprove, cfg.ClientID, cfg.DisableRateLimits = true, clientID, true
	fake := xpmfake.New(cfg)
	srv := httptest.NewServer(fake.Handler())
	t.Cleanup(srv.Close)
	tok, err := signIn(srv.URL)
	if err != nil {
		t.Fatalf("sign in to the fake XPM: %v", err)
	}
	api := xpm.New(xpm.Config{BaseURL: srv.URL, TenantID: fake.TenantID(), Tokens: tokens(tok),
		Retry: xpm.RetryPolicy{MaxAttempts: 1}})
	return fake, api
}

func signIn(base string) (string, error) {
	verifier := strings.Repeat("linkingtest-verifier-", 4)[:64]
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirect}, "scope": {scopes},
		"state": {"s"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(base + "/identity/connect/authorize?" + q.Encode())
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return "", fmt.Errorf("authorize answered %d, location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, err = http.PostForm(base+"/connect/token", url.Values{"grant_type": {"authorization_code"}, "code": {loc.Query().Get("code")},
		"redirect_uri": {redirect}, "code_verifier": {verifier}, "client_id": {clientID}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tr struct {
		AccessToken string `json:"access_token"`
		Error       string `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		return "", err
	}
	if tr.AccessToken == "" {
		return "", fmt.Errorf("token exchange refused: %s", tr.Error)
	}
	return tr.AccessToken, nil
}
