package auth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestXeroEndpointsRealAndOverridden(t *testing.T) {
	real := XeroEndpoints("")
	if real.Authorize != "https://login.xero.com/identity/connect/authorize" ||
		real.Token != "https://identity.xero.com/connect/token" ||
		real.Revocation != "https://identity.xero.com/connect/revocation" ||
		real.UserInfo != "https://identity.xero.com/connect/userinfo" ||
		real.Connections != "https://api.xero.com/connections" ||
		real.API != "https://api.xero.com" {
		t.Fatalf("real endpoints wrong: %+v", real)
	}
	if !real.IsRealXero() {
		t.Error("real endpoints not recognised as real")
	}
	fake := XeroEndpoints("http://127.0.0.1:8765/")
	want := Endpoints{
		Authorize:   "http://127.0.0.1:8765/identity/connect/authorize",
		Token:       "http://127.0.0.1:8765/connect/token",
		Revocation:  "http://127.0.0.1:8765/connect/revocation",
		UserInfo:    "http://127.0.0.1:8765/connect/userinfo",
		Connections: "http://127.0.0.1:8765/connections",
		API:         "http://127.0.0.1:8765",
	}
	if fake != want {
		t.Fatalf("overridden endpoints\n got %+v\nwant %+v", fake, want)
	}
	if fake.IsRealXero() {
		t.Error("fake endpoints taken for real Xero")
	}
	for _, bad := range []string{"127.0.0.1:8765", "ftp://x", "http://h/some/path", "http://"} {
		if _, err := ParseXeroBase(bad); err == nil {
			t.Errorf("ParseXeroBase(%q) accepted a bad base", bad)
		}
		if e := XeroEndpoints(bad); e.IsRealXero() || strings.HasPrefix(e.Token, "https://identity.xero.com") {
			t.Errorf("a bad base %q fell back to real Xero", bad)
		}
	}
}

func TestResolveClientIDOrder(t *testing.T) {
	old := BuildClientID
	t.Cleanup(func() { BuildClientID = old })
	BuildClientID = "from-build"
	t.Setenv(ClientIDEnv, "")
	if got := ResolveClientID(""); got != "from-build" {
		t.Errorf("build flag only: got %q", got)
	}
	t.Setenv(ClientIDEnv, "from-env")
	if got := ResolveClientID(""); got != "from-env" {
		t.Errorf("env over build flag: got %q", got)
	}
	if got := ResolveClientID(" from-settings "); got != "from-settings" {
		t.Errorf("settings first: got %q", got)
	}
	if _, err := Begin(context.Background(), Config{Ports: []int{0}}); !errors.Is(err, ErrNoClientID) {
		t.Errorf("Begin without client ID: %v", err)
	}
}

