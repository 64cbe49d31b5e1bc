package auth

import (
	"context"
	"errors"
	"sync"

	"xpmsync/core/model"
)

// Manager is the app's single entry point to the connection: it knows whether a login is
// open, loads the saved connection once, and forwards tokens for the API client (it
// implements xpm.TokenSource, following reconnects without the client being rebuilt).
type Manager struct {
	cfg   Config
	store SecretStore

	mu        sync.Mutex
	sess      *Session
	loaded    bool
	loadErr   error
	flow      *Flow
	listeners []func(Status)
}

// NewManager prepares a Manager; nothing is read until Status or Session is called.
func NewManager(cfg Config, store SecretStore) *Manager {
	return &Manager{cfg: cfg.withDefaults(), store: store}
}

// OnChange registers fn to receive every status change (from any goroutine).
func (m *Manager) OnChange(fn func(Status)) {
	m.mu.Lock()
	m.listeners = append(m.listeners, fn)
	m.mu.Unlock()
}

func (m *Manager) notify() {
	st := m.Status()
	m.mu.Lock()
	ls := append([]func(Status){}, m.listeners...)
	m.mu.Unlock()
	for _, fn := range ls {
		fn(st)
	}
}

// loadLocked reads the keychain once it answers; until then its error is the reason shown.
func (m *Manager) loadLocked() {
	if m.loaded {
		return
	}
	s, err := OpenSession(m.cfg, m.store)
	switch {
	case err == nil:
		m.setSessionLocked(s)
	case errors.Is(err, ErrNotConnected):
	default:
		m.loadErr = err
		return // try again next time: the user may have started the keychain meanwhile
	}
	m.loaded = true
}

func (m *Manager) setSessionLocked(s *Session) {
	m.sess, m.loadErr = s, nil
	s.setOnChange(func(Status) { go m.notify() })
}

// Status is the state to show. It makes no network call.
func (m *Manager) Status() Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.flow != nil {
		return Status{State: Waiting}
	}
	m.loadLocked()
	if m.sess != nil {
		return m.sess.Status()
	}
	st := Status{State: NotConnected}
	if m.loadErr != nil {
		st.Problem = m.loadErr.Error()
	}
	return st
}

// Session returns the saved connection's session, ErrNotConnected, or the keychain error.
func (m *Manager) Session() (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.loadLocked()
	if m.sess != nil {
		return m.sess, nil
	}
	if m.loadErr != nil {
		return nil, m.loadErr
	}
	return nil, ErrNotConnected
}

// Token implements xpm.TokenSource through the current session.
func (m *Manager) Token(ctx context.Context) (string, error) {
	s, err := m.Session()
	if err != nil {
		return "", err
	}
	return s.Token(ctx)
}

// Refresh implements xpm.TokenSource through the current session.
func (m *Manager) Refresh(ctx context.Context) (string, error) {
	s, err := m.Session()
	if err != nil {
		return "", err
	}
	return s.Refresh(ctx)
}

// TenantID is the saved practice's tenant ID, "" when not connected.
func (m *Manager) TenantID() string {
	s, err := m.Session()
	if err != nil {
		return ""
	}
	return s.TenantID()
}

// Begin starts a login (closing any earlier one); the status is Waiting until the flow
// ends. Open the browser with Flow.Open, wait with Flow.Wait, then call Complete.
func (m *Manager) Begin(ctx context.Context) (*Flow, error) {
	m.mu.Lock()
	old := m.flow
	m.flow = nil
	m.mu.Unlock()
	if old != nil {
		old.Close()
	}
	f, err := Begin(ctx, m.cfg)
	if err != nil {
		return nil, err
	}
	f.onClose = func() {
		m.mu.Lock()
		if m.flow == f {
			m.flow = nil
		}
		m.mu.Unlock()
		go m.notify()
	}
	m.mu.Lock()
	m.flow = f
	m.mu.Unlock()
	m.notify()
	return f, nil
}

// Complete saves the practice chosen from a finished login (one of g.Tenants) and makes
// it the current connection, replacing any earlier one in the keychain.
func (m *Manager) Complete(g *Grant, tenant model.Connection) (*Session, error) {
	s, err := Save(m.cfg, m.store, g, tenant)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.setSessionLocked(s)
	m.loaded = true
	m.mu.Unlock()
	m.notify()
	return s, nil
}

// Disconnect ends the current connection (see Session.Disconnect). Without a saved
// connection it only makes sure the keychain holds nothing.
func (m *Manager) Disconnect(ctx context.Context) error {
	s, err := m.Session()
	if errors.Is(err, ErrNotConnected) {
		return m.store.Delete(m.cfg.recordKey())
	}
	if err != nil {
		return err
	}
	err = s.Disconnect(ctx)
	var rce *RemoteCleanupError
	if err == nil || errors.As(err, &rce) {
		m.mu.Lock()
		if m.sess == s {
			m.sess = nil
		}
		m.mu.Unlock()
		m.notify()
	}
	return err
}
