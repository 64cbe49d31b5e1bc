package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDisconnectRemovesEverywhere(t *testing.T) {
	idp, store, s, _ := connected(t)
	idp.clock.Advance(40 * time.Minute) // access token expired: Disconnect must refresh to DELETE
	if err := s.Disconnect(context.Background()); err != nil {
		t.Fatalf("Disconnect: %v", err)
	}
	idp.mu.Lock()
	deleted, revoked := idp.deleted, idp.revoked
	idp.mu.Unlock()
	if len(deleted) != 1 || deleted[0] != "conn-pm" {
		t.Errorf("DELETE /connections/{id}: %v", deleted)
	}
	if len(revoked) != 1 {
		t.Fatalf("revocations: %d", len(revoked))
	}
	if store.Len() != 0 {
		t.Errorf("keychain still holds %d entries", store.Len())
	}
	if st := s.Status(); st.State != NotConnected {
		t.Errorf("status after disconnect: %v", st.State)
	}
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrNotConnected) {
		t.Errorf("Token after disconnect: %v", err)
	}
	// The revoked token must be the latest one: the refresh token Disconnect rotated to.
	idp.mu.Lock()
	rt := idp.refresh[revoked[0]]
	idp.mu.Unlock()
	if rt == nil || !rt.replacedAt.IsZero() {
		t.Error("revoked a replaced refresh token instead of the current one")
	}
}

func TestDisconnectOfflineStillRemovesLocalEntries(t *testing.T) {
	idp, store, s, _ := connected(t)
	idp.srv.Close() // Xero unreachable
	err := s.Disconnect(context.Background())
	var rce *RemoteCleanupError
	if !errors.As(err, &rce) {
		t.Fatalf("want RemoteCleanupError, got %v", err)
	}
	if !strings.Contains(err.Error(), "by hand") || !strings.Contains(err.Error(), "Connected apps") {
		t.Errorf("message gives no way forward: %q", err)
	}
	if store.Len() != 0 {
		t.Error("local entries kept because Xero was unreachable")
	}
	if s.Status().State != NotConnected {
		t.Error("still shown as connected")
	}
}

func TestDisconnectAfterNeedsReconnect(t *testing.T) {
	idp, store, s, _ := connected(t)
	idp.clock.Advance(61 * 24 * time.Hour)
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrNeedsReconnect) {
		t.Fatal(err)
	}
	if err := s.Disconnect(context.Background()); err != nil {
		t.Fatalf("disconnecting a dead connection should be clean: %v", err)
	}
	if store.Len() != 0 {
		t.Error("keychain not emptied")
	}
}

func TestDisconnectOfAnUnnoticedRevocationIsClean(t *testing.T) {
	idp, store, s, _ := connected(t)
	idp.clock.Advance(40 * time.Minute)
	idp.revokeAll() // revoked in Xero; this process has not asked since
	if err := s.Disconnect(context.Background()); err != nil {
		t.Fatalf("nothing is left at Xero, so no by-hand advice is due: %v", err)
	}
	if store.Len() != 0 {
		t.Error("keychain not emptied")
	}
}
