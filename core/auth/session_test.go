package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// login runs the whole browser login against idp and returns the grant.
func login(t *testing.T, idp *fakeIdP) *Grant {
	t.Helper()
	f, err := Begin(context.Background(), idp.config())
	if err != nil {
		t.Fatal(err)
	}
	go browse(t, f.URL())
	g, err := f.Wait(context.Background())
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	return g
}

func connected(t *testing.T) (*fakeIdP, *MemoryStore, *Session, *Grant) {
	t.Helper()
	idp := newFakeIdP(t, newTestClock())
	store := NewMemoryStore()
	g := login(t, idp)
	s, err := Save(idp.config(), store, g, g.Tenants[0])
	if err != nil {
		t.Fatal(err)
	}
	return idp, store, s, g
}

func storedRecord(t *testing.T, store SecretStore, cfg Config) record {
	t.Helper()
	r, ok, err := loadRecord(store, cfg.withDefaults().recordKey())
	if err != nil || !ok {
		t.Fatalf("no stored record: ok=%v err=%v", ok, err)
	}
	return r
}

func (f *fakeIdP) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refreshCalls
}

func TestSessionUsesLoginTokenThenRefreshesNearExpiry(t *testing.T) {
	idp, store, s, g := connected(t)
	ctx := context.Background()
	tok, err := s.Token(ctx)
	if err != nil || tok != g.AccessToken.Reveal() {
		t.Fatalf("first token should be the login's: %v", err)
	}
	if idp.calls() != 0 {
		t.Fatal("refreshed although the access token was fresh")
	}
	if st := s.Status(); st.State != Connected || st.TenantID != "tenant-pm" || st.Email != "pat@smith.example" ||
		!st.AccessValidUntil.Equal(g.Expiry) || !st.Since.Equal(idp.clock.Now()) {
		t.Errorf("status after connect: %+v", st)
	}

	idp.clock.Advance(28 * time.Minute)
	if tok2, _ := s.Token(ctx); tok2 != tok || idp.calls() != 0 {
		t.Fatal("refreshed two minutes before expiry; should wait until one minute")
	}
	idp.clock.Advance(90 * time.Second) // 30 s before expiry
	tok3, err := s.Token(ctx)
	if err != nil || tok3 == tok || idp.calls() != 1 {
		t.Fatalf("want one refresh inside the last minute: tok changed=%v calls=%d err=%v", tok3 != tok, idp.calls(), err)
	}
	rec := storedRecord(t, store, idp.config())
	if rec.RefreshToken == g.RefreshToken || rec.PreviousRefreshToken != g.RefreshToken || !rec.RotatedAt.Equal(idp.clock.Now()) {
		t.Errorf("rotation not stored: current changed=%v previous=login's:%v rotatedAt=%v",
			rec.RefreshToken != g.RefreshToken, rec.PreviousRefreshToken == g.RefreshToken, rec.RotatedAt)
	}
}

func TestSessionSingleRefresherUnderConcurrentCalls(t *testing.T) {
	idp, _, s, _ := connected(t)
	idp.clock.Advance(31 * time.Minute)
	const n = 16
	var wg sync.WaitGroup
	toks := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); toks[i], errs[i] = s.Token(context.Background()) }()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if toks[i] != toks[0] {
			t.Fatal("callers got different tokens")
		}
	}
	if got := idp.calls(); got != 1 {
		t.Errorf("%d concurrent Token calls on an expired token made %d refreshes, want 1", n, got)
	}
}

func TestForcedRefreshesShareARunningRefresh(t *testing.T) {
	idp, _, s, _ := connected(t)
	// Several API calls got 401 at once and all call Refresh while the first refresh is
	// still running (the semaphore is held here to line them up).
	s.sem <- struct{}{}
	const n = 8
	var wg sync.WaitGroup
	toks := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() { defer wg.Done(); toks[i], errs[i] = s.Refresh(context.Background()) }()
	}
	for s.waiters.Load() < n {
		time.Sleep(time.Millisecond)
	}
	first, err := s.refreshHeld(context.Background())
	s.release()
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || toks[i] != first {
			t.Fatalf("caller %d: err %v, same token %v", i, errs[i], toks[i] == first)
		}
	}
	if got := idp.calls(); got != 1 {
		t.Errorf("%d refreshes, want the one already running", got)
	}
	// A later forced refresh does go to Xero: the token it has was just refused.
	if tok, err := s.Refresh(context.Background()); err != nil || tok == first || idp.calls() != 2 {
		t.Errorf("a later forced refresh: err %v, new token %v, calls %d", err, tok != first, idp.calls())
	}
}

