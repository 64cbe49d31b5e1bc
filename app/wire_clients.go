package app

import "xpmsync/screens"

// buildClients makes the Clients tab from the services.
func (w *Window) buildClients(svc *Services) *screens.ClientsTab {
	return screens.NewClientsTab(svc.Store)
}
