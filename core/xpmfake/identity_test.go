package xpmfake_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"xpmsync/core/xpmfake"
)

func TestPKCEFlowEndToEnd(t *testing.T) {
	s, base := startFake(t, xpmfake.Config{Clients: 3, Seed: 1, AutoApprove: true, ClientID: testClientID})
	verifier, challenge := pkcePair("Zz9-")
	q := authorizeCode(t, base, challenge, "state-123")
	if q.Get("state") != "state-123" || q.Get("code") == "" {
		t.Fatalf("callback query %v: want the state echoed and a code", q)
	}
	status, tr := postToken(t, base, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
		"redirect_uri": {testRedirect}, "code_verifier": {verifier}, "client_id": {testClientID}})
	if status != 200 || tr.AccessToken == "" || tr.RefreshToken == "" || tr.IDToken == "" {
		t.Fatalf("exchange: %d %+v", status, tr)
	}
	if tr.ExpiresIn != 1800 || tr.TokenType != "Bearer" || tr.Scope != allScopes {
		t.Fatalf("token set %+v: want expires_in 1800, Bearer and the granted scopes", tr)
	}
	claims := jwtClaims(t, tr.IDToken)
	for _, k := range []string{"email", "given_name", "family_name", "xero_userid", "sub", "iss", "aud", "exp"} {
		if claims[k] == nil || claims[k] == "" {
			t.Errorf("id_token lacks %s: %v", k, claims)
		}
	}
	if claims["aud"] != testClientID || claims["iss"] != base {
		t.Errorf("id_token aud %v iss %v", claims["aud"], claims["iss"])
	}
	if want := s.Staff()[0].Email; claims["email"] != want {
		t.Errorf("id_token email %v, want the practice owner's %s", claims["email"], want)
	}

	// Connections lists one PRACTICEMANAGER tenant.
	req, _ := http.NewRequest("GET", base+"/connections", nil)
	req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var conns []map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&conns)
	resp.Body.Close()
	if len(conns) != 1 || conns[0]["tenantType"] != "PRACTICEMANAGER" || conns[0]["tenantId"] != s.TenantID() || conns[0]["id"] != s.ConnectionID() {
		t.Fatalf("connections %v", conns)
	}
	if name, present := conns[0]["tenantName"]; !present || name != nil {
		t.Errorf("tenantName %v: Xero's example gives null for XPM tenants", name)
	}
	if d, _ := conns[0]["createdDateUtc"].(string); len(d) != len("2019-12-07T18:46:19.5165400") {
		t.Errorf("createdDateUtc %q: want 7 fraction digits and no zone", d)
	}
	// The code is single-use.
	status, tr2 := postToken(t, base, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
		"redirect_uri": {testRedirect}, "code_verifier": {verifier}, "client_id": {testClientID}})
	if status != 400 || tr2.Error != "invalid_grant" {
		t.Fatalf("reused code: %d %q, want 400 invalid_grant", status, tr2.Error)
	}

	// Replaying a code also revokes what it issued (RFC 6749 §4.1.2).
	req, _ = http.NewRequest("GET", base+"/connections", nil)
	req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 401 {
		t.Fatalf("token issued from a replayed code: err %v, want 401", err)
	}
}

func jwtClaims(t *testing.T, tok string) map[string]any {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("not a JWT: %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPKCEVerifierMismatchRefused(t *testing.T) {
	_, base := startFake(t, xpmfake.Config{AutoApprove: true})
	_, challenge := pkcePair("right")
	wrong, _ := pkcePair("wrong")
	q := authorizeCode(t, base, challenge, "s")
	status, tr := postToken(t, base, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
		"redirect_uri": {testRedirect}, "code_verifier": {wrong}, "client_id": {testClientID}})
	if status != 400 || tr.Error != "invalid_grant" || tr.AccessToken != "" {
		t.Fatalf("wrong verifier: %d %+v, want 400 invalid_grant", status, tr)
	}
}

