package screens

import (
	"context"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

func newTestStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestMain(m *testing.M) {
	Inline = true
	os.Exit(m.Run())
}

// waitFor checks cond; with Inline set, loads finish before the tap returns, so a false cond is a
// real failure, but the loop keeps tests robust should a tab start its own goroutine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func TestClientsTabSearchAsYouType(t *testing.T) {
	test.NewTempApp(t)
	st := newTestStore(t)
	ctx := context.Background()
	if _, err := st.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: "Kereama & Co", Email: "office@kereama.co.nz"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UpsertXPMClients(ctx, 1, []model.Client{
		{UUID: "u1", Name: "Bloggs Electrical Ltd", Contacts: []model.Contact{{UUID: "k1", Name: "Jo Bloggs"}}},
		{UUID: "u2", Name: "Harbour View Trust"},
	}); err != nil {
		t.Fatal(err)
	}
	tab := NewClientsTab(st)
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1000, 700))
	tab.Reload()
	waitFor(t, "all three clients", func() bool { return len(tab.Rows()) == 3 && tab.Count.Text == "3 clients" })

	test.Type(tab.Search, "jo")
	waitFor(t, "the contact's client", func() bool {
		return len(tab.Rows()) == 1 && tab.Rows()[0].Name == "Bloggs Electrical Ltd" && tab.Rows()[0].Kind == store.KindXPM
	})
	if tab.Count.Text != "1 client" {
		t.Fatalf("count = %q", tab.Count.Text)
	}

	tab.Search.SetText("")
	test.Type(tab.Search, "zzz")
	waitFor(t, "no match", func() bool { return len(tab.Rows()) == 0 })
	if tab.Count.Text != "No client matches “zzz”." {
		t.Fatalf("count = %q", tab.Count.Text)
	}

	tab.Search.SetText("kereama")
	waitFor(t, "local client", func() bool { return len(tab.Rows()) == 1 })
	tab.List.Select(0)
	waitFor(t, "detail of the chosen client", func() bool { return len(tab.Detail.Text) > 0 && tab.Detail.Text[:12] == "Kereama & Co" })
}
