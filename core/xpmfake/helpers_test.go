package xpmfake_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"xpmsync/core/xpmfake"
)

const (
	testClientID = "TESTCLIENT"
	testRedirect = "http://localhost:8765/callback"
	allScopes    = "openid profile email offline_access practicemanager.client practicemanager.staff"
)

var fixedNow = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func frozen() time.Time { return fixedNow }

func startFake(t testing.TB, cfg xpmfake.Config) (*xpmfake.Server, string) {
	t.Helper()
	s := xpmfake.New(cfg)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts.URL
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func pkcePair(seed string) (verifier, challenge string) {
	verifier = strings.Repeat(seed, 64)[:64]
	sum := sha256.Sum256([]byte(verifier))
	return verifier, base64.RawURLEncoding.EncodeToString(sum[:])
}

func authorizeURL(base, clientID, redirect, scope, state, challenge string) string {
	q := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {redirect},
		"scope": {scope}, "state": {state}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	return base + "/identity/connect/authorize?" + q.Encode()
}

// authorizeCode runs the authorize step against an auto-approving fake and returns the
// redirect's query.
func authorizeCode(t testing.TB, base, challenge, state string) url.Values {
	t.Helper()
	resp, err := noRedirect.Get(authorizeURL(base, testClientID, testRedirect, allScopes, state, challenge))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != testRedirect {
		t.Fatalf("redirected to %s, want %s", got, testRedirect)
	}
	return loc.Query()
}

type tokenResp struct {
	IDToken      string `json:"id_token"`
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	Scope        string `json:"scope"`
	Error        string `json:"error"`
}

func postToken(t testing.TB, base string, form url.Values) (int, tokenResp) {
	t.Helper()
	resp, err := http.PostForm(base+"/connect/token", form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr tokenResp
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		t.Fatalf("token answer is not JSON: %v", err)
	}
	return resp.StatusCode, tr
}

// connect runs the whole PKCE flow and returns the token set.
func connect(t testing.TB, base string) tokenResp {
	t.Helper()
	verifier, challenge := pkcePair("abcDEF123-._~")
	q := authorizeCode(t, base, challenge, "st4te")
	status, tr := postToken(t, base, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
		"redirect_uri": {testRedirect}, "code_verifier": {verifier}, "client_id": {testClientID}})
	if status != 200 {
		t.Fatalf("code exchange status %d (%s)", status, tr.Error)
	}
	return tr
}

func refresh(t testing.TB, base, rt string) (int, tokenResp) {
	t.Helper()
	return postToken(t, base, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {testClientID}})
}

func apiDo(t testing.TB, method, base, token, tenant, path, body string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, base+"/practicemanager/3.1/"+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if tenant != "" {
		req.Header.Set("xero-tenant-id", tenant)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/xml")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// session is a connected test client.
type session struct {
	t      testing.TB
	s      *xpmfake.Server
	base   string
	tok    tokenResp
	tenant string
}

func newSession(t testing.TB, cfg xpmfake.Config) *session {
	t.Helper()
	cfg.AutoApprove = true
	cfg.ClientID = testClientID
	s, base := startFake(t, cfg)
	tok := connect(t, base)
	return &session{t: t, s: s, base: base, tok: tok, tenant: s.TenantID()}
}

func (se *session) do(method, path, body string) (*http.Response, []byte) {
	se.t.Helper()
	return apiDo(se.t, method, se.base, se.tok.AccessToken, se.tenant, path, body)
}

// xmlOK checks an OK envelope and decodes it into v.
func (se *session) xmlOK(method, path, body string, v any) {
	se.t.Helper()
	resp, b := se.do(method, path, body)
	if resp.StatusCode != 200 {
		se.t.Fatalf("%s %s: status %d: %s", method, path, resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/xml; charset=utf-8" {
		se.t.Fatalf("%s %s: content type %q", method, path, ct)
	}
	var env struct {
		Status string `xml:"Status"`
		Desc   string `xml:"ErrorDescription"`
	}
	if err := xml.Unmarshal(b, &env); err != nil {
		se.t.Fatalf("%s %s: bad XML: %v", method, path, err)
	}
	if env.Status != "OK" {
		se.t.Fatalf("%s %s: status %s: %s", method, path, env.Status, env.Desc)
	}
	if v != nil {
		if err := xml.Unmarshal(b, v); err != nil {
			se.t.Fatalf("%s %s: decode: %v", method, path, err)
		}
	}
}

// xmlError checks an HTTP 200 ERROR envelope and returns its description.
func (se *session) xmlError(method, path, body string) string {
	se.t.Helper()
	resp, b := se.do(method, path, body)
	var env struct {
		Status string `xml:"Status"`
		Desc   string `xml:"ErrorDescription"`
	}
	if resp.StatusCode != 200 || xml.Unmarshal(b, &env) != nil || env.Status != "ERROR" || env.Desc == "" {
		se.t.Fatalf("%s %s: want 200 + ERROR envelope, got %d: %s", method, path, resp.StatusCode, b)
	}
	return env.Desc
}

// advance moves the fake's clock and refreshes the session's tokens, as a real client would.
func (se *session) advance(d time.Duration) {
	se.t.Helper()
	se.s.Clock().Advance(d)
	status, tr := refresh(se.t, se.base, se.tok.RefreshToken)
	if status != 200 {
		se.t.Fatalf("refresh after advancing %s: %d %s", d, status, tr.Error)
	}
	se.tok = tr
}
