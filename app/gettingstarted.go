package app

import (
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// prefGettingStarted remembers, per user, that Getting started was shown on a first start.
const prefGettingStarted = "help.getting_started_shown"

// gettingStartedText is the short tour Help → Getting started shows (Markdown).
const gettingStartedText = `XPM Sync keeps your practice's clients, contacts and staff in step with **Xero Practice Manager (XPM)**. Each tab has one job:

- **Connection** — sign in to XPM once. The sign-in is kept in this computer's keychain.
- **Sync Settings** — how syncing works (below), when it runs, and *Resync now*.
- **Clients** — every client, here and in XPM: search, add and edit, link a client to its XPM record, and settle differences field by field.
- **Staff Linking** — match your team to XPM staff, so each client's Partner and Manager follow along.
- **Integration Progress** — what every sync did, and what is waiting for you.

**The two sync settings**

- **Source of truth** — *From XPM*: XPM wins, and changes made there update XPM Sync. *To XPM*: XPM Sync wins, and changes made here are sent to XPM.
- **What to sync** — *Everything* (name, addresses, phones and contacts) or *Client name only*.

**The first sync**

It reads your XPM clients and staff; with a few thousand clients that takes under a minute. Nothing is deleted on either side, and no client is created twice: XPM clients not yet here are listed in the Clients tab to pick or link, and clients that look alike are shown to you to decide.

Open this again from **Help → Getting started**; Ctrl+1 … Ctrl+5 switch tabs.`

// showGettingStarted shows the short tour of the tabs and the sync settings.
func (w *Window) showGettingStarted() {
	text := widget.NewRichTextFromMarkdown(gettingStartedText)
	text.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(text)
	d := dialog.NewCustomWithoutButtons("Getting started", scroll, w.Win)
	done := widget.NewButton("Close", d.Hide)
	done.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{done})
	size := w.Win.Canvas().Size()
	d.Resize(fyne.NewSize(min(680, size.Width-40), min(530, size.Height-40)))
	w.gettingStarted = d
	d.Show()
	w.Win.Canvas().Focus(done) // Space closes it, as it would any focused button
	slog.Info("getting started shown")
}

// showGettingStartedOnce shows Getting started on this user's first start only.
func (w *Window) showGettingStartedOnce() {
	p := w.App.Preferences()
	if p.Bool(prefGettingStarted) {
		return
	}
	p.SetBool(prefGettingStarted, true)
	w.showGettingStarted()
}
