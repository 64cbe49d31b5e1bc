package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

// The API client takes a Session (or the Manager) as its token source.
var (
	_ xpm.TokenSource = (*Session)(nil)
	_ xpm.TokenSource = (*Manager)(nil)
)

// startFake runs the project's fake Xero (identity + XPM) with consent auto-approved.
func startFake(t *testing.T) (*xpmfake.Server, Config) {
	t.Helper()
	fake := xpmfake.New(xpmfake.Config{AutoApprove: true, PMModule: true, Clients: 3, Seed: 7})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	return fake, Config{
		ClientID:  "xpmsync-test",
		Ports:     []int{0},
		Endpoints: XeroEndpoints(base),
		Now:       fake.Clock().Now,
		Timeout:   30 * time.Second,
	}
}

func loginFake(t *testing.T, cfg Config) *Grant {
	t.Helper()
	f, err := Begin(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	page := make(chan int, 1)
	go func() { code, _ := browse(t, f.URL()); page <- code }()
	g, err := f.Wait(context.Background())
	if err != nil {
		t.Fatalf("login against the fake: %v", err)
	}
	if code := <-page; code != http.StatusOK {
		t.Errorf("browser ended on HTTP %d", code)
	}
	return g
}

func apiClient(cfg Config, tokens xpm.TokenSource, tenant string) *xpm.Client {
	return xpm.New(xpm.Config{BaseURL: cfg.Endpoints.API, TenantID: tenant, Tokens: tokens})
}

func TestE2EConnectSyncRefreshDisconnect(t *testing.T) {
	fake, cfg := startFake(t)
	store := NewMemoryStore()
	m := NewManager(cfg, store)
	f, err := m.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	go browse(t, f.URL())
	g, err := f.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Tenants) != 1 || g.Tenants[0].TenantID != fake.TenantID() || g.Tenants[0].ID != fake.ConnectionID() {
		t.Fatalf("tenants %+v, want the fake's practice", g.Tenants)
	}
	if g.Email == "" || !strings.Contains(g.Email, "@") {
		t.Errorf("no email from the fake's id_token: %q", g.Email)
	}
	if _, err := m.Complete(g, g.Tenants[0]); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c := apiClient(cfg, m, m.TenantID())
	if staff, err := c.ListStaff(ctx); err != nil || len(staff) == 0 {
		t.Fatalf("API call with the session's token: %d staff, %v", len(staff), err)
	}

	// An hour later the access token has expired; the next call refreshes on its own.
	fake.Clock().Advance(time.Hour)
	if _, err := c.ListStaff(ctx); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if st := m.Status(); st.State != Connected || !st.AccessValidUntil.After(fake.Clock().Now()) {
		t.Errorf("status after refresh: %+v", st)
	}

	// The fake expires tokens early (as a 401 TokenExpired would come): the client's
	// forced Refresh recovers.
	fake.SetFaults(xpmfake.Faults{ExpireAccessTokens: true})
	if _, err := c.ListStaff(ctx); err != nil {
		t.Fatalf("after a 401 TokenExpired: %v", err)
	}

	oldTok, err := m.Token(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Disconnect(ctx); err != nil {
		t.Fatalf("disconnect: %v", err)
	}
	if store.Len() != 0 || m.Status().State != NotConnected {
		t.Fatalf("after disconnect: %d entries, %v", store.Len(), m.Status().State)
	}
	// The grant is gone at the fake as well.
	if conns, err := cfg.withDefaults().listConnections(ctx, Secret(oldTok)); err == nil && len(conns) != 0 {
		t.Errorf("the fake still lists %d connections for the revoked grant", len(conns))
	}
	if _, err := c.ListStaff(ctx); err == nil {
		t.Error("API still answers after disconnect")
	}
	g2 := loginFake(t, cfg)
	if len(g2.Tenants) != 1 {
		t.Errorf("reconnect after disconnect: %d tenants", len(g2.Tenants))
	}
}

func TestE2EPKCEMismatchRejectedByFake(t *testing.T) {
	_, cfg := startFake(t)
	f, err := Begin(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.verifier = Secret(strings.Repeat("v", 64))
	go browse(t, f.URL())
	_, err = f.Wait(context.Background())
	var te *TokenError
	if !errors.As(err, &te) || te.Code != "invalid_grant" {
		t.Fatalf("want the fake's invalid_grant for a wrong verifier, got %v", err)
	}
}

func TestE2EStateMismatchRejected(t *testing.T) {
	_, cfg := startFake(t)
	f, err := Begin(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Follow the fake's redirect by hand and change the state on the way back.
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(f.URL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	back := resp.Header.Get("Location")
	if !strings.HasPrefix(back, f.RedirectURI()) {
		t.Fatalf("fake did not redirect to the loopback listener: %q", back)
	}
	i := strings.Index(back, "state=")
	go browse(t, back[:i]+"state=forged"+strings.TrimLeft(back[i+len("state="):], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_%"))
	if _, err := f.Wait(context.Background()); !errors.Is(err, ErrStateMismatch) {
		t.Fatalf("want ErrStateMismatch, got %v", err)
	}
}

func TestE2ERotationCrashRecoversInGraceAndExpiries(t *testing.T) {
	fake, cfg := startFake(t)
	store := &failingStore{MemoryStore: NewMemoryStore()}
	g := loginFake(t, cfg)
	s, err := Save(cfg, store, g, g.Tenants[0])
	if err != nil {
		t.Fatal(err)
	}
	fake.Clock().Advance(31 * time.Minute)
	store.fail = true // the process dies between Xero's answer and the keychain write
	if _, err := s.Token(context.Background()); err == nil {
		t.Fatal("token handed out without being stored")
	}
	store.fail = false
	fake.Clock().Advance(5 * time.Minute)
	s2, err := OpenSession(cfg, store) // restart
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s2.Token(context.Background()); err != nil {
		t.Fatalf("the fake refused the replaced token inside its grace period: %v", err)
	}

	// 61 days without use: Xero has dropped the refresh token.
	fake.Clock().Advance(61 * 24 * time.Hour)
	_, err = s2.Token(context.Background())
	if !errors.Is(err, ErrNeedsReconnect) || !strings.Contains(err.Error(), "60 days unused") {
		t.Fatalf("after 61 idle days: %v", err)
	}
	if st := s2.Status(); st.State != NeedsReconnect {
		t.Errorf("status %v", st.State)
	}
}

func TestE2ERevokedInXeroNeedsReconnect(t *testing.T) {
	fake, cfg := startFake(t)
	g := loginFake(t, cfg)
	s, err := Save(cfg, NewMemoryStore(), g, g.Tenants[0])
	if err != nil {
		t.Fatal(err)
	}
	fake.SetFaults(xpmfake.Faults{RevokeAll: true})
	fake.Clock().Advance(31 * time.Minute)
	_, err = s.Token(context.Background())
	if !errors.Is(err, ErrNeedsReconnect) {
		t.Fatalf("after revocation: %v", err)
	}
	if s.Status().State != NeedsReconnect || s.Status().Why == "" {
		t.Errorf("status %+v", s.Status())
	}
}

func TestE2ETokenEndpointOutageIsTransient(t *testing.T) {
	fake, cfg := startFake(t)
	g := loginFake(t, cfg)
	s, err := Save(cfg, NewMemoryStore(), g, g.Tenants[0])
	if err != nil {
		t.Fatal(err)
	}
	fake.SetFaults(xpmfake.Faults{TokenEndpoint5xx: true})
	fake.Clock().Advance(31 * time.Minute)
	if _, err := s.Token(context.Background()); err == nil || errors.Is(err, ErrNeedsReconnect) {
		t.Fatalf("a 503 from the token endpoint: %v", err)
	}
	fake.SetFaults(xpmfake.Faults{})
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
}
