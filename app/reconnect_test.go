package app

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/auth"
	"xpmsync/core/xpmfake"
	"xpmsync/screens"
)

// When Xero refuses the saved sign-in (revoked in Xero, or 60 days unused), the window says so at
// once in a red banner whose button leads to the Connection tab; reconnecting clears it.
func TestRevokedConnectionRaisesReconnectBanner(t *testing.T) {
	screens.Inline = true
	defer func() { screens.Inline = false }()
	a := test.NewTempApp(t)
	ctx := context.Background()
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoClients: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	w := NewWindow(a, svc)
	if err := svc.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	w.refreshConnection(svc)
	if w.Banner.Visible() {
		t.Fatalf("banner up while connected: %q", w.Banner.Text.Text)
	}

	svc.demo.SetFaults(xpmfake.Faults{RevokeAll: true, ExpireAccessTokens: true})
	if _, err := svc.API().ListStaff(ctx); err == nil {
		t.Fatal("a revoked connection still answered")
	}
	if st := svc.Auth.Status(); st.State != auth.NeedsReconnect {
		_, err := svc.API().ListStaff(ctx)
		t.Fatalf("state after revocation: %v (%v)", st.State, err)
	}
	w.refreshConnection(svc)
	if !w.Banner.Visible() || !strings.HasPrefix(w.Banner.Text.Text, "XPM needs reconnecting") || w.Banner.Action.Text != "Reconnect" {
		t.Fatalf("banner %v %q %q", w.Banner.Visible(), w.Banner.Text.Text, w.Banner.Action.Text)
	}
	test.Tap(w.Banner.Action)
	if w.shownTab() != tabConnection {
		t.Fatalf("Reconnect led to tab %d", w.shownTab())
	}

	svc.demo.SetFaults(xpmfake.Faults{})
	if err := svc.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	w.refreshConnection(svc)
	if w.Banner.Visible() {
		t.Fatalf("banner still up after reconnecting: %q", w.Banner.Text.Text)
	}
}