func TestRedirectURIRules(t *testing.T) {
	_, base := startFake(t, xpmfake.Config{AutoApprove: true, RedirectURIs: []string{testRedirect, "https://app.example.com/cb"}})
	_, challenge := pkcePair("x")
	cases := []struct {
		uri  string
		want bool
	}{
		{testRedirect, true},
		{"https://app.example.com/cb", true},
		{"http://localhost:8766/callback", false},  // other port: exact match only
		{"http://localhost:8765/callback/", false}, // trailing slash
		{"http://127.0.0.1:8765/callback", false},  // http only for localhost
		{"https://evil.example.com/cb", false},
	}
	for _, c := range cases {
		resp, err := noRedirect.Get(authorizeURL(base, testClientID, c.uri, allScopes, "s", challenge))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		redirected := resp.StatusCode == http.StatusFound
		if redirected != c.want {
			t.Errorf("%s: status %d, want redirect=%v", c.uri, resp.StatusCode, c.want)
		}
		if !c.want && !strings.Contains(string(body), "Invalid redirect_uri") {
			t.Errorf("%s: error page does not say why: %s", c.uri, body)
		}
	}

	// The token request must repeat the exact redirect URI.
	verifier, challenge := pkcePair("y")
	q := authorizeCode(t, base, challenge, "s")
	status, tr := postToken(t, base, url.Values{"grant_type": {"authorization_code"}, "code": {q.Get("code")},
		"redirect_uri": {"https://app.example.com/cb"}, "code_verifier": {verifier}, "client_id": {testClientID}})
	if status != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("redirect mismatch at token: %d %q", status, tr.Error)
	}
}

func TestAuthorizeRefusesBadRequests(t *testing.T) {
	_, base := startFake(t, xpmfake.Config{AutoApprove: true, ClientID: testClientID})
	_, challenge := pkcePair("r")
	get := func(u string) (*http.Response, string) {
		resp, err := noRedirect.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	// Unknown client or scope: an error page, no redirect.
	if resp, body := get(authorizeURL(base, "OTHER", testRedirect, allScopes, "s", challenge)); resp.StatusCode != 500 || !strings.Contains(body, "unauthorized_client") {
		t.Errorf("unknown client: %d", resp.StatusCode)
	}
	if resp, body := get(authorizeURL(base, testClientID, testRedirect, "openid accounting.transactions", "s", challenge)); resp.StatusCode != 500 || !strings.Contains(body, "Invalid scope") {
		t.Errorf("unknown scope: %d", resp.StatusCode)
	}
	// Missing PKCE or a plain challenge: back to the app with an error and the state.
	u := strings.Replace(authorizeURL(base, testClientID, testRedirect, allScopes, "s9", challenge), "code_challenge_method=S256", "code_challenge_method=plain", 1)
	resp, _ := get(u)
	loc, _ := resp.Location()
	if resp.StatusCode != 302 || loc.Query().Get("error") != "invalid_request" || loc.Query().Get("state") != "s9" {
		t.Errorf("plain PKCE: %d %v", resp.StatusCode, loc)
	}
}

func TestDefaultRedirectAcceptsLocalhostCallbackOnly(t *testing.T) {
	_, base := startFake(t, xpmfake.Config{AutoApprove: true})
	_, challenge := pkcePair("x")
	for uri, want := range map[string]bool{
		"http://localhost:53682/callback": true,
		"http://localhost/callback":       false,
		"http://localhost:53682/other":    false,
		"http://127.0.0.1:53682/callback": false,
	} {
		resp, err := noRedirect.Get(authorizeURL(base, "any", uri, "openid", "s", challenge))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if (resp.StatusCode == http.StatusFound) != want {
			t.Errorf("%s: status %d, want accepted=%v", uri, resp.StatusCode, want)
		}
	}
}

func TestConsentPageAllowAndDeny(t *testing.T) {
	_, base := startFake(t, xpmfake.Config{})
	_, challenge := pkcePair("c")
	for decision, wantKey := range map[string]string{"allow": "code", "deny": "error"} {
		resp, err := noRedirect.Get(authorizeURL(base, testClientID, testRedirect, allScopes, "st-"+decision, challenge))
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(page), "Allow access") {
			t.Fatalf("consent page: %d %s", resp.StatusCode, page)
		}
		i := strings.Index(string(page), `name="request" value="`)
		id := string(page)[i+len(`name="request" value="`):]
		id = id[:strings.Index(id, `"`)]
		resp, err = noRedirect.PostForm(base+"/identity/connect/authorize", url.Values{"request": {id}, "decision": {decision}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc, _ := url.Parse(resp.Header.Get("Location"))
		q := loc.Query()
		if q.Get(wantKey) == "" || q.Get("state") != "st-"+decision {
			t.Errorf("%s: redirect %s, want %s and state", decision, loc, wantKey)
		}
		if decision == "deny" && q.Get("error") != "access_denied" {
			t.Errorf("deny: error %q", q.Get("error"))
		}
	}
}

func TestRefreshRotationGraceAndExpiry(t *testing.T) {
	s, base := startFake(t, xpmfake.Config{AutoApprove: true, Now: frozen})
	first := connect(t, base)

	status, second := refresh(t, base, first.RefreshToken)
	if status != 200 || second.RefreshToken == "" || second.RefreshToken == first.RefreshToken {
		t.Fatalf("refresh: %d, rotated=%v", status, second.RefreshToken != first.RefreshToken)
	}
	// Within 30 minutes the previous token still works (a lost response can be retried).
	s.Clock().Advance(29 * time.Minute)
	if status, again := refresh(t, base, first.RefreshToken); status != 200 || again.RefreshToken != second.RefreshToken {
		t.Fatalf("grace retry: %d, same successor=%v", status, again.RefreshToken == second.RefreshToken)
	}
	s.Clock().Advance(2 * time.Minute)
	if status, tr := refresh(t, base, first.RefreshToken); status != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("after grace: %d %q, want invalid_grant", status, tr.Error)
	}
	// The successor still works; then left unused for 60 days it expires.
	status, third := refresh(t, base, second.RefreshToken)
	if status != 200 {
		t.Fatalf("successor refresh: %d", status)
	}
	s.Clock().Advance(59 * 24 * time.Hour)
	status, fourth := refresh(t, base, third.RefreshToken)
	if status != 200 {
		t.Fatalf("59 days unused: %d, want still valid", status)
	}
	s.Clock().Advance(60*24*time.Hour + time.Minute)
	if status, tr := refresh(t, base, fourth.RefreshToken); status != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("60 days unused: %d %q, want invalid_grant", status, tr.Error)
	}
}

