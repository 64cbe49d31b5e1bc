package auth

import (
	"context"
	"errors"
	"fmt"
)

// Disconnect ends the connection: it deletes the XPM connection at Xero, revokes the
// refresh token (which ends the whole grant) and removes the keychain entry. The local
// entry is removed even when Xero cannot be reached; that case returns a
// *RemoteCleanupError telling the user to finish in Xero by hand.
func (s *Session) Disconnect(ctx context.Context) error {
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()

	rec, ok, err := loadRecord(s.store, s.key)
	if err != nil {
		return err
	}
	if !ok {
		s.mu.Lock()
		rec = s.rec
		s.mu.Unlock()
	}

	var remote []error
	// The connection DELETE needs an access token, so it goes before the revocation.
	s.mu.Lock()
	access, valid := s.validLocked()
	needsReconnect := s.reconnect != nil
	s.mu.Unlock()
	if !valid && !needsReconnect && ok {
		switch tok, err := s.refreshHeld(ctx); {
		case err == nil:
			access, valid = tok, true
		case errors.Is(err, ErrNeedsReconnect):
			// Xero already refuses the grant: nothing is left to remove there but the
			// best-effort revocation below.
		default:
			remote = append(remote, err)
		}
	}
	if valid && rec.ConnectionID != "" {
		if err := s.cfg.deleteConnection(ctx, Secret(access), rec.ConnectionID); err != nil {
			remote = append(remote, err)
		}
	}
	// Re-read: the refresh above may have rotated the token.
	s.mu.Lock()
	if s.rec.RefreshToken != "" && ok {
		rec = s.rec
	}
	s.mu.Unlock()
	if rec.RefreshToken != "" {
		if err := s.cfg.revoke(ctx, rec.RefreshToken); err != nil {
			remote = append(remote, err)
		}
	}

	if err := s.store.Delete(s.key); err != nil {
		return fmt.Errorf("the Xero connection could not be removed from the keychain: %w", err)
	}
	s.mu.Lock()
	s.disconnected, s.access, s.reconnect = true, "", nil
	s.mu.Unlock()
	s.changed()
	if len(remote) > 0 {
		err := &RemoteCleanupError{Err: errors.Join(remote...)}
		s.cfg.Logger.Warn("disconnected locally; xero side not confirmed", "err", err.Err)
		return err
	}
	s.cfg.Logger.Info("xero connection removed", "tenant_id", rec.TenantID)
	return nil
}
