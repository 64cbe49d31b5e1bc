package app

import (
	"fyne.io/fyne/v2"

	"xpmsync/core/schedule"
)

// Notifier sends OS notifications; fyne.App is one, and tests pass Fyne's test app.
type Notifier interface {
	SendNotification(*fyne.Notification)
}

// alertBanner remembers the text of the sync alert it raised, so clearing it never hides a
// banner someone else put up since (such as "XPM needs reconnecting").
type alertBanner struct {
	shown string
}

// apply raises or clears the sync alert in w's banner and sends the notification the alert
// asks for. Call on the UI goroutine.
func (b *alertBanner) apply(w *Window, a schedule.Alert, n Notifier) {
	if !a.Active {
		if b.shown != "" && w.Banner.Visible() && w.Banner.Text.Text == b.shown {
			w.Banner.Hide()
		}
		b.shown = ""
		return
	}
	label, fn := "Details", func() { w.showTab(tabProgress) }
	if a.Action == schedule.ActionReconnect {
		label, fn = "Reconnect", func() { w.showTab(tabConnection) }
	}
	w.Banner.Show(a.Text, a.Urgent, label, fn)
	b.shown = a.Text
	if a.Notify && n != nil {
		n.SendNotification(fyne.NewNotification(a.Title, a.Text))
	}
}
