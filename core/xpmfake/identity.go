package xpmfake

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"html/template"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// authState is the fake Xero identity service: consents, codes, grants and tokens.
type authState struct {
	s  *Server
	mu sync.Mutex

	pending map[string]*authRequest // consent pages waiting for Allow/Deny
	codes   map[string]*codeRec
	grants  map[string]*grant
	refresh map[string]*refreshRec
	access  map[string]*accessRec

	connected                bool
	authEventID              string
	connCreated, connUpdated time.Time
}

type authRequest struct {
	clientID, redirectURI, state, challenge, nonce string
	scopes                                         []string
	created                                        time.Time
}

type codeRec struct {
	req    *authRequest
	issued time.Time
	used   bool
	g      *grant
}

func newAuthState(s *Server) *authState {
	return &authState{s: s, pending: map[string]*authRequest{}, codes: map[string]*codeRec{},
		grants: map[string]*grant{}, refresh: map[string]*refreshRec{}, access: map[string]*accessRec{}}
}

// knownScopes are the scopes Xero would grant this kind of app.
var knownScopes = []string{"openid", "profile", "email", "offline_access",
	"practicemanager", "practicemanager.read", "practicemanager.client", "practicemanager.client.read",
	"practicemanager.job", "practicemanager.job.read", "practicemanager.staff", "practicemanager.staff.read",
	"practicemanager.time", "practicemanager.time.read"}

func joinScopes(s []string) string { return strings.Join(s, " ") }

func issuerOf(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func oauthError(w http.ResponseWriter, code string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": code})
}

// validRedirect applies Xero's rules (reference §6.3, addendum §6): absolute, exact match with
// a registered URI, https except for localhost, no fragment.
func (s *Server) validRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Fragment != "" || u.Host == "" {
		return false
	}
	host := u.Hostname()
	switch u.Scheme {
	case "https":
	case "http":
		loopIP := host == "127.0.0.1" || host == "::1"
		if host != "localhost" && !(loopIP && s.quirks().AllowLoopbackIP) {
			return false
		}
	default:
		return false
	}
	if s.cfg.RedirectURIs != nil {
		return slices.Contains(s.cfg.RedirectURIs, raw)
	}
	okHost := host == "localhost" || (s.quirks().AllowLoopbackIP && (host == "127.0.0.1" || host == "::1"))
	return okHost && u.Port() != "" && u.Path == "/callback" && u.RawQuery == ""
}

func redirectWith(w http.ResponseWriter, r *http.Request, redirectURI string, params url.Values) {
	u, _ := url.Parse(redirectURI)
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

var errorPage = template.Must(template.New("e").Parse(`<!doctype html><html><head><title>Xero | Error</title></head>
<body><h1>Sorry, something went wrong</h1><p>Error: {{.}}</p></body></html>`))

var consentPage = template.Must(template.New("c").Parse(`<!doctype html><html><head><meta charset="utf-8">
<title>Xero | Authorise app</title>
<style>body{font-family:sans-serif;max-width:32em;margin:3em auto;color:#1e3145}
button{font-size:1em;padding:.6em 1.4em;margin-right:1em;border-radius:4px;border:1px solid #13b5ea}
.allow{background:#13b5ea;color:#fff}</style></head><body>
<h1>Allow access to {{.Practice}}?</h1>
<p>Signed in as {{.Email}} (fake Xero — XPM Sync simulator).</p>
<p>The app will be able to:</p><ul>{{range .Scopes}}<li>{{.}}</li>{{end}}</ul>
<form method="post" action="/identity/connect/authorize">
<input type="hidden" name="request" value="{{.ID}}">
<button class="allow" name="decision" value="allow" type="submit">Allow access</button>
<button name="decision" value="deny" type="submit">Cancel</button>
</form></body></html>`))

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		s.consent(w, r)
		return
	}
	if r.Method != http.MethodGet {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	clientID, redirectURI := q.Get("client_id"), q.Get("redirect_uri")
	// Xero answers a bad client, redirect URI or scope with an error page (seen as HTTP 500 in
	// XeroAPI sample-app issues), never with a redirect to an unverified URI.
	fail := func(msg string) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_ = errorPage.Execute(w, msg)
	}
	if clientID == "" || (s.cfg.ClientID != "" && clientID != s.cfg.ClientID) {
		fail("unauthorized_client : Unknown client or client not enabled")
		return
	}
	if !s.validRedirect(redirectURI) {
		fail("unauthorized_client : Invalid redirect_uri")
		return
	}
	state := q.Get("state")
	back := func(errCode string) {
		v := url.Values{"error": {errCode}}
		if state != "" {
			v.Set("state", state)
		}
		redirectWith(w, r, redirectURI, v)
	}
	if q.Get("response_type") != "code" {
		back("unsupported_response_type")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		back("invalid_scope")
		return
	}
	for _, sc := range scopes {
		if !slices.Contains(knownScopes, sc) {
			fail("unauthorized_client : Invalid scope for client")
			return
		}
	}
	if q.Get("code_challenge_method") != "S256" || !pkceShape.MatchString(q.Get("code_challenge")) || len(q.Get("code_challenge")) != 43 {
		back("invalid_request")
		return
	}
	req := &authRequest{clientID: clientID, redirectURI: redirectURI, state: state, challenge: q.Get("code_challenge"),
		nonce: q.Get("nonce"), scopes: scopes, created: s.clock.Now()}
	if s.cfg.AutoApprove {
		s.approve(w, r, req)
		return
	}
	id := randToken(16)
	s.auth.mu.Lock()
	s.auth.pending[id] = req
	s.auth.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = consentPage.Execute(w, map[string]any{"Practice": s.practice, "Email": s.user.Email, "Scopes": scopes, "ID": id})
}

