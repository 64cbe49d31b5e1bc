package app

import (
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"xpmsync/assets"
	"xpmsync/core/paths"
)

// shortcutsText lists the keyboard shortcuts, as Help shows them.
const shortcutsText = `Ctrl+1 … Ctrl+5    switch to Connection, Sync Settings, Clients, Staff Linking, Integration Progress
Ctrl+F             search clients
↑ ↓                move in the clients list
Enter              open the chosen client
(On a Mac, use Cmd instead of Ctrl.)`

// addMenu gives the window its menus: File (Quit), View (the tabs and their shortcuts) and Help.
func (w *Window) addMenu(svc *Services) {
	quit := fyne.NewMenuItem("Quit", func() { quitApp(w.App) })
	quit.IsQuit = true
	about := fyne.NewMenuItem("About XPM Sync", func() { w.showAbout(svc) })
	keys := fyne.NewMenuItem("Keyboard shortcuts", w.showShortcuts)
	start := fyne.NewMenuItem("Getting started", w.showGettingStarted)
	w.Win.SetMainMenu(fyne.NewMainMenu(fyne.NewMenu("File", quit), w.viewMenu(), fyne.NewMenu("Help", start, keys, about)))
}

// showAbout says which version runs and where its data and logs are, with a way to open the logs.
func (w *Window) showAbout(svc *Services) {
	meta := w.App.Metadata()
	logDir, err := paths.LogDir()
	if err != nil {
		logDir = "unavailable: " + err.Error()
	}
	form := widget.NewForm(
		widget.NewFormItem("Version", widget.NewLabel(fmt.Sprintf("%s (build %d)", orDev(meta.Version), meta.Build))),
		widget.NewFormItem("Database", selectable(filepath.Join(svc.Opts.DataDir, "xpmsync.db"))),
		widget.NewFormItem("Logs", selectable(logDir)),
	)
	open := widget.NewButton("Open log folder", func() {
		if err := w.App.OpenURL(&url.URL{Scheme: "file", Path: filepath.ToSlash(logDir)}); err != nil {
			// The system's reason (a missing file manager) goes to the log; the user gets the path.
			slog.Warn("the system did not open the log folder", "dir", logDir, "err", err)
			dialog.ShowInformation("Log folder", "This computer did not open the folder. It is:\n"+logDir, w.Win)
		}
	})
	icon := widget.NewIcon(assets.Icon)
	head := container.NewHBox(container.NewGridWrap(fyne.NewSize(64, 64), icon),
		widget.NewLabelWithStyle("XPM Sync\nKeeps your clients in sync with Xero Practice Manager.", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	dialog.ShowCustom("About XPM Sync", "Close", container.NewVBox(head, form, open), w.Win)
}

func (w *Window) showShortcuts() {
	l := widget.NewLabel(shortcutsText)
	l.TextStyle.Monospace = true
	dialog.ShowCustom("Keyboard shortcuts", "Close", l, w.Win)
}

func selectable(s string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(s)
	e.Disable()
	return e
}

func orDev(v string) string {
	if v == "" {
		return "development"
	}
	return v
}