func TestAuthorizeURLCarriesPKCEAndLocalhostRedirect(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u, err := url.Parse(f.URL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Path != "/identity/connect/authorize" {
		t.Errorf("authorize path %q", u.Path)
	}
	ru, _ := url.Parse(q.Get("redirect_uri"))
	if ru.Scheme != "http" || ru.Hostname() != "localhost" || ru.Path != "/callback" || ru.Port() == "" || ru.Port() == "0" {
		t.Errorf("redirect_uri %q: want http://localhost:PORT/callback", q.Get("redirect_uri"))
	}
	if f.RedirectURI() != q.Get("redirect_uri") {
		t.Errorf("RedirectURI %q differs from the URL's %q", f.RedirectURI(), q.Get("redirect_uri"))
	}
	for k, want := range map[string]string{
		"response_type": "code", "client_id": "test-client", "code_challenge_method": "S256",
		"scope": DefaultScopes, "response_mode": "query",
	} {
		if q.Get(k) != want {
			t.Errorf("%s = %q, want %q", k, q.Get(k), want)
		}
	}
	if len(q.Get("state")) < 16 || len(q.Get("code_challenge")) != 43 {
		t.Errorf("state %q / challenge %q too short", q.Get("state"), q.Get("code_challenge"))
	}
	if strings.Contains(f.URL(), f.verifier.Reveal()) {
		t.Error("the PKCE verifier leaked into the authorize URL")
	}
	f2, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Close()
	if q2, _ := url.Parse(f2.URL()); q2.Query().Get("state") == q.Get("state") || q2.Query().Get("code_challenge") == q.Get("code_challenge") {
		t.Error("two logins share state or challenge")
	}
}

func TestLoginFlowAgainstFakeIdentity(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	page := make(chan string, 1)
	go func() {
		code, body := browse(t, f.URL())
		page <- strconv.Itoa(code) + " " + body
	}()
	g, err := f.Wait(context.Background())
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if p := <-page; !strings.HasPrefix(p, "200 ") || !strings.Contains(p, "connected to Xero") {
		t.Errorf("browser page: %q", p)
	}
	if g.Email != "pat@smith.example" || g.Name != "Pat Smith" || g.UserID != "u-1" {
		t.Errorf("identity: %q %q %q", g.Email, g.Name, g.UserID)
	}
	if len(g.Tenants) != 1 || g.Tenants[0].TenantID != "tenant-pm" || g.Tenants[0].ID != "conn-pm" {
		t.Fatalf("want only the PRACTICEMANAGER connection, got %+v", g.Tenants)
	}
	if g.Tenants[0].CreatedDateUTC.Year() != 2019 {
		t.Errorf("connection date not parsed: %v", g.Tenants[0].CreatedDateUTC)
	}
	if g.RefreshToken == "" || g.AccessToken == "" || !g.Expiry.Equal(idp.clock.Now().Add(30*time.Minute)) {
		t.Errorf("tokens/expiry: %v", g)
	}
	// The port is released once the flow is over.
	if _, err := http.Get(f.RedirectURI()); err == nil {
		t.Error("loopback listener still answering after Wait")
	}
}

func TestLoginRejectsStateMismatch(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	// A callback from some other login attempt (or a forged one): right port, wrong state.
	status := make(chan int, 1)
	go func() {
		code, _ := browse(t, f.RedirectURI()+"?code=stolen&state=not-the-one")
		status <- code
	}()
	_, err = f.Wait(context.Background())
	if !errors.Is(err, ErrStateMismatch) {
		t.Fatalf("want ErrStateMismatch, got %v", err)
	}
	if s := <-status; s != http.StatusBadRequest {
		t.Errorf("browser got HTTP %d, want 400 failure page", s)
	}
	idp.mu.Lock()
	defer idp.mu.Unlock()
	if len(idp.access) != 0 {
		t.Error("a code was exchanged despite the wrong state")
	}
}

func TestLoginRejectsPKCEVerifierMismatch(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	f.verifier = Secret("a-different-verifier-than-the-challenge-was-made-from-xxxxxxxx")
	go browse(t, f.URL())
	_, err = f.Wait(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || te.Code != "invalid_grant" {
		t.Fatalf("want the token endpoint's invalid_grant, got %v", err)
	}
}

func TestLoginAccessDenied(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	idp.deny = true
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	page := make(chan string, 1)
	go func() { _, b := browse(t, f.URL()); page <- b }()
	_, err = f.Wait(context.Background())
	if !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("want ErrAccessDenied, got %v", err)
	}
	if p := <-page; !strings.Contains(p, "not allowed") {
		t.Errorf("failure page does not explain: %q", p)
	}
}

func TestLoginNoPracticeManagerTenantRevokesGrant(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	idp.tenants = idp.tenants[:1] // an accounting org only
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	go browse(t, f.URL())
	if _, err := f.Wait(context.Background()); !errors.Is(err, ErrNoPractice) {
		t.Fatalf("want ErrNoPractice, got %v", err)
	}
	idp.mu.Lock()
	defer idp.mu.Unlock()
	if len(idp.revoked) != 1 {
		t.Errorf("the unusable grant was not revoked (%d revocations)", len(idp.revoked))
	}
}

func TestLoginCancelAndTimeout(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, err := f.Wait(ctx); !errors.Is(err, ErrLoginCanceled) {
		t.Errorf("cancel: got %v", err)
	}
	// The port is free again.
	port := strings.TrimSuffix(strings.TrimPrefix(f.RedirectURI(), "http://localhost:"), "/callback")
	ln, err := net.Listen("tcp4", "127.0.0.1:"+port)
	if err != nil {
		t.Errorf("port %s still held after cancel: %v", port, err)
	} else {
		ln.Close()
	}

	cfg := idp.config()
	cfg.Timeout = 30 * time.Millisecond
	f, err = Begin(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Wait(context.Background()); !errors.Is(err, ErrLoginTimeout) {
		t.Errorf("timeout: got %v", err)
	}

	f, err = Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	go func() { time.Sleep(20 * time.Millisecond); f.Close() }()
	if _, err := f.Wait(context.Background()); !errors.Is(err, ErrLoginCanceled) {
		t.Errorf("Close during Wait: got %v", err)
	}
}

func TestLoginFallsBackToNextPort(t *testing.T) {
	busy, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port
	idp := newFakeIdP(t, newTestClock())
	cfg := idp.config()

	cfg.Ports = []int{busyPort}
	var pbe *PortsBusyError
	if _, err := Begin(context.Background(), cfg); !errors.As(err, &pbe) || !strings.Contains(err.Error(), strconv.Itoa(busyPort)) {
		t.Fatalf("all ports busy: got %v", err)
	}
	cfg.Ports = []int{busyPort, 0}
	f, err := Begin(context.Background(), cfg)
	if err != nil {
		t.Fatalf("fallback port: %v", err)
	}
	defer f.Close()
	if strings.Contains(f.RedirectURI(), ":"+strconv.Itoa(busyPort)+"/") {
		t.Errorf("redirect uses the busy port: %s", f.RedirectURI())
	}
}

func TestOpenUsesBrowserVariable(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := OpenBrowser
	t.Cleanup(func() { OpenBrowser = old })
	var opened string
	OpenBrowser = func(u string) error { opened = u; return nil }
	if err := f.Open(); err != nil || opened != f.URL() {
		t.Errorf("Open: err %v, opened %q", err, opened)
	}
	OpenBrowser = func(string) error { return errors.New("no display") }
	if err := f.Open(); err == nil || !strings.Contains(err.Error(), "Copy link") {
		t.Errorf("a failed browser should point to Copy link: %v", err)
	}
}
