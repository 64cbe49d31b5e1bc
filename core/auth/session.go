package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"xpmsync/core/model"
)

// Xero's refresh-token rules (xpm-api.md §6.5).
const (
	refreshSkew     = time.Minute         // refresh this long before the access token expires
	rotationGrace   = 30 * time.Minute    // a replaced refresh token still works this long
	refreshIdleLife = 60 * 24 * time.Hour // an unused refresh token dies after this
)

// Session hands out access tokens for the saved connection, refreshing through Xero as
// needed. It implements xpm.TokenSource. Only one refresh runs at a time, also across a
// manual sync and the scheduler sharing the Session.
type Session struct {
	cfg   Config
	store SecretStore
	key   string

	sem     chan struct{} // held while refreshing or disconnecting
	waiters atomic.Int32  // callers queued on sem (lets tests line up concurrent callers)

	mu           sync.Mutex
	rec          record
	access       Secret
	expiry       time.Time
	gen          uint64 // bumped on each new access token
	reconnect    *ReconnectError
	disconnected bool
	onChange     func(Status)
}

// OpenSession loads the saved connection from store; ErrNotConnected when none is saved.
// No network call is made until a token is asked for.
func OpenSession(cfg Config, store SecretStore) (*Session, error) {
	cfg = cfg.withDefaults()
	key := cfg.recordKey()
	rec, ok, err := loadRecord(store, key)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, ErrNotConnected
	}
	return newSession(cfg, store, rec), nil
}

func newSession(cfg Config, store SecretStore, rec record) *Session {
	// A refresh token belongs to the client that obtained it, whatever Settings say now.
	if rec.ClientID != "" {
		cfg.ClientID = rec.ClientID
	}
	return &Session{cfg: cfg, store: store, key: cfg.recordKey(), sem: make(chan struct{}, 1), rec: rec}
}

// Save stores the chosen practice of a finished login in store and returns its Session,
// with the login's access token ready to use.
func Save(cfg Config, store SecretStore, g *Grant, tenant model.Connection) (*Session, error) {
	cfg = cfg.withDefaults()
	if g == nil || g.RefreshToken == "" {
		return nil, errors.New("no finished login to save")
	}
	now := cfg.Now()
	rec := record{
		RefreshToken:   g.RefreshToken,
		LastRefresh:    now,
		ClientID:       cfg.ClientID,
		TenantID:       tenant.TenantID,
		TenantName:     tenant.TenantName,
		ConnectionID:   tenant.ID,
		Email:          g.Email,
		UserName:       g.Name,
		ConnectedSince: now,
	}
	if err := saveRecord(store, cfg.recordKey(), rec); err != nil {
		return nil, err
	}
	s := newSession(cfg, store, rec)
	s.access, s.expiry, s.gen = g.AccessToken, g.Expiry, 1
	cfg.Logger.Info("xero connection saved", "practice", tenant.TenantName, "tenant_id", tenant.TenantID, "email", g.Email)
	return s, nil
}

// TenantID is the xero-tenant-id header value for API calls.
func (s *Session) TenantID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rec.TenantID
}

// Status reports the connection as this session last saw it; it makes no network call.
func (s *Session) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.statusLocked()
}

func (s *Session) statusLocked() Status {
	switch {
	case s.disconnected:
		return Status{State: NotConnected}
	case s.reconnect != nil:
		return Status{State: NeedsReconnect, Why: s.reconnect.Why, Practice: s.rec.TenantName,
			TenantID: s.rec.TenantID, Email: s.rec.Email, Since: s.rec.ConnectedSince}
	}
	return Status{State: Connected, Practice: s.rec.TenantName, TenantID: s.rec.TenantID,
		Since: s.rec.ConnectedSince, Email: s.rec.Email, AccessValidUntil: s.expiry}
}

// String describes the session without tokens.
func (s *Session) String() string {
	st := s.Status()
	return fmt.Sprintf("auth.Session{%s tenant:%s refresh_token:%s access_token:%s}", st.Summary(), st.TenantID, redacted, redacted)
}

// Format prints String under every verb, so %+v and %#v cannot reach the fields.
func (s *Session) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(s.String())) }

// LogValue logs the session without tokens.
func (s *Session) LogValue() slog.Value {
	st := s.Status()
	return slog.GroupValue(slog.String("state", st.State.String()), slog.String("tenant_id", st.TenantID),
		slog.Time("access_valid_until", st.AccessValidUntil))
}

func (s *Session) setOnChange(fn func(Status)) {
	s.mu.Lock()
	s.onChange = fn
	s.mu.Unlock()
}

func (s *Session) changed() {
	s.mu.Lock()
	fn, st := s.onChange, s.statusLocked()
	s.mu.Unlock()
	if fn != nil {
		fn(st)
	}
}

func (s *Session) validLocked() (string, bool) {
	if s.access != "" && s.cfg.Now().Before(s.expiry.Add(-refreshSkew)) {
		return s.access.Reveal(), true
	}
	return "", false
}

// Token returns a valid access token, refreshing it when within a minute of expiry.
func (s *Session) Token(ctx context.Context) (string, error) {
	s.mu.Lock()
	tok, ok := s.validLocked()
	s.mu.Unlock()
	if ok {
		return tok, nil
	}
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer s.release()
	// Whoever held the lock before us may have refreshed already.
	s.mu.Lock()
	tok, ok = s.validLocked()
	s.mu.Unlock()
	if ok {
		return tok, nil
	}
	return s.refreshHeld(ctx)
}

