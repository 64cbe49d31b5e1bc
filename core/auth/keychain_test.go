package auth

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"xpmsync/core/model"
)

// keyring.MockInit swaps go-keyring's process-wide provider for good; nothing in this test
// binary uses the real keychain (that lives in the keychaintest package).
func mockKeyring(t *testing.T) {
	t.Helper()
	keyring.MockInit()
}

// capKeyring behaves like Windows Credential Manager: it refuses secrets over 2,560
// bytes, and counts what it holds so tests can see the parts.
type capKeyring struct {
	mu   sync.Mutex
	m    map[string]string
	sets int
	// failAt makes the n-th Set fail (1-based); 0 never.
	failAt int
}

func (c *capKeyring) Get(service, user string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[service+"\x00"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (c *capKeyring) Set(service, user, pw string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sets++
	if c.failAt != 0 && c.sets == c.failAt {
		return errors.New("simulated keychain failure")
	}
	if len(pw) > 2560 {
		return keyring.ErrSetDataTooBig
	}
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[service+"\x00"+user] = pw
	return nil
}

func (c *capKeyring) Delete(service, user string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := service + "\x00" + user
	if _, ok := c.m[k]; !ok {
		return keyring.ErrNotFound
	}
	delete(c.m, k)
	return nil
}

func (c *capKeyring) entries() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

func TestKeyringStoreRoundTripWithGoKeyringMock(t *testing.T) {
	mockKeyring(t)
	s := NewKeyringStore()
	if _, err := s.Get("connection"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("missing key: %v", err)
	}
	if err := s.Delete("connection"); err != nil {
		t.Fatalf("deleting a missing key: %v", err)
	}
	if err := s.Set("connection", `{"refresh_token":"abc"}`); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("connection"); err != nil || v != `{"refresh_token":"abc"}` {
		t.Fatalf("round trip: %q %v", v, err)
	}
	// It really went through go-keyring under the "XPM Sync" service.
	if v, err := keyring.Get("XPM Sync", "connection"); err != nil || v != `{"refresh_token":"abc"}` {
		t.Fatalf("not in go-keyring under XPM Sync: %q %v", v, err)
	}
	big := strings.Repeat("ü€x", 2500) // 15,000 bytes with multi-byte characters
	if err := s.Set("connection", big); err != nil {
		t.Fatal(err)
	}
	if v, err := s.Get("connection"); err != nil || v != big {
		t.Fatalf("chunked round trip: len %d err %v", len(v), err)
	}
	if err := s.Delete("connection"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get("connection"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	for i := 1; i <= 8; i++ {
		if _, err := keyring.Get("XPM Sync", chunks{gen: 1, n: 8}.key("connection", i)); !errors.Is(err, keyring.ErrNotFound) {
			t.Errorf("part %d left behind after Delete", i)
		}
	}
}

func TestKeyringStoreChunksUnderWindowsCap(t *testing.T) {
	be := &capKeyring{}
	s := &KeyringStore{Backend: be}
	big := strings.Repeat("ü€x", 2500)
	if err := s.Set("k", big); err != nil {
		t.Fatalf("a value over the Windows cap must be split, got %v", err)
	}
	if v, err := s.Get("k"); err != nil || v != big {
		t.Fatalf("round trip: %v", err)
	}
	parts := be.entries() - 1
	if parts < 8 {
		t.Errorf("15,000 bytes in %d parts: parts must be ≤ %d bytes", parts, ChunkSize)
	}
	// Shrinking the value leaves no parts behind.
	if err := s.Set("k", "short"); err != nil {
		t.Fatal(err)
	}
	if be.entries() != 1 {
		t.Errorf("%d entries after overwrite with a short value, want 1", be.entries())
	}
	// A value that merely looks like our header is stored in parts, not misread.
	if err := s.Set("k", chunkHeader+"1/1"); err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("k"); v != chunkHeader+"1/1" {
		t.Errorf("header look-alike came back as %q", v)
	}
}

func TestKeyringStoreFailedWriteKeepsOldValue(t *testing.T) {
	be := &capKeyring{}
	s := &KeyringStore{Backend: be}
	first := strings.Repeat("a", 5000)
	if err := s.Set("k", first); err != nil {
		t.Fatal(err)
	}
	be.failAt = be.sets + 2 // the second part of the next value
	if err := s.Set("k", strings.Repeat("b", 5000)); err == nil {
		t.Fatal("the failed write was not reported")
	}
	if v, err := s.Get("k"); err != nil || v != first {
		t.Fatalf("old value damaged by a failed write: len %d err %v", len(v), err)
	}
	if be.entries() != 4 { // header + 3 parts of the old value; the failed new parts cleaned up
		t.Errorf("%d entries, want 4", be.entries())
	}
}

func TestStoredConnectionFitsWindowsCap(t *testing.T) {
	// Xero refresh tokens are short opaque strings; even at 1,000 characters each, with
	// long practice and user names, the record has to survive a 2,560-byte keychain.
	idp := newFakeIdP(t, newTestClock())
	be := &capKeyring{}
	store := &KeyringStore{Backend: be}
	g := &Grant{RefreshToken: Secret(strings.Repeat("r", 1000)), AccessToken: "a", Expiry: idp.clock.Now().Add(time.Hour),
		Email: strings.Repeat("e", 200) + "@example.com", Name: strings.Repeat("N", 200)}
	s, err := Save(idp.config(), store, g, connTenant(strings.Repeat("Practice ", 40)))
	if err != nil {
		t.Fatalf("saving a large record: %v", err)
	}
	s.mu.Lock()
	s.rec.PreviousRefreshToken = Secret(strings.Repeat("p", 1000))
	rec := s.rec
	s.mu.Unlock()
	if err := saveRecord(store, idp.config().withDefaults().recordKey(), rec); err != nil {
		t.Fatalf("saving with a previous token: %v", err)
	}
	got := storedRecord(t, store, idp.config())
	if got.RefreshToken != rec.RefreshToken || got.PreviousRefreshToken != rec.PreviousRefreshToken || got.TenantName != rec.TenantName {
		t.Error("large record did not round-trip")
	}
}

func TestSessionOnMockedKeychain(t *testing.T) {
	mockKeyring(t)
	idp := newFakeIdP(t, newTestClock())
	store := NewKeyringStore()
	g := login(t, idp)
	if _, err := Save(idp.config(), store, g, g.Tenants[0]); err != nil {
		t.Fatal(err)
	}
	idp.clock.Advance(31 * time.Minute)
	s, err := OpenSession(idp.config(), store)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Token(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := s.Disconnect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(KeychainService, idp.config().withDefaults().recordKey()); !errors.Is(err, keyring.ErrNotFound) {
		t.Errorf("keychain entry left after disconnect: %v", err)
	}
}

func TestNoKeychainIsATypedErrorNotAFallback(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	s := NewKeyringStore()
	for name, err := range map[string]error{
		"get": func() error { _, err := s.Get("connection"); return err }(),
		"set": s.Set("connection", "v"),
	} {
		var kue *KeychainUnavailableError
		if !errors.Is(err, ErrNoKeychain) || !errors.As(err, &kue) {
			t.Errorf("%s: want KeychainUnavailableError, got %v", name, err)
			continue
		}
		if runtime.GOOS == "linux" && (!strings.Contains(err.Error(), "gnome-keyring") || !strings.Contains(err.Error(), "Secret Service")) {
			t.Errorf("%s: message does not say what to install: %q", name, err)
		}
	}
	// A login cannot be saved: there is nowhere safe to put it.
	idp := newFakeIdP(t, newTestClock())
	g := login(t, idp)
	if _, err := Save(idp.config(), s, g, g.Tenants[0]); !errors.Is(err, ErrNoKeychain) {
		t.Errorf("Save without a keychain: %v", err)
	}
	m := NewManager(idp.config(), s)
	if st := m.Status(); st.State != NotConnected || !strings.Contains(st.Problem, "keychain") {
		t.Errorf("status without keychain: %+v", st)
	}
}

func connTenant(name string) model.Connection {
	return model.Connection{ID: "conn-pm", TenantID: "tenant-pm", TenantType: TenantTypePracticeManager, TenantName: name}
}
