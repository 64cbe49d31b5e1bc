package app

import (
	"context"

	"xpmsync/core/auth"
	"xpmsync/core/model"
	"xpmsync/core/xpm"
)

// liveAPI hands the engine whichever XPM client the current connection has, so the engine
// outlives reconnects and practice changes.
type liveAPI struct{ s *Services }

func (l liveAPI) client() (*xpm.Client, error) {
	if c := l.s.API(); c != nil {
		return c, nil
	}
	return nil, auth.ErrNotConnected
}

func (l liveAPI) ListClients(ctx context.Context, opt xpm.ListOptions, fn func(model.Client) error) error {
	c, err := l.client()
	if err != nil {
		return err
	}
	return c.ListClients(ctx, opt, fn)
}

func (l liveAPI) ListStaff(ctx context.Context) ([]model.Staff, error) {
	c, err := l.client()
	if err != nil {
		return nil, err
	}
	return c.ListStaff(ctx)
}

func (l liveAPI) GetClient(ctx context.Context, uuid string) (model.Client, error) {
	c, err := l.client()
	if err != nil {
		return model.Client{}, err
	}
	return c.GetClient(ctx, uuid)
}

func (l liveAPI) SearchClients(ctx context.Context, query string, detailed bool) ([]model.Client, error) {
	c, err := l.client()
	if err != nil {
		return nil, err
	}
	return c.SearchClients(ctx, query, detailed)
}

func (l liveAPI) AddClient(ctx context.Context, m model.Client) (model.Client, error) {
	c, err := l.client()
	if err != nil {
		return model.Client{}, err
	}
	return c.AddClient(ctx, m)
}

func (l liveAPI) UpdateClient(ctx context.Context, uuid, name string, set map[string]string) (model.Client, error) {
	c, err := l.client()
	if err != nil {
		return model.Client{}, err
	}
	return c.UpdateClient(ctx, uuid, name, set)
}

func (l liveAPI) UpdateContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	c, err := l.client()
	if err != nil {
		return model.Contact{}, err
	}
	return c.UpdateContact(ctx, clientUUID, ct)
}
