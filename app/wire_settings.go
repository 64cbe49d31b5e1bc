package app

import "xpmsync/screens"

// buildSettings makes the Settings tab from the services.
func (w *Window) buildSettings(svc *Services) *screens.SyncSettingsTab {
	return screens.NewSyncSettingsTab()
}
