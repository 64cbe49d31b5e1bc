package syncer

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpm"
)

// memAPI is an in-memory XPM for unit tests: it keeps a modified time per client (for
// modifiedsince), shares contacts between clients by UUID, and can fail on demand.
type memAPI struct {
	mu       sync.Mutex
	now      func() time.Time
	clients  map[string]model.Client
	modified map[string]time.Time
	staff    []model.Staff
	seq      int
	calls    []string
	failNext map[string]error // op → error returned once
	// addUnknown makes the next AddClient store the client but answer ErrOutcomeUnknown
	// (the crash-after-send case).
	addUnknown bool
	lastList   xpm.ListOptions
	// failListAfter makes the next list break off after this many clients (0 = never).
	failListAfter int
}

func newMemAPI(now func() time.Time) *memAPI {
	return &memAPI{now: now, clients: map[string]model.Client{}, modified: map[string]time.Time{}, failNext: map[string]error{}}
}

func (m *memAPI) fail(op string) error {
	m.calls = append(m.calls, op)
	if err, ok := m.failNext[op]; ok {
		delete(m.failNext, op)
		return err
	}
	return nil
}

// put stores a client as XPM would after an edit.
func (m *memAPI) put(c model.Client) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if c.UUID == "" {
		m.seq++
		c.UUID = fmt.Sprintf("c-%04d", m.seq)
	}
	c.Contacts = slices.Clone(c.Contacts)
	for i := range c.Contacts {
		if c.Contacts[i].UUID == "" {
			m.seq++
			c.Contacts[i].UUID = fmt.Sprintf("k-%04d", m.seq)
		}
	}
	m.clients[c.UUID] = c
	m.modified[c.UUID] = m.now()
}

func (m *memAPI) edit(uuid string, fn func(*model.Client)) {
	m.mu.Lock()
	c := m.clients[uuid]
	m.mu.Unlock()
	fn(&c)
	m.put(c)
}

func (m *memAPI) get(uuid string) model.Client {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.clients[uuid]
}

func (m *memAPI) callCount(op string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.calls {
		if c == op {
			n++
		}
	}
	return n
}

func (m *memAPI) ListClients(ctx context.Context, opt xpm.ListOptions, fn func(model.Client) error) error {
	m.mu.Lock()
	if err := m.fail("list"); err != nil {
		m.mu.Unlock()
		return err
	}
	m.lastList = opt
	breakAfter := m.failListAfter
	m.failListAfter = 0
	var out []model.Client
	for _, u := range slices.Sorted(maps.Keys(m.clients)) {
		if opt.ModifiedSince.IsZero() || !m.modified[u].Before(opt.ModifiedSince) {
			out = append(out, m.clients[u])
		}
	}
	m.mu.Unlock()
	for i, c := range out {
		if breakAfter > 0 && i == breakAfter {
			return fmt.Errorf("GET client.api/list: %w", xpm.ErrTruncated)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

func (m *memAPI) ListStaff(ctx context.Context) ([]model.Staff, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail("staff"); err != nil {
		return nil, err
	}
	return slices.Clone(m.staff), nil
}

func (m *memAPI) GetClient(ctx context.Context, uuid string) (model.Client, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail("get"); err != nil {
		return model.Client{}, err
	}
	c, ok := m.clients[uuid]
	if !ok {
		return c, xpm.ErrNotFound
	}
	return c, nil
}

func (m *memAPI) SearchClients(ctx context.Context, q string, detailed bool) ([]model.Client, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail("search"); err != nil {
		return nil, err
	}
	var out []model.Client
	for _, u := range slices.Sorted(maps.Keys(m.clients)) {
		if strings.Contains(strings.ToLower(m.clients[u].Name), strings.ToLower(q)) {
			out = append(out, m.clients[u])
		}
	}
	return out, nil
}

func (m *memAPI) AddClient(ctx context.Context, c model.Client) (model.Client, error) {
	m.mu.Lock()
	if err := m.fail("add"); err != nil {
		m.mu.Unlock()
		return model.Client{}, err
	}
	unknown := m.addUnknown
	m.addUnknown = false
	m.seq++
	c.UUID = fmt.Sprintf("c-%04d", m.seq)
	for i := range c.Contacts {
		m.seq++
		c.Contacts[i].UUID = fmt.Sprintf("k-%04d", m.seq)
	}
	m.mu.Unlock()
	m.put(c)
	if unknown {
		return model.Client{}, fmt.Errorf("POST client.api/add: %w", xpm.ErrOutcomeUnknown)
	}
	return c, nil
}

func (m *memAPI) UpdateClient(ctx context.Context, uuid, name string, set map[string]string) (model.Client, error) {
	m.mu.Lock()
	if err := m.fail("update"); err != nil {
		m.mu.Unlock()
		return model.Client{}, err
	}
	c, ok := m.clients[uuid]
	staff := slices.Clone(m.staff)
	m.mu.Unlock()
	if !ok {
		return c, &xpm.APIError{Method: "PUT client.api/update", Description: "Client not found", HTTPStatus: 200}
	}
	c.Name = name
	for _, f := range model.ClientFields {
		v, ok := set[f.Write]
		if !ok {
			continue
		}
		if f.Class == model.ClassStaffRole {
			ref := model.Ref{UUID: v}
			for _, s := range staff {
				if s.UUID == v {
					ref.Name = s.Name
				}
			}
			if f.Key == "JobManager" {
				c.JobManager = ref
			} else {
				c.AccountManager = ref
			}
			continue
		}
		f.Set(&c, v)
	}
	m.put(c)
	return c, nil
}

func (m *memAPI) UpdateContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.fail("contact"); err != nil {
		return model.Contact{}, err
	}
	found := false
	for u, c := range m.clients {
		for i := range c.Contacts {
			if c.Contacts[i].UUID == ct.UUID {
				pos, prim := c.Contacts[i].Position, c.Contacts[i].IsPrimary
				c.Contacts[i] = ct
				c.Contacts[i].Position, c.Contacts[i].IsPrimary = pos, prim
				found = true
			}
		}
		m.clients[u] = c
	}
	if !found {
		return model.Contact{}, errors.New("contact not found")
	}
	return ct, nil
}