func TestAccessTokenExpiresAfter30Minutes(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 2, Seed: 3, Now: frozen})
	if resp, _ := se.do("GET", "staff.api/list", ""); resp.StatusCode != 200 {
		t.Fatalf("fresh token: %d", resp.StatusCode)
	}
	se.s.Clock().Advance(30 * time.Minute)
	resp, body := se.do("GET", "staff.api/list", "")
	if resp.StatusCode != 401 || !strings.Contains(string(body), "TokenExpired") ||
		!strings.Contains(resp.Header.Get("www-authenticate"), "invalid_token") {
		t.Fatalf("expired token: %d %s", resp.StatusCode, body)
	}
	var prob map[string]any
	if err := json.Unmarshal(body, &prob); err != nil || prob["Status"] != float64(401) || prob["Title"] != "Unauthorized" {
		t.Fatalf("401 body is not a problem document: %s", body)
	}
}

func TestRevocationRevokesWholeGrant(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 2, Seed: 3})
	resp, err := http.PostForm(se.base+"/connect/revocation", url.Values{"token": {se.tok.RefreshToken}, "client_id": {testClientID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("revocation: %d", resp.StatusCode)
	}
	if status, tr := refresh(t, se.base, se.tok.RefreshToken); status != 400 || tr.Error != "invalid_grant" {
		t.Fatalf("refresh after revoke: %d %q", status, tr.Error)
	}
	if resp, _ := se.do("GET", "client.api/list", ""); resp.StatusCode != 401 {
		t.Fatalf("access token after revoke: %d, want 401", resp.StatusCode)
	}
}

func TestDeleteConnection(t *testing.T) {
	se := newSession(t, xpmfake.Config{Clients: 1, Seed: 3})
	del := func(id string) int {
		req, _ := http.NewRequest("DELETE", se.base+"/connections/"+id, nil)
		req.Header.Set("Authorization", "Bearer "+se.tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := del("00000000-0000-0000-0000-000000000000"); got != 404 {
		t.Fatalf("unknown connection: %d, want 404", got)
	}
	if got := del(se.s.ConnectionID()); got != 204 {
		t.Fatalf("delete: %d, want 204", got)
	}
	if resp, _ := se.do("GET", "client.api/list", ""); resp.StatusCode != 403 {
		t.Fatalf("API after disconnect: %d, want 403", resp.StatusCode)
	}
}

func TestStartServesOnLoopbackAndCloses(t *testing.T) {
	s := xpmfake.New(xpmfake.Config{Clients: 1, Seed: 1})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("base URL %q", base)
	}
	resp, err := http.Get(base + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var disc map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&disc)
	resp.Body.Close()
	if disc["issuer"] != base || disc["token_endpoint"] != base+"/connect/token" {
		t.Fatalf("discovery %v", disc)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(base + "/connections"); err == nil {
		t.Fatal("still serving after Close")
	}
}
