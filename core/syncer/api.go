package syncer

import (
	"context"
	"sync/atomic"

	"xpmsync/core/model"
	"xpmsync/core/xpm"
)

// API is what the engine needs from XPM; *xpm.Client satisfies it, and tests use an
// in-memory double.
type API interface {
	ListClients(ctx context.Context, opt xpm.ListOptions, fn func(model.Client) error) error
	ListStaff(ctx context.Context) ([]model.Staff, error)
	GetClient(ctx context.Context, uuid string) (model.Client, error)
	SearchClients(ctx context.Context, query string, detailed bool) ([]model.Client, error)
	AddClient(ctx context.Context, c model.Client) (model.Client, error)
	UpdateClient(ctx context.Context, uuid, name string, set map[string]string) (model.Client, error)
	UpdateContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error)
}

var _ API = (*xpm.Client)(nil)

// counted wraps an API and counts the calls the engine makes (one list = one call).
type counted struct {
	api API
	n   atomic.Int64
}

func (c *counted) ListClients(ctx context.Context, opt xpm.ListOptions, fn func(model.Client) error) error {
	c.n.Add(1)
	return c.api.ListClients(ctx, opt, fn)
}

func (c *counted) ListStaff(ctx context.Context) ([]model.Staff, error) {
	c.n.Add(1)
	return c.api.ListStaff(ctx)
}

func (c *counted) GetClient(ctx context.Context, uuid string) (model.Client, error) {
	c.n.Add(1)
	return c.api.GetClient(ctx, uuid)
}

func (c *counted) SearchClients(ctx context.Context, q string, detailed bool) ([]model.Client, error) {
	c.n.Add(1)
	return c.api.SearchClients(ctx, q, detailed)
}

func (c *counted) AddClient(ctx context.Context, cl model.Client) (model.Client, error) {
	c.n.Add(1)
	return c.api.AddClient(ctx, cl)
}

func (c *counted) UpdateClient(ctx context.Context, uuid, name string, set map[string]string) (model.Client, error) {
	c.n.Add(1)
	return c.api.UpdateClient(ctx, uuid, name, set)
}

func (c *counted) UpdateContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	c.n.Add(1)
	return c.api.UpdateContact(ctx, clientUUID, ct)
}
