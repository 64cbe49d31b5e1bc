package keychaintest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"xpmsync/core/auth"
	"xpmsync/core/xpmfake"
)

// TestTokensSurviveRestartThroughRealKeychain connects against the fake, drops every
// in-memory object (a restart), and carries on from what the real keychain kept: the
// next process refreshes with the stored token and a rotation is written back.
func TestTokensSurviveRestartThroughRealKeychain(t *testing.T) {
	fake := xpmfake.New(xpmfake.Config{AutoApprove: true, PMModule: true})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fake.Close() })
	cfg := auth.Config{ClientID: "xpmsync-test", Ports: []int{0}, Endpoints: auth.XeroEndpoints(base),
		Now: fake.Clock().Now, Timeout: 30 * time.Second}
	store := realStore(t)

	// Process 1: connect.
	m1 := auth.NewManager(cfg, store)
	f, err := m1.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		resp, err := http.Get(f.URL()) // the browser, following the fake's auto-approve redirect
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	g, err := f.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m1.Complete(g, g.Tenants[0]); err != nil {
		t.Fatal(err)
	}

	// Process 2, an hour later: only the keychain is left.
	fake.Clock().Advance(time.Hour)
	m2 := auth.NewManager(cfg, &auth.KeyringStore{Service: store.Service})
	if st := m2.Status(); st.State != auth.Connected || st.TenantID != fake.TenantID() {
		t.Fatalf("after restart: %+v", st)
	}
	if tok, err := m2.Token(context.Background()); err != nil || tok == "" {
		t.Fatalf("refresh from the stored token: %v", err)
	}

	// Process 3, after the grace period: it must find the rotated token, not the first one.
	fake.Clock().Advance(2 * time.Hour)
	m3 := auth.NewManager(cfg, &auth.KeyringStore{Service: store.Service})
	if _, err := m3.Token(context.Background()); err != nil {
		t.Fatalf("the rotated refresh token was not kept in the keychain: %v", err)
	}
	if err := m3.Disconnect(context.Background()); err != nil {
		t.Fatalf("disconnect: %v", err)
	}
	if _, err := auth.OpenSession(cfg, &auth.KeyringStore{Service: store.Service}); !errors.Is(err, auth.ErrNotConnected) {
		t.Fatalf("keychain still holds the connection: %v", err)
	}
}
