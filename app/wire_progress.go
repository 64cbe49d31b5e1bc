package app

import "xpmsync/screens"

// buildProgress makes the Progress tab from the services.
func (w *Window) buildProgress(svc *Services) *screens.ProgressTab {
	return screens.NewProgressTab()
}
