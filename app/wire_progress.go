package app

import (
	"xpmsync/core/activity"
	"xpmsync/screens"
)

// buildProgress makes the Integration Progress tab from the services.
func (w *Window) buildProgress(svc *Services) *screens.ProgressTab {
	t := screens.NewProgressTab(activity.New(svc.Store))
	t.Window = w.Win
	return t
}
