package app

import "xpmsync/screens"

// buildConnection makes the Connection tab from the services.
func (w *Window) buildConnection(svc *Services) *screens.ConnectionTab {
	return screens.NewConnectionTab(svc)
}