var pkceShape = regexp.MustCompile(`^[A-Za-z0-9._~-]+$`)

func (s *Server) consent(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	s.auth.mu.Lock()
	req, ok := s.auth.pending[r.PostForm.Get("request")]
	delete(s.auth.pending, r.PostForm.Get("request"))
	s.auth.mu.Unlock()
	if !ok || s.clock.Now().Sub(req.created) > 30*time.Minute {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		_ = errorPage.Execute(w, "This sign-in request has expired. Start again from the app.")
		return
	}
	if r.PostForm.Get("decision") != "allow" {
		v := url.Values{"error": {"access_denied"}}
		if req.state != "" {
			v.Set("state", req.state)
		}
		redirectWith(w, r, req.redirectURI, v)
		return
	}
	s.approve(w, r, req)
}

// approve connects the practice (a new auth event) and sends the browser back with a code.
func (s *Server) approve(w http.ResponseWriter, r *http.Request, req *authRequest) {
	a := s.auth
	code := randToken(32)
	now := s.clock.Now()
	event := s.newID() // before a.mu: s.mu is never taken inside a.mu
	a.mu.Lock()
	a.authEventID = event
	if !a.connected {
		a.connCreated = now
	}
	a.connected, a.connUpdated = true, now
	a.codes[code] = &codeRec{req: req, issued: now}
	a.mu.Unlock()
	v := url.Values{"code": {code}}
	if req.state != "" {
		v.Set("state", req.state)
	}
	s.log.Info("xpmfake: consent granted", "client_id", req.clientID, "scopes", joinScopes(req.scopes))
	redirectWith(w, r, req.redirectURI, v)
}

// newID draws a UUID from the seeded generator.
func (s *Server) newID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.d.newUUID()
}

// formClientID reads client_id from the body, or from HTTP Basic for apps with a secret.
func formClientID(r *http.Request) string {
	if id, _, ok := r.BasicAuth(); ok {
		return id
	}
	return r.PostForm.Get("client_id")
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.fmu.Lock()
	down := s.faults.TokenEndpoint5xx
	s.fmu.Unlock()
	if down {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "temporarily_unavailable"})
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	clientID := formClientID(r)
	if clientID == "" || (s.cfg.ClientID != "" && clientID != s.cfg.ClientID) {
		oauthError(w, "invalid_client")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		s.codeGrant(w, r, clientID)
	case "refresh_token":
		ts, errCode := s.auth.refreshGrant(r.PostForm.Get("refresh_token"), clientID, issuerOf(r))
		if errCode != "" {
			s.log.Info("xpmfake: refresh refused", "error", errCode)
			oauthError(w, errCode)
			return
		}
		writeJSON(w, http.StatusOK, ts)
	default:
		oauthError(w, "unsupported_grant_type")
	}
}

func (s *Server) codeGrant(w http.ResponseWriter, r *http.Request, clientID string) {
	a := s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	now := s.clock.Now()
	c, ok := a.codes[r.PostForm.Get("code")]
	if !ok {
		oauthError(w, "invalid_grant")
		return
	}
	if c.used {
		// A replayed code revokes what it issued (RFC 6749 §4.1.2).
		if c.g != nil {
			c.g.revoked = true
		}
		oauthError(w, "invalid_grant")
		return
	}
	if now.Sub(c.issued) > codeTTL {
		oauthError(w, "invalid_grant")
		return
	}
	if c.req.clientID != clientID {
		oauthError(w, "invalid_client")
		return
	}
	if r.PostForm.Get("redirect_uri") != c.req.redirectURI {
		oauthError(w, "invalid_grant")
		return
	}
	verifier := r.PostForm.Get("code_verifier")
	sum := sha256.Sum256([]byte(verifier))
	if len(verifier) < 43 || len(verifier) > 128 || !pkceShape.MatchString(verifier) ||
		subtle.ConstantTimeCompare([]byte(b64.EncodeToString(sum[:])), []byte(c.req.challenge)) != 1 {
		oauthError(w, "invalid_grant")
		return
	}
	c.used = true
	g := &grant{id: randToken(12), clientID: clientID, authEventID: a.authEventID, nonce: c.req.nonce,
		scopes: c.req.scopes, authTime: c.issued}
	c.g = g
	a.grants[g.id] = g
	ts := a.issue(g, issuerOf(r))
	if g.has("offline_access") {
		ts.RefreshToken = a.newRefresh(g)
	}
	writeJSON(w, http.StatusOK, ts)
}

