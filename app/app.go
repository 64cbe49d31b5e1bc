// Package app wires the engine (core) to the window (screens): it owns the Fyne app, the
// window, the status bar and alert banner, and the background services.
package app

import (
	"fmt"
	"log/slog"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"xpmsync/assets"
	"xpmsync/core/instance"
	"xpmsync/screens"
)

// ID is the app's identifier (FyneApp.toml), which preferences and notifications need.
const ID = "com.xpmsync.app"

// Window is the main window and its parts.
type Window struct {
	App        fyne.App
	Win        fyne.Window
	Tabs       *container.AppTabs
	Connection *screens.ConnectionTab
	Settings   *screens.SyncSettingsTab
	Clients    *screens.ClientsTab
	Staff      *screens.StaffTab
	Progress   *screens.ProgressTab
	Status     *StatusBar
	Banner     *Banner

	reconnectBanner string        // the reconnect text this window raised, so only it is cleared
	clientsShown    bool          // the Clients tab has been shown, so it has read its list
	gettingStarted  dialog.Dialog // Help → Getting started, once shown
}

// Run opens the window and blocks until the user quits.
func Run(opts Options) error {
	a := fyneapp.NewWithID(ID)
	svc, err := StartServices(opts)
	if ar, ok := AlreadyRunning(err); ok {
		return alreadyRunningMessage(ar, instance.CmdShow)
	}
	if de, ok := AsDatabaseError(err); ok {
		// The shared database is down or its address is wrong: open a window that says so and
		// keeps trying, rather than a message on a console nobody sees.
		return runWaiting(a, opts, de)
	}
	if err != nil {
		return fmt.Errorf("start XPM Sync: %w", err)
	}
	defer svc.Close()
	go quitOnSignals(svc.Ctx(), a)
	w := NewWindow(a, svc)
	a.Settings().SetTheme(newAppTheme())
	a.SetIcon(assets.Icon)
	w.Win.SetIcon(assets.Icon)
	svc.Begin(w)
	a.Lifecycle().SetOnStarted(func() {
		slog.Info("window shown")
		w.showGettingStartedOnce() // once the window has its size, so the tour fits it
		trimAfterStart()
	})
	a.Lifecycle().SetOnStopped(w.rememberSize)
	w.Win.ShowAndRun()
	return nil
}

// NewWindow builds the window around the services (tests call it with a test app).
func NewWindow(a fyne.App, svc *Services) *Window {
	return newWindowOn(a, a.NewWindow("XPM Sync"), svc)
}

// newWindowOn fills win with the tabs (a window that waited for the practice database gets
// them once it opens, without closing and reopening).
func newWindowOn(a fyne.App, win fyne.Window, svc *Services) *Window {
	w := &Window{App: a, Win: win}
	// Each tab is built in its own wire_*.go file, so the tab's owner changes one file only.
	w.Connection = w.buildConnection(svc)
	w.Settings = w.buildSettings(svc)
	w.Clients = w.buildClients(svc)
	w.Staff = w.buildStaff(svc)
	w.Progress = w.buildProgress(svc)
	w.Tabs = newTabs([tabCount]fyne.CanvasObject{
		tabConnection: w.Connection.Content(),
		tabSettings:   w.Settings.Content(),
		tabClients:    w.Clients.Content(),
		tabStaff:      w.Staff.Content(),
		tabProgress:   w.Progress.Content(),
	})
	w.Status = NewStatusBar()
	w.Banner = NewBanner()
	w.Win.SetContent(withStartupProbe(container.NewBorder(w.Banner.Content(), w.Status.Content(), nil, nil, w.Tabs)))
	// A support reader of the log can follow what the user looked at.
	w.Tabs.OnSelected = func(ti *container.TabItem) { slog.Info("tab shown", "tab", ti.Text) }
	w.loadClientsWhenShown()
	w.restoreSize()
	w.addMenu(svc)
	slog.Info("window ready")
	return w
}
