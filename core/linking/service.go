// Package linking is what the Clients tab does with XPM beyond syncing: link and unlink a
// local client to its XPM record, suggest links without making them, show and settle field
// differences in both directions at once (Connectworks' sync screen, seed 003), refresh one
// client, create a client in XPM only after a duplicate check, and import an XPM-only client.
package linking

import (
	"context"
	"time"

	"xpmsync/core/auth"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
)

// API is what linking needs from XPM; *xpm.Client satisfies it.
type API interface {
	SearchClients(ctx context.Context, query string, detailed bool) ([]model.Client, error)
	GetClient(ctx context.Context, uuid string) (model.Client, error)
	UpdateClient(ctx context.Context, uuid, name string, set map[string]string) (model.Client, error)
}

var _ API = (*xpm.Client)(nil)

// Engine is what linking needs from the sync engine (*syncer.Engine): local saves, links,
// imports and creations go through it, so pushes use its outbox and events are recorded once.
type Engine interface {
	SaveLocalClient(ctx context.Context, lc *store.LocalClient) error
	SaveLocalClientReport(ctx context.Context, lc *store.LocalClient) (syncer.SaveReport, error)
	LinkClient(ctx context.Context, clientID int64, xpmUUID string) error
	ImportClient(ctx context.Context, xpmUUID string) (int64, error)
	CreateInXPM(ctx context.Context, clientID int64) error
	QueueFieldPush(ctx context.Context, clientID int64, set, seen map[string]string) (int64, error)
	SendNow(ctx context.Context, id int64) (waiting bool, err error)
	ClearConflict(ctx context.Context, clientID int64) error
}

// Service does the Clients tab's XPM work for one store.
type Service struct {
	st     *store.Store
	api    func() API // nil result = not connected
	engine Engine
}

// New makes a Service. api returns the current XPM client, or nil when not connected.
func New(st *store.Store, api func() API, engine Engine) *Service {
	return &Service{st: st, api: api, engine: engine}
}

// Store is the service's database.
func (s *Service) Store() *store.Store { return s.st }

func (s *Service) client() (API, error) {
	if s.api == nil {
		return nil, auth.ErrNotConnected
	}
	a := s.api()
	if a == nil {
		return nil, auth.ErrNotConnected
	}
	return a, nil
}

// Online reports whether an XPM connection exists (it may still fail to answer).
func (s *Service) Online() bool {
	_, err := s.client()
	return err == nil
}

func (s *Service) now() time.Time { return s.st.Now() }
