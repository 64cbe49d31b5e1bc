package screens

import "fyne.io/fyne/v2"

// SyncSettingsTab lets the practice choose the source of truth and what to sync.
type SyncSettingsTab struct {
	content fyne.CanvasObject
}

// NewSyncSettingsTab builds the Sync Settings tab.
func NewSyncSettingsTab() *SyncSettingsTab {
	return &SyncSettingsTab{content: comingSoon("Sync Settings",
		"Here you will choose which system is the source of truth (From XPM or To XPM), how much to sync (everything, client names only, or nothing), and resync on demand.")}
}

// Content is the tab's root object.
func (t *SyncSettingsTab) Content() fyne.CanvasObject { return t.content }
