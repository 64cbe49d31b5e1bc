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

	rec, stored, err := loadRecord(s.store, s.key)
	if err != nil {
		return err
	}
	if !stored {
		s.mu.Lock()
		rec = s.rec
		s.mu.Unlock()
	}
	remote := s.removeAtXero(ctx, rec, stored)
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

// removeAtXero deletes the tenant connection and revokes the grant, best effort: it returns
// what Xero did not confirm.
func (s *Session) removeAtXero(ctx context.Context, rec record, stored bool) []error {
	// The connection DELETE needs an access token, so it goes before the revocation.
	access, valid, remote := s.accessForDisconnect(ctx, stored)
	if valid && rec.ConnectionID != "" {
		if err := s.cfg.deleteConnection(ctx, Secret(access), rec.ConnectionID); err != nil {
			remote = append(remote, err)
		}
	}
	// Re-read: the refresh above may have rotated the token.
	s.mu.Lock()
	if s.rec.RefreshToken != "" && stored {
		rec = s.rec
	}
	s.mu.Unlock()
	if rec.RefreshToken != "" {
		if err := s.cfg.revoke(ctx, rec.RefreshToken); err != nil {
			remote = append(remote, err)
		}
	}
	return remote
}

// accessForDisconnect is a valid access token, refreshed if needed and still possible.
func (s *Session) accessForDisconnect(ctx context.Context, stored bool) (access string, valid bool, remote []error) {
	s.mu.Lock()
	access, valid = s.validLocked()
	needsReconnect := s.reconnect != nil
	s.mu.Unlock()
	if valid || needsReconnect || !stored {
		return access, valid, nil
	}
	switch tok, err := s.refreshHeld(ctx); {
	case err == nil:
		return tok, true, nil
	case errors.Is(err, ErrNeedsReconnect):
		// Xero already refuses the grant: nothing is left to remove there but the
		// best-effort revocation.
		return access, false, nil
	default:
		return access, false, []error{err}
	}
}