// failingStore fails Set when armed, like a process dying between Xero's answer and the
// keychain write.
type failingStore struct {
	*MemoryStore
	mu   sync.Mutex
	fail bool
}

func (f *failingStore) Set(k, v string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return errors.New("simulated crash before the keychain write")
	}
	return f.MemoryStore.Set(k, v)
}

func TestRotationLostBeforeStoringRecoversThroughGrace(t *testing.T) {
	for _, tc := range []struct {
		name      string
		wait      time.Duration
		recovered bool
	}{
		{"restart inside 30 minutes", 10 * time.Minute, true},
		{"restart after the grace period", 45 * time.Minute, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			idp := newFakeIdP(t, newTestClock())
			store := &failingStore{MemoryStore: NewMemoryStore()}
			g := login(t, idp)
			s, err := Save(idp.config(), store, g, g.Tenants[0])
			if err != nil {
				t.Fatal(err)
			}
			idp.clock.Advance(31 * time.Minute)
			store.fail = true
			if _, err := s.Token(context.Background()); err == nil || !strings.Contains(err.Error(), "could not be saved") {
				t.Fatalf("a token that could not be stored was handed out: %v", err)
			}
			if idp.calls() != 1 {
				t.Fatalf("refresh calls %d", idp.calls())
			}
			if rec := storedRecord(t, store, idp.config()); rec.RefreshToken != g.RefreshToken {
				t.Fatal("store changed although the write failed")
			}

			// The process restarts: a new session from the keychain, which still has the
			// token Xero has already replaced.
			store.fail = false
			idp.clock.Advance(tc.wait)
			s2, err := OpenSession(idp.config(), store)
			if err != nil {
				t.Fatal(err)
			}
			tok, err := s2.Token(context.Background())
			if tc.recovered {
				if err != nil || tok == "" {
					t.Fatalf("did not recover through the grace period: %v", err)
				}
				if rec := storedRecord(t, store, idp.config()); rec.RefreshToken == g.RefreshToken {
					t.Error("the new refresh token was not stored")
				}
				return
			}
			if !errors.Is(err, ErrNeedsReconnect) || s2.Status().State != NeedsReconnect {
				t.Fatalf("after the grace period want NeedsReconnect, got %v / %v", err, s2.Status())
			}
		})
	}
}

func TestInvalidCurrentTokenRetriesPreviousInsideGrace(t *testing.T) {
	idp, store, s, _ := connected(t)
	idp.clock.Advance(31 * time.Minute)
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec := storedRecord(t, store, idp.config())
	// Xero never booked the rotation we stored (its answer was lost on the way back):
	// the stored current token is unknown there, the previous one still works.
	idp.mu.Lock()
	idp.refresh[rec.RefreshToken.Reveal()].dead = true
	idp.mu.Unlock()
	idp.clock.Advance(10 * time.Minute)
	if _, err := s.Refresh(context.Background()); err != nil {
		t.Fatalf("retry with the previous token inside the grace period failed: %v", err)
	}
	if got := storedRecord(t, store, idp.config()); got.RefreshToken == rec.RefreshToken || got.RefreshToken == rec.PreviousRefreshToken {
		t.Error("the token from the retry was not stored")
	}
	if s.Status().State != Connected {
		t.Errorf("status %v", s.Status())
	}
}