// Refresh forces a new access token (after a 401 TokenExpired). Callers that hit the 401
// together share one refresh: one that finished while they waited counts. Refreshes in
// sequence are safe (each rotation is stored before use), so a later Refresh always goes
// to Xero rather than risk handing back the token that was just refused.
func (s *Session) Refresh(ctx context.Context) (string, error) {
	s.mu.Lock()
	gen0 := s.gen
	s.mu.Unlock()
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer s.release()
	s.mu.Lock()
	if s.gen != gen0 && s.access != "" {
		tok := s.access.Reveal()
		s.mu.Unlock()
		return tok, nil
	}
	s.mu.Unlock()
	return s.refreshHeld(ctx)
}

func (s *Session) acquire(ctx context.Context) error {
	s.waiters.Add(1)
	defer s.waiters.Add(-1)
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for the Xero token refresh: %w", ctx.Err())
	}
}

func (s *Session) release() { <-s.sem }

// refreshHeld refreshes with the semaphore held. The keychain is re-read first because
// another XPM Sync process (the CLI beside the app) may have rotated the token.
func (s *Session) refreshHeld(ctx context.Context) (string, error) {
	rec, err := s.recordToRefresh()
	if err != nil {
		return "", err
	}
	now := s.cfg.Now()
	used, tr, err := s.exchangeRefresh(ctx, rec, now)
	if isInvalidGrant(err) || isInvalidClient(err) {
		re := &ReconnectError{Why: reconnectReason(rec, now, err), Err: err}
		s.mu.Lock()
		s.rec, s.reconnect, s.access = rec, re, ""
		s.mu.Unlock()
		s.cfg.Logger.Warn("xero connection needs reconnecting", "why", re.Why, "err", err)
		s.changed()
		return "", re
	}
	if err != nil {
		return "", fmt.Errorf("refreshing the Xero access token (will retry): %w", err)
	}
	return s.keepRefreshed(rec, used, tr, now)
}

// recordToRefresh is the keychain's record, unless the session is disconnected or needs a
// reconnect that no other process has done meanwhile.
func (s *Session) recordToRefresh() (record, error) {
	s.mu.Lock()
	disconnected, reconnect, refused := s.disconnected, s.reconnect, s.rec.RefreshToken
	s.mu.Unlock()
	if disconnected {
		return record{}, ErrNotConnected
	}
	rec, ok, err := loadRecord(s.store, s.key)
	if err != nil {
		return record{}, err
	}
	if reconnect != nil {
		// Ask Xero again only if another process has reconnected meanwhile (the keychain
		// holds a different token); the refused one would only be refused again.
		if !ok || rec.RefreshToken == refused {
			return record{}, reconnect
		}
		s.mu.Lock()
		s.reconnect = nil
		s.mu.Unlock()
	}
	if !ok {
		s.mu.Lock()
		s.disconnected, s.access = true, ""
		s.mu.Unlock()
		s.changed()
		return record{}, ErrNotConnected
	}
	return rec, nil
}

// exchangeRefresh asks Xero for new tokens, falling back to the previous refresh token
// inside the rotation grace period.
func (s *Session) exchangeRefresh(ctx context.Context, rec record, now time.Time) (used Secret, tr tokenResult, err error) {
	used = rec.RefreshToken
	tr, err = s.cfg.refresh(ctx, used)
	if isInvalidGrant(err) && rec.PreviousRefreshToken != "" && now.Sub(rec.RotatedAt) < rotationGrace {
		// The current token may never have reached Xero's books (e.g. a lost response);
		// the previous one is still honoured inside the grace period.
		s.cfg.Logger.Warn("xero refused the refresh token; retrying with the previous one inside the grace period")
		used = rec.PreviousRefreshToken
		tr, err = s.cfg.refresh(ctx, used)
	}
	return used, tr, err
}

// keepRefreshed saves the rotated token, then hands out the new access token.
func (s *Session) keepRefreshed(rec record, used Secret, tr tokenResult, now time.Time) (string, error) {
	next := rec
	if tr.refresh != used {
		next.PreviousRefreshToken, next.RotatedAt, next.RefreshToken = used, now, tr.refresh
	}
	next.LastRefresh = now
	// Store first: a token we hand out before it is saved could be lost with the process,
	// and the one in the keychain would then be dead after the grace period.
	if err := saveRecord(s.store, s.key, next); err != nil {
		return "", fmt.Errorf("xero issued a new token but it could not be saved, so it was not used: %w", err)
	}
	s.mu.Lock()
	s.rec, s.access, s.expiry = next, tr.access, tr.expiry
	s.gen++
	s.mu.Unlock()
	s.cfg.Logger.Info("xero access token refreshed", "tenant_id", next.TenantID, "valid_until", tr.expiry)
	s.changed()
	return tr.access.Reveal(), nil
}

// reconnectReason puts Xero's invalid_grant into words. Xero does not say which rule
// fired, so the 60-day idle limit is inferred from our own last successful refresh.
func reconnectReason(rec record, now time.Time, err error) string {
	var te *TokenError
	if isInvalidClient(err) {
		return "Xero no longer recognises this app's client ID (was the app registration removed at developer.xero.com?); check the client ID in Settings"
	}
	if errors.As(err, &te) && strings.Contains(strings.ToLower(te.Description), "revok") {
		return "access was revoked in Xero"
	}
	last := rec.LastRefresh
	if last.IsZero() {
		last = rec.ConnectedSince
	}
	if !last.IsZero() && now.Sub(last) >= refreshIdleLife {
		return "the connection expired after 60 days unused"
	}
	return "Xero no longer accepts the saved connection — access was probably revoked in Xero, or the practice connected XPM Sync again elsewhere"
}