func (s *Server) revocation(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, "invalid_request")
		return
	}
	clientID := formClientID(r)
	if clientID == "" {
		oauthError(w, "invalid_client")
		return
	}
	a := s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	if rec, ok := a.refresh[r.PostForm.Get("token")]; ok {
		if rec.g.clientID != clientID {
			oauthError(w, "invalid_client")
			return
		}
		rec.g.revoked = true
		a.connected = false
	}
	w.WriteHeader(http.StatusOK)
}

// bearer finds the grant behind an Authorization header, or says why not in Xero's words.
func (s *Server) bearer(r *http.Request) (*grant, string) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || tok == "" {
		return nil, "AuthenticationUnsuccessful"
	}
	a := s.auth
	a.mu.Lock()
	defer a.mu.Unlock()
	rec, ok := a.access[tok]
	if !ok || rec.g.revoked {
		return nil, "AuthenticationUnsuccessful"
	}
	if !s.clock.Now().Before(rec.exp) {
		return nil, "TokenExpired: token expired at " + rec.exp.Format("01/02/2006 15:04:05")
	}
	return rec.g, ""
}

func (s *Server) userinfo(w http.ResponseWriter, r *http.Request) {
	g, problem := s.bearer(r)
	if g == nil {
		unauthorized(w, problem, newCorrelationID())
		return
	}
	if !g.has("openid") {
		writeJSON(w, http.StatusForbidden, map[string]string{"error": "insufficient_scope"})
		return
	}
	u := s.user
	out := map[string]string{"sub": u.Sub, "xero_userid": u.UserID}
	if g.has("email") {
		out["email"] = u.Email
	}
	if g.has("profile") {
		out["given_name"], out["family_name"], out["preferred_username"] = u.GivenName, u.FamilyName, u.Email
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) discovery(w http.ResponseWriter, r *http.Request) {
	base := issuerOf(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                base,
		"authorization_endpoint":                base + "/identity/connect/authorize",
		"token_endpoint":                        base + "/connect/token",
		"userinfo_endpoint":                     base + "/connect/userinfo",
		"revocation_endpoint":                   base + "/connect/revocation",
		"jwks_uri":                              base + "/.well-known/openid-configuration/jwks",
		"scopes_supported":                      knownScopes,
		"response_types_supported":              []string{"code"},
		"response_modes_supported":              []string{"query", "form_post"},
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"code_challenge_methods_supported":      []string{"S256"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"token_endpoint_auth_methods_supported": []string{"client_secret_basic", "client_secret_post", "none"},
	})
}

func (s *Server) jwksHandler(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, jwks())
}

const connTimeLayout = "2006-01-02T15:04:05.0000000"

func (s *Server) connections(w http.ResponseWriter, r *http.Request) {
	s.calls.Add(1)
	corr := newCorrelationID()
	w.Header().Set("xero-correlation-id", corr)
	g, problem := s.bearer(r)
	if g == nil {
		unauthorized(w, problem, corr)
		return
	}
	s.applyLatency(r)
	a := s.auth
	id := strings.TrimPrefix(r.URL.Path, "/connections")
	id = strings.Trim(id, "/")
	switch {
	case r.Method == http.MethodGet && id == "":
		a.mu.Lock()
		out := []map[string]any{}
		if a.connected {
			var name any
			if s.quirks().TenantNamed {
				name = s.practice
			}
			out = append(out, map[string]any{"id": s.connID, "authEventId": a.authEventID, "tenantId": s.tenantID,
				"tenantType": "PRACTICEMANAGER", "tenantName": name,
				"createdDateUtc": a.connCreated.Format(connTimeLayout), "updatedDateUtc": a.connUpdated.Format(connTimeLayout)})
		}
		a.mu.Unlock()
		if ev := r.URL.Query().Get("authEventId"); ev != "" && len(out) > 0 && out[0]["authEventId"] != ev {
			out = out[:0]
		}
		writeJSON(w, http.StatusOK, out)
	case r.Method == http.MethodDelete && id != "":
		a.mu.Lock()
		found := a.connected && id == s.connID
		if found {
			a.connected = false
		}
		a.mu.Unlock()
		if !found {
			problemJSON(w, http.StatusNotFound, "Not Found", "Connection not found", corr)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

func (a *authState) isConnected() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.connected
}