func TestExpiryAndRevocationNeedReconnect(t *testing.T) {
	t.Run("60 days unused", func(t *testing.T) {
		idp, _, s, _ := connected(t)
		idp.clock.Advance(61 * 24 * time.Hour)
		_, err := s.Token(context.Background())
		var re *ReconnectError
		if !errors.Is(err, ErrNeedsReconnect) || !errors.As(err, &re) || !strings.Contains(re.Why, "60 days unused") {
			t.Fatalf("got %v", err)
		}
		st := s.Status()
		if st.State != NeedsReconnect || !strings.Contains(st.Summary(), "Needs reconnecting: the connection expired after 60 days unused") {
			t.Errorf("status %+v / %q", st, st.Summary())
		}
		// No more calls to Xero once it has refused: the user has to reconnect.
		before := idp.calls()
		if _, err := s.Refresh(context.Background()); !errors.Is(err, ErrNeedsReconnect) || idp.calls() != before {
			t.Errorf("kept calling Xero after needing reconnect: %v", err)
		}
	})
	t.Run("revoked in Xero", func(t *testing.T) {
		idp, _, s, _ := connected(t)
		idp.clock.Advance(2 * time.Hour)
		idp.revokeAll()
		_, err := s.Token(context.Background())
		if !errors.Is(err, ErrNeedsReconnect) || !strings.Contains(err.Error(), "revoked in Xero") {
			t.Fatalf("got %v", err)
		}
		if !strings.Contains(err.Error(), "Reconnect") {
			t.Errorf("no way forward in %q", err)
		}
	})
	t.Run("outage is not a reconnect", func(t *testing.T) {
		idp, _, s, _ := connected(t)
		idp.clock.Advance(31 * time.Minute)
		idp.failRefreshes = true
		_, err := s.Token(context.Background())
		if err == nil || errors.Is(err, ErrNeedsReconnect) || s.Status().State != Connected {
			t.Fatalf("a 503 must stay a transient error: %v / %v", err, s.Status().State)
		}
		idp.failRefreshes = false
		if _, err := s.Token(context.Background()); err != nil {
			t.Fatalf("did not recover after the outage: %v", err)
		}
	})
}

func TestTwoProcessesShareTheKeychainRecord(t *testing.T) {
	idp, store, app, _ := connected(t)
	cli, err := OpenSession(idp.config(), store) // e.g. `xpmsync sync` beside the app
	if err != nil {
		t.Fatal(err)
	}
	idp.clock.Advance(31 * time.Minute)
	if _, err := app.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Much later, outside the grace period of the token the CLI loaded at start.
	idp.clock.Advance(2 * time.Hour)
	if _, err := cli.Token(context.Background()); err != nil {
		t.Fatalf("the second process used a stale refresh token: %v", err)
	}
	if _, err := app.Token(context.Background()); err != nil {
		t.Fatalf("the first process after the second rotated: %v", err)
	}
}

func TestOpenSessionWithoutConnection(t *testing.T) {
	if _, err := OpenSession(Config{ClientID: "x"}, NewMemoryStore()); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("got %v", err)
	}
}

func TestRefreshUsesTheClientIDThatObtainedTheToken(t *testing.T) {
	idp, store, _, _ := connected(t)
	cfg := idp.config()
	cfg.ClientID = "changed-in-settings-later"
	s, err := OpenSession(cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	idp.clock.Advance(31 * time.Minute)
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatalf("refresh with the stored client ID: %v", err)
	}
}

func TestUnknownClientNeedsReconnect(t *testing.T) {
	idp, store, _, _ := connected(t)
	rec := storedRecord(t, store, idp.config())
	rec.ClientID = "deleted-app"
	if err := saveRecord(store, idp.config().withDefaults().recordKey(), rec); err != nil {
		t.Fatal(err)
	}
	s, err := OpenSession(idp.config(), store)
	if err != nil {
		t.Fatal(err)
	}
	idp.clock.Advance(31 * time.Minute)
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrNeedsReconnect) || !strings.Contains(err.Error(), "client ID") {
		t.Fatalf("got %v", err)
	}
}

func TestNeedsReconnectClearsWhenAnotherProcessReconnects(t *testing.T) {
	idp, store, app, _ := connected(t)
	idp.clock.Advance(2 * time.Hour)
	idp.revokeAll()
	if _, err := app.Token(context.Background()); !errors.Is(err, ErrNeedsReconnect) {
		t.Fatal(err)
	}
	before := idp.calls()
	if _, err := app.Token(context.Background()); !errors.Is(err, ErrNeedsReconnect) || idp.calls() != before {
		t.Fatal("asked Xero again with the refused token")
	}
	// `xpmsync connect` in another process saves a new connection to the same keychain.
	g := login(t, idp)
	if _, err := Save(idp.config(), store, g, g.Tenants[0]); err != nil {
		t.Fatal(err)
	}
	idp.clock.Advance(31 * time.Minute)
	if _, err := app.Token(context.Background()); err != nil {
		t.Fatalf("the app did not pick up the new connection: %v", err)
	}
	if app.Status().State != Connected {
		t.Errorf("status %v", app.Status().State)
	}
}
