package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	"xpmsync/core/store"
	"xpmsync/screens"
)

// Services are the engine parts the window drives, started once per process.
type Services struct {
	Opts  Options
	Store *store.Store

	mu     sync.Mutex
	status screens.ConnectionStatus
	ctx    context.Context
	cancel context.CancelFunc
}

// StartServices opens the database and prepares the engine.
func StartServices(opts Options) (*Services, error) {
	st, err := store.OpenDir(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("open the database in %s: %w", opts.DataDir, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Services{Opts: opts, Store: st, ctx: ctx, cancel: cancel}, nil
}

// Begin starts background work that reports to the window.
func (s *Services) Begin(w *Window) {
	slog.Info("services started", "data_dir", s.Opts.DataDir, "demo", s.Opts.Demo)
	w.Clients.Reload()
}

// Close stops background work and closes the database.
func (s *Services) Close() {
	s.cancel()
	s.Store.Close()
}

// Status is the connection state for the Connection tab.
func (s *Services) Status() screens.ConnectionStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.status
}

// Connect links the app to XPM.
func (s *Services) Connect(ctx context.Context) error {
	return fmt.Errorf("connecting to XPM is not available in this build yet")
}
