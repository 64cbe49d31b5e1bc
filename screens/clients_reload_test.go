package screens

import (
	"context"
	"testing"

	"xpmsync/core/model"
)

// An import (or a sync) changes a client behind the tab's back; the app then calls Reload,
// which must refresh the chosen client's views even when its list row is not chosen (opened
// from another tab, or the search no longer lists it).
func TestReloadRefreshesTheShownClient(t *testing.T) {
	r := newClientsRig(t, false)
	id := r.localClient(t, model.Client{Name: "Tui Bakery"}, "")
	r.tab.Reload()
	r.tab.OpenClient(id)
	waitFor(t, "client shown", func() bool { return r.tab.Detail.Title.Text == "Tui Bakery" })
	r.tab.List.UnselectAll()
	r.tab.selected = -1

	ctx := context.Background()
	lc, err := r.Store.Client(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	lc.Client.Contacts = append(lc.Client.Contacts, model.Contact{Name: "Aroha Smith", Email: "aroha@tui.nz"})
	lc.Client.Name = "Tui Bakery Ltd"
	if err := r.Store.UpdateClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	r.tab.Reload()
	waitFor(t, "shown client refreshed", func() bool {
		cur := r.tab.Detail.Current()
		return r.tab.Detail.Title.Text == "Tui Bakery Ltd" && cur.Local != nil && len(cur.Local.Client.Contacts) == 1
	})
}
