package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// testClock is a movable clock shared by the fake identity server and the code under test.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock {
	return &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeIdP is a small stand-in for Xero identity with Xero's refresh rules (rotation,
// 30-minute grace, 60-day idle expiry, revocation), strict about PKCE and redirect URIs.
// It lets these unit tests run without core/xpmfake; end-to-end tests use the real fake.
type fakeIdP struct {
	t     *testing.T
	clock *testClock
	srv   *httptest.Server

	mu            sync.Mutex
	seq           int
	codes         map[string]fakeCode
	refresh       map[string]*fakeRefresh
	access        map[string]bool
	refreshCalls  int
	revoked       []string
	deleted       []string
	tenants       []map[string]any
	deny          bool // the user clicks "Cancel" on the consent page
	failRefreshes bool // answer 503 to refreshes
}

type fakeCode struct {
	challenge, redirect, clientID string
}

type fakeRefresh struct {
	issued     time.Time // last time it was issued or used
	replacedAt time.Time // zero while current
	dead       bool
}

func newFakeIdP(t *testing.T, clock *testClock) *fakeIdP {
	f := &fakeIdP{
		t: t, clock: clock,
		codes:   map[string]fakeCode{},
		refresh: map[string]*fakeRefresh{},
		access:  map[string]bool{},
		tenants: []map[string]any{
			{"id": "conn-org", "tenantId": "tenant-org", "tenantType": "ORGANISATION", "tenantName": "Smith Ltd books", "createdDateUtc": "2019-12-07T18:46:19.5165400"},
			{"id": "conn-pm", "tenantId": "tenant-pm", "tenantType": "PRACTICEMANAGER", "tenantName": nil, "createdDateUtc": "2019-12-07T18:46:19.5165400"},
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/identity/connect/authorize", f.authorize)
	mux.HandleFunc("/connect/token", f.token)
	mux.HandleFunc("/connect/revocation", f.revocation)
	mux.HandleFunc("/connections", f.connections)
	mux.HandleFunc("/connections/", f.connections)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeIdP) config() Config {
	return Config{
		ClientID:  "test-client",
		Ports:     []int{0},
		Endpoints: XeroEndpoints(f.srv.URL),
		Now:       f.clock.Now,
		Timeout:   30 * time.Second,
	}
}

func (f *fakeIdP) next(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s-%04d-secretvalue", prefix, f.seq)
}

func (f *fakeIdP) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if err != nil || u.Scheme != "http" || u.Hostname() != "localhost" || u.Path != "/callback" {
		http.Error(w, "unauthorized_client : Invalid redirect_uri", http.StatusInternalServerError)
		return
	}
	if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("response_type") != "code" {
		http.Error(w, "invalid_request", http.StatusBadRequest)
		return
	}
	back := url.Values{"state": {q.Get("state")}}
	f.mu.Lock()
	if f.deny {
		back.Set("error", "access_denied")
	} else {
		code := f.next("code")
		f.codes[code] = fakeCode{challenge: q.Get("code_challenge"), redirect: redirect, clientID: q.Get("client_id")}
		back.Set("code", code)
	}
	f.mu.Unlock()
	http.Redirect(w, r, redirect+"?"+back.Encode(), http.StatusFound)
}

func tokenErr(w http.ResponseWriter, code string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusBadRequest)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code})
}

func (f *fakeIdP) issue(w http.ResponseWriter, withID bool) {
	now := f.clock.Now()
	at, rt := f.next("access"), f.next("refresh")
	f.access[at] = true
	f.refresh[rt] = &fakeRefresh{issued: now}
	body := map[string]any{"access_token": at, "refresh_token": rt, "expires_in": 1800, "token_type": "Bearer"}
	if withID {
		claims, _ := json.Marshal(map[string]string{"email": "pat@smith.example", "given_name": "Pat", "family_name": "Smith", "xero_userid": "u-1"})
		body["id_token"] = "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString(claims) + ".sig"
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

func (f *fakeIdP) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Method != http.MethodPost {
		tokenErr(w, "invalid_request")
		return
	}
	if _, _, basic := r.BasicAuth(); basic || r.PostForm.Get("client_secret") != "" {
		f.t.Errorf("a PKCE app must not send client credentials")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := r.PostForm.Get("code")
		c, ok := f.codes[code]
		delete(f.codes, code)
		sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
		switch {
		case !ok || c.redirect != r.PostForm.Get("redirect_uri"):
			tokenErr(w, "invalid_grant")
		case c.clientID != r.PostForm.Get("client_id"):
			tokenErr(w, "invalid_client")
		case base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
			tokenErr(w, "invalid_grant")
		default:
			f.issue(w, true)
		}
	case "refresh_token":
		f.refreshCalls++
		if f.failRefreshes {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		now := f.clock.Now()
		rt := f.refresh[r.PostForm.Get("refresh_token")]
		switch {
		case r.PostForm.Get("client_id") != "test-client":
			tokenErr(w, "invalid_client")
		case rt == nil || rt.dead:
			tokenErr(w, "invalid_grant")
		case now.Sub(rt.issued) >= 60*24*time.Hour:
			tokenErr(w, "invalid_grant")
		case !rt.replacedAt.IsZero() && now.Sub(rt.replacedAt) >= 30*time.Minute:
			tokenErr(w, "invalid_grant")
		default:
			if rt.replacedAt.IsZero() {
				rt.replacedAt = now
			}
			f.issue(w, false)
		}
	default:
		tokenErr(w, "unsupported_grant_type")
	}
}

func (f *fakeIdP) revocation(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	f.mu.Lock()
	defer f.mu.Unlock()
	tok := r.PostForm.Get("token")
	f.revoked = append(f.revoked, tok)
	if r.PostForm.Get("client_id") != "test-client" {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	// Revoking ends the whole grant: every refresh token ever issued here.
	for _, rt := range f.refresh {
		rt.dead = true
	}
	w.WriteHeader(http.StatusOK)
}

func (f *fakeIdP) revokeAll() {
	f.mu.Lock()
	for _, rt := range f.refresh {
		rt.dead = true
	}
	f.mu.Unlock()
}

func (f *fakeIdP) connections(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")] {
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	switch r.Method {
	case http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(f.tenants)
	case http.MethodDelete:
		f.deleted = append(f.deleted, strings.TrimPrefix(r.URL.Path, "/connections/"))
		w.WriteHeader(http.StatusNoContent)
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

// browse plays the browser: it opens the consent URL and follows the redirect back to
// the loopback listener, returning the page the user would see.
func browse(t *testing.T, rawURL string) (int, string) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Errorf("browser GET: %v", err) // runs on its own goroutine: no Fatal
		return 0, ""
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String()
}
