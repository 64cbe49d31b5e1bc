package app

import (
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
	t := screens.NewClientsTab(details)
	t.SetWindow(w.Win)
	w.attachHealth(svc, t, details)
	t.OnImportItems = func(id int64) { w.StartImport(svc, []int64{id}) }
	t.OnReviewItems = func(id int64) { w.OpenImportReview(svc, id) }
	return t
}
