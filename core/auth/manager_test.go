package auth

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

type brokenStore struct{ err error }

func (b brokenStore) Get(string) (string, error) { return "", b.err }
func (b brokenStore) Set(string, string) error   { return b.err }
func (b brokenStore) Delete(string) error        { return b.err }

func TestManagerLifecycle(t *testing.T) {
	idp := newFakeIdP(t, newTestClock())
	store := NewMemoryStore()
	m := NewManager(idp.config(), store)
	var mu sync.Mutex
	var seen []State
	m.OnChange(func(st Status) { mu.Lock(); seen = append(seen, st.State); mu.Unlock() })

	if st := m.Status(); st.State != NotConnected || st.Summary() != "Not connected" {
		t.Fatalf("fresh: %+v", st)
	}
	if _, err := m.Token(context.Background()); !errors.Is(err, ErrNotConnected) {
		t.Fatalf("Token before connecting: %v", err)
	}
	f, err := m.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if m.Status().State != Waiting {
		t.Fatalf("during login: %v", m.Status().State)
	}
	go browse(t, f.URL())
	g, err := f.Wait(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Complete(g, g.Tenants[0]); err != nil {
		t.Fatal(err)
	}
	st := m.Status()
	if st.State != Connected || !strings.HasPrefix(st.Summary(), "Connected to Xero Practice Manager since 2 Mar 2026 as pat@smith.example") {
		t.Fatalf("connected: %q", st.Summary())
	}
	if tok, err := m.Token(context.Background()); err != nil || tok == "" || m.TenantID() != "tenant-pm" {
		t.Fatalf("token through manager: %v tenant %q", err, m.TenantID())
	}

	// A new process finds the connection in the keychain.
	m2 := NewManager(idp.config(), store)
	if m2.Status().State != Connected {
		t.Fatalf("restart: %v", m2.Status())
	}
	if err := m2.Disconnect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if m2.Status().State != NotConnected || store.Len() != 0 {
		t.Fatalf("after disconnect: %v, %d entries", m2.Status().State, store.Len())
	}
	time.Sleep(50 * time.Millisecond) // notifications run on their own goroutines
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 3 || seen[0] != Waiting {
		t.Errorf("change notifications: %v", seen)
	}
}

func TestManagerShowsMissingKeychain(t *testing.T) {
	m := NewManager(Config{ClientID: "x"}, brokenStore{err: &KeychainUnavailableError{Err: errors.New("no dbus")}})
	st := m.Status()
	if st.State != NotConnected || !strings.Contains(st.Problem, "gnome-keyring") {
		t.Fatalf("missing keychain not explained: %+v", st)
	}
	if _, err := m.Session(); !errors.Is(err, ErrNoKeychain) {
		t.Errorf("Session: %v", err)
	}
}
