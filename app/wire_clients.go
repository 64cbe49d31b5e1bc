package app

import (
	"fyne.io/fyne/v2/container"

	"xpmsync/core/linking"
	"xpmsync/screens"
)

// buildClients makes the Clients tab from the services: list reads come from the store, XPM
// actions go through the engine (saves, links, imports, creations) or, for a field-by-field
// push the user asked for, straight to the connected XPM client.
func (w *Window) buildClients(svc *Services) *screens.ClientsTab {
	api := func() linking.API {
		if c := svc.API(); c != nil {
			return c
		}
		return nil // not connected: a nil *xpm.Client must not become a non-nil interface
	}
	details := linking.New(svc.Store, api, svc.Engine)
	t := screens.NewClientsTab(details, screens.WithRunner(svc.Opts.UIRunner))
	t.SetWindow(w.Win)
	w.attachHealth(svc, t, details)
	t.OnImportItems = func(id int64) { w.StartImport(svc, []int64{id}) }
	t.OnReviewItems = func(id int64) { w.OpenImportReview(svc, id) }
	return t
}

// loadClientsWhenShown defers the Clients tab's first read to the moment it is first shown.
// Its list, its filter choices and its link suggestions each read every client; with 50,000 of
// them that work competed with drawing the window at start, behind a tab nobody could see yet.
func (w *Window) loadClientsWhenShown() {
	prev := w.Tabs.OnSelected
	w.Tabs.OnSelected = func(ti *container.TabItem) {
		if prev != nil {
			prev(ti)
		}
		if ti.Content == w.Clients.Content() && !w.clientsShown {
			w.clientsShown = true
			w.Clients.Reload()
		}
	}
	if sel := w.Tabs.Selected(); sel != nil && sel.Content == w.Clients.Content() {
		w.clientsShown = true
		w.Clients.Reload()
	}
}

// reloadClients refreshes the Clients tab after a sync or an import, once it has been shown;
// before that its first showing reads everything fresh anyway.
func (w *Window) reloadClients() {
	if w.clientsShown {
		w.Clients.Reload()
	}
}
