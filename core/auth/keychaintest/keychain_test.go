package keychaintest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"xpmsync/core/auth"
	"xpmsync/core/model"
)

// realStore returns a KeyringStore on the real keychain under a service name of its own,
// so a test run never touches a developer's real "XPM Sync" entries, and removes what the
// test left behind.
func realStore(t *testing.T, keys ...string) *auth.KeyringStore {
	t.Helper()
	required := os.Getenv("XPMSYNC_KEYCHAIN_TESTS") == "1"
	if runtime.GOOS == "linux" && os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if required {
			t.Fatal("XPMSYNC_KEYCHAIN_TESTS=1 but there is no D-Bus session (run under dbus-run-session)")
		}
		t.Skip("no D-Bus session: run under dbus-run-session with gnome-keyring (see package doc)")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	s := &auth.KeyringStore{Service: "XPM Sync test " + hex.EncodeToString(b)}
	probe := "probe"
	if err := s.Set(probe, "x"); err != nil {
		if required || !errors.Is(err, auth.ErrNoKeychain) {
			t.Fatalf("keychain not usable: %v", err)
		}
		t.Skipf("no usable keychain: %v", err)
	}
	_ = s.Delete(probe)
	t.Cleanup(func() {
		for _, k := range keys {
			_ = s.Delete(k)
		}
		_ = keyring.DeleteAll(s.Service)
	})
	return s
}

func TestRealKeychainRoundTripAndChunks(t *testing.T) {
	s := realStore(t, "small", "big")
	if _, err := s.Get("small"); !errors.Is(err, auth.ErrSecretNotFound) {
		t.Fatalf("missing key: %v", err)
	}
	if err := s.Set("small", "v1"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("small", "v2"); err != nil { // replaces, not duplicates
		t.Fatal(err)
	}
	if v, err := s.Get("small"); err != nil || v != "v2" {
		t.Fatalf("got %q %v", v, err)
	}
	big := strings.Repeat("ü€x0123456789", 800) // ~12 KB
	if err := s.Set("big", big); err != nil {
		t.Fatal(err)
	}
	fresh := &auth.KeyringStore{Service: s.Service} // as a new process would
	if v, err := fresh.Get("big"); err != nil || v != big {
		t.Fatalf("chunked value: len %d err %v", len(v), err)
	}
	if err := s.Delete("big"); err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Get("big"); !errors.Is(err, auth.ErrSecretNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := s.Delete("big"); err != nil {
		t.Fatalf("second delete: %v", err)
	}
}

func TestConnectionSurvivesRestartInRealKeychain(t *testing.T) {
	cfg := auth.Config{ClientID: "test-client", Endpoints: auth.XeroEndpoints("http://127.0.0.1:1")}
	s := realStore(t, "connection@127.0.0.1:1")
	g := &auth.Grant{RefreshToken: "refresh-secret-1", AccessToken: "access-secret-1",
		Expiry: time.Now().Add(30 * time.Minute), Email: "pat@smith.example"}
	tenant := model.Connection{ID: "conn-pm", TenantID: "tenant-pm", TenantType: "PRACTICEMANAGER", TenantName: "Smith & Co"}
	if _, err := auth.Save(cfg, s, g, tenant); err != nil {
		t.Fatal(err)
	}
	// A new process: nothing in memory, only the keychain.
	m := auth.NewManager(cfg, &auth.KeyringStore{Service: s.Service})
	st := m.Status()
	if st.State != auth.Connected || st.Practice != "Smith & Co" || st.Email != "pat@smith.example" || m.TenantID() != "tenant-pm" {
		t.Fatalf("after restart: %+v", st)
	}
	// The access token was memory-only: the new process has none yet.
	if !st.AccessValidUntil.IsZero() {
		t.Error("an access token survived the restart; it must live in memory only")
	}
	// Nothing listens at 127.0.0.1:1: Xero unreachable, yet the local entry must go.
	var rce *auth.RemoteCleanupError
	if err := m.Disconnect(context.Background()); !errors.As(err, &rce) {
		t.Errorf("disconnect with Xero unreachable: %v", err)
	}
	if _, err := s.Get("connection@127.0.0.1:1"); !errors.Is(err, auth.ErrSecretNotFound) {
		t.Errorf("keychain entry left after disconnect: %v", err)
	}
}
