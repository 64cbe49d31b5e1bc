package importer_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"testing"

	"xpmsync/core/importer"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/xpm"
)

// memAPI is XPM as a map of detailed clients.
type memAPI struct {
	mu      sync.Mutex
	clients map[string]model.Client
	fail    map[string]error
	calls   int
}

func (m *memAPI) GetClient(_ context.Context, uuid string) (model.Client, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if err := m.fail[uuid]; err != nil {
		return model.Client{}, err
	}
	c, ok := m.clients[uuid]
	if !ok {
		return model.Client{}, fmt.Errorf("GET client.api/get/%s: %w", uuid, xpm.ErrNotFound)
	}
	return c, nil
}

func (m *memAPI) edit(uuid string, fn func(*model.Client)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := m.clients[uuid]
	fn(&c)
	m.clients[uuid] = c
}

type fixture struct {
	st     *store.Store
	api    *memAPI
	im     *importer.Importer
	events []store.Event // fed live
	client int64         // Smith Holdings, linked to co-1
}

// smithHoldings is a company with a director who is also a shareholder, a secretary and two contacts.
func smithHoldings() model.Client {
	return model.Client{UUID: "co-1", Name: "Smith Holdings Ltd", Email: "admin@smith.test", Phone: "09 555 0101",
		Address: "1 Queen St", City: "Auckland", PostCode: "1010", Country: "New Zealand",
		Relationships: []model.Relationship{
			{UUID: "r-dir", Type: "Director", RelatedClient: model.Ref{UUID: "p-jane", Name: "Jane Smith"}},
			{UUID: "r-sh", Type: "Shareholder", RelatedClient: model.Ref{UUID: "p-jane", Name: "Jane Smith"}, NumberOfShares: "100", StartDate: "2015-07-01"},
			{UUID: "r-sec", Type: "Secretary", RelatedClient: model.Ref{UUID: "p-tom", Name: "Tom Smith"}},
		},
		Contacts: []model.Contact{
			{UUID: "ct-jane", Name: "Jane Smith", Email: "jane@smith.test", Position: "Director", IsPrimary: true},
			{UUID: "ct-ana", Name: "Ana Roa", Email: "ana@smith.test", Mobile: "+64211234567"},
		}}
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	st := storetest.Open(t)
	f := &fixture{st: st, api: &memAPI{clients: map[string]model.Client{"co-1": smithHoldings()}}}
	f.im = importer.New(st, func() importer.API { return f.api }, importer.Options{
		Logger: slog.New(slog.DiscardHandler),
		Events: func(e store.Event) { f.events = append(f.events, e) },
	})
	f.client = f.addClient(t, model.Client{Name: "Smith Holdings (old name)", Phone: "09 000 0000"}, "co-1")
	return f
}

func (f *fixture) addClient(t *testing.T, c model.Client, xpmUUID string) int64 {
	t.Helper()
	id, err := f.st.InsertClient(context.Background(), &store.LocalClient{Client: c, XPMUUID: xpmUUID, LinkHow: "manual"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) run(t *testing.T, ids ...int64) importer.Summary {
	t.Helper()
	sum, err := f.im.Run(context.Background(), ids, nil)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func (f *fixture) pending(t *testing.T) map[string]store.ImportItem {
	t.Helper()
	items, err := f.im.Pending(context.Background(), f.client)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.ImportItem{}
	for _, it := range items {
		out[it.XPMUUID] = it
	}
	return out
}

func (f *fixture) addLocalRel(t *testing.T, r store.LocalRelationship) int64 {
	t.Helper()
	r.ClientID = f.client
	var id int64
	err := f.st.WithTx(context.Background(), func(tx *sql.Tx) error {
		var err error
		id, err = f.st.InsertRelationshipTx(context.Background(), tx, r)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (f *fixture) rels(t *testing.T) []store.LocalRelationship {
	t.Helper()
	rs, err := f.st.ClientRelationships(context.Background(), f.client)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func (f *fixture) kinds() map[model.EventKind]int {
	out := map[model.EventKind]int{}
	for _, e := range f.events {
		out[e.Kind]++
	}
	return out
}

func keys(m map[string]store.ImportItem) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
