// Package app wires the engine (core) to the window (screens): it owns the Fyne app, the
// window and its tabs (named by tabID), the status bar, alert banner and tray, and Services —
// the store, the sign-in, the engine and the services each tab talks to, with the one
// importer and scheduler of the practice. Each tab is built in its own wire_*.go file; the
// compile-time checks that a core service satisfies a tab's interfaces are in interfaces_check.go.
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

	reconnectBanner string                      // the reconnect text this window raised, so only it is cleared
	clientsShown    bool                        // the Clients tab has been shown, so it has read its list
	gettingStarted  dialog.Dialog               // Help → Getting started, once shown
	content         fyne.CanvasObject           // everything inside the window, built before it is attached
	tabContent      [tabCount]fyne.CanvasObject // each tab's content, in its tab once first shown
}

// Run opens the window and blocks until the user quits.
func Run(opts Options) error {
	startProf.begin()
	startupMark("run")
	a := fyneapp.NewWithID(ID)
	a.Settings().SetTheme(newAppTheme())
	startupMark("fyne_app")
	svc, err := StartServices(opts)
	startupMark("services")
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
	w := openWindow(a, svc)
	startupMark("window_built")
	svc.Begin(w)
	startupMark("begun")
	a.Lifecycle().SetOnStarted(func() {
		slog.Info("window shown")
		startupMark("started")
		w.showGettingStartedOnce() // once the window has its size, so the tour fits it
		trimAfterStart()
	})
	a.Lifecycle().SetOnStopped(w.rememberSize)
	a.Run()
	svc.cancel() // the window is gone: background work stops handing it updates before Close
	return nil
}

// NewWindow builds the window around the services (tests call it with a test app).
func NewWindow(a fyne.App, svc *Services) *Window {
	return newWindowOn(a, a.NewWindow("XPM Sync"), svc)
}

// newWindowOn fills win with the tabs (a window that waited for the practice database gets
// them once it opens, without closing and reopening).
func newWindowOn(a fyne.App, win fyne.Window, svc *Services) *Window {
	w := buildWindow(a, win, svc)
	w.attach(svc)
	return w
}

// buildWindow makes the tabs, the status bar and the banner, and measures them, without touching
// the window itself, so it may run on any goroutine before attach.
func buildWindow(a fyne.App, win fyne.Window, svc *Services) *Window {
	w := &Window{App: a, Win: win}
	// Each tab is built in its own wire_*.go file, so the tab's owner changes one file only.
	w.Connection = w.buildConnection(svc)
	startupMark("b_conn")
	w.Settings = w.buildSettings(svc)
	startupMark("b_settings")
	w.Clients = w.buildClients(svc)
	startupMark("b_clients")
	w.Staff = w.buildStaff(svc)
	startupMark("b_staff")
	w.Progress = w.buildProgress(svc)
	startupMark("b_progress")
	w.tabContent = [tabCount]fyne.CanvasObject{
		tabConnection: w.Connection.Content(),
		tabSettings:   w.Settings.Content(),
		tabClients:    w.Clients.Content(),
		tabStaff:      w.Staff.Content(),
		tabProgress:   w.Progress.Content(),
	}
	w.Tabs = newLazyTabs(w.tabContent)
	w.Status = NewStatusBar()
	w.Banner = NewBanner()
	w.content = withStartupProbe(container.NewBorder(w.Banner.Content(), w.Status.Content(), nil, nil, w.Tabs))
	// Measuring makes the shown tab's renderers and loads the fonts: the bulk of the work.
	startupMark("b_content")
	w.content.MinSize()
	return w
}

// attach puts the built parts into the window. Call on the UI goroutine.
func (w *Window) attach(svc *Services) {
	w.Win.SetContent(w.content)
	// A support reader of the log can follow what the user looked at.
	w.Tabs.OnSelected = func(ti *container.TabItem) {
		w.fillTab(ti)
		slog.Info("tab shown", "tab", ti.Text)
	}
	w.loadClientsWhenShown()
	w.restoreSize()
	w.addMenu(svc)
	slog.Info("window ready")
}

// openWindow shows the main window and fills it. The tabs are built and measured on another
// goroutine while this one creates the window and its OpenGL context (a third of the start-up's
// processor time, in the graphics driver), so on two or more cores the two overlap rather than
// add up; the first frame is drawn with the tabs in it. Call on the main goroutine.
func openWindow(a fyne.App, svc *Services) *Window {
	win := a.NewWindow("XPM Sync")
	a.SetIcon(assets.Icon)
	win.SetIcon(assets.Icon)
	built := make(chan *Window, 1)
	go func() {
		w := buildWindow(a, win, svc)
		startupMark("tabs_built")
		built <- w
	}()
	// The remembered size first, so the window opens at it rather than growing into it.
	(&Window{App: a, Win: win}).restoreSize()
	win.Show()
	startupMark("window_created")
	w := <-built
	w.attach(svc)
	// Showing it again paints the tabs at once, rather than at the event loop's first tick after
	// whatever the tabs' first reads queued for it.
	win.Show()
	return w
}
