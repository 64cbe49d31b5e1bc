package screens

import "fyne.io/fyne/v2"

// ProgressTab shows what every sync did over the past 72 hours.
type ProgressTab struct {
	content fyne.CanvasObject
}

// NewProgressTab builds the Integration Progress tab.
func NewProgressTab() *ProgressTab {
	return &ProgressTab{content: comingSoon("Integration Progress",
		"Here you will see every sync and every change it made over the past 72 hours, with filters, a chart of results per hour and a CSV export.")}
}

// Content is the tab's root object.
func (t *ProgressTab) Content() fyne.CanvasObject { return t.content }
