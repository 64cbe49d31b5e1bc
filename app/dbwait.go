package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"xpmsync/assets"
	"xpmsync/core/retry"
	"xpmsync/core/store"
	"xpmsync/screens"
)

// How long a seat waits between tries to reach the practice database (doubling up to the
// ceiling); tests shorten them.
var (
	dbRetryBase    = 2 * time.Second
	dbRetryCeiling = time.Minute
)

// WaitWindow is the window of a seat whose shared practice database could not be opened: the
// banner says why and what to check, Connection → Advanced lets the user change or clear the
// address, and the database is tried again with back-off. Once it opens, the same window
// becomes the full one. Nothing is ever written to a private SQLite file meanwhile: work done
// there would be invisible to the other seats.
type WaitWindow struct {
	App        fyne.App
	Win        fyne.Window
	Banner     *Banner
	Status     *StatusBar
	Tabs       *container.AppTabs
	Connection *screens.ConnectionTab

	opts Options
	kick chan struct{}
	// do runs UI work on the UI goroutine (fyne.Do; tests run it on theirs).
	do func(func())
	// begin starts the loaded window's background work (tests leave it out: its goroutines
	// draw through the test driver's fyne.Do, which runs on theirs and races the test).
	begin func(*Window, *Services)

	mu     sync.Mutex
	loaded *Window
	svc    *Services
}

// runWaiting shows the waiting window until the user quits, loading the app once the database
// opens.
func runWaiting(a fyne.App, opts Options, first *DatabaseError) error {
	a.Settings().SetTheme(newAppTheme())
	a.SetIcon(assets.Icon)
	ww := NewWaitWindow(a, opts, first)
	ww.Win.SetIcon(assets.Icon)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go quitOnSignals(ctx, a)
	go ww.Retry(ctx, first)
	ww.Win.ShowAndRun()
	cancel()
	if svc := ww.Services(); svc != nil {
		svc.Close()
	}
	return nil
}

// NewWaitWindow builds the waiting window for the error the first try met.
func NewWaitWindow(a fyne.App, opts Options, first *DatabaseError) *WaitWindow {
	ww := &WaitWindow{App: a, Win: a.NewWindow("XPM Sync"), opts: opts, kick: make(chan struct{}, 1), do: fyne.Do, begin: beginLoaded}
	ww.Banner = NewBanner()
	ww.Status = NewStatusBar()
	ww.Status.SetIdle("Waiting for the practice database…")
	ww.Connection = screens.NewConnectionTab(waitingConnection{ww}, ww.Win)
	ww.Connection.Advanced.Open(0)  // the one thing the user may need to change
	ww.Connection.Connect.Disable() // the XPM connection is kept in the database it waits for
	placeholder := func(what string) fyne.CanvasObject {
		l := widget.NewLabelWithStyle(what+" appear here once the practice database can be reached.", fyne.TextAlignCenter, fyne.TextStyle{})
		l.Wrapping = fyne.TextWrapWord
		return container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 80), l))
	}
	ww.Tabs = newTabs([tabCount]fyne.CanvasObject{
		tabConnection: ww.Connection.Content(),
		tabSettings:   placeholder("The sync settings"),
		tabClients:    placeholder("The practice's clients"),
		tabStaff:      placeholder("Staff and their links"),
		tabProgress:   placeholder("The sync history and review queue"),
	})
	ww.Win.SetContent(container.NewBorder(ww.Banner.Content(), ww.Status.Content(), nil, nil, ww.Tabs))
	ww.Win.Resize(fyne.NewSize(1200, 800))
	ww.showProblem(first, 0)
	return ww
}

func (ww *WaitWindow) options() Options {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	return ww.opts
}

// useDatabase makes the next tries use dbURL (with its password), whatever --database said:
// the user chose it in this window.
func (ww *WaitWindow) useDatabase(dbURL string) {
	ww.mu.Lock()
	ww.opts.Database = dbURL
	ww.mu.Unlock()
	ww.TryNow()
}

// Loaded is the full window once the database opened (nil until then).
func (ww *WaitWindow) Loaded() *Window {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	return ww.loaded
}

// Services are the app's services once the database opened (nil until then).
func (ww *WaitWindow) Services() *Services {
	ww.mu.Lock()
	defer ww.mu.Unlock()
	return ww.svc
}

// TryNow asks for a try at once (the banner's button, or a changed address).
func (ww *WaitWindow) TryNow() {
	select {
	case ww.kick <- struct{}{}:
	default:
	}
}

// Retry tries to open the database until it opens or ctx ends: with back-off while the server
// cannot be reached, and only when asked (TryNow) when the answer was a refusal that trying
// again cannot change (a wrong password, a database of another program).
func (ww *WaitWindow) Retry(ctx context.Context, first *DatabaseError) {
	last := first
	for try := 1; ; try++ {
		wait := retry.Delay(dbRetryBase, dbRetryCeiling, try)
		var timer <-chan time.Time
		if last != nil && last.Unreachable() {
			timer = time.After(wait)
		}
		select {
		case <-ctx.Done():
			return
		case <-ww.kick:
			try = 0
		case <-timer:
		}
		ww.do(func() { ww.Status.SetIdle("Trying to reach the practice database…") })
		svc, err := StartServices(ww.options())
		if err == nil {
			ww.do(func() { ww.load(svc) })
			return
		}
		de := ww.problem(err)
		last = de
		next := retry.Delay(dbRetryBase, dbRetryCeiling, try+1)
		ww.do(func() { ww.showProblem(de, next) })
	}
}

// problem turns a failed start into what the banner shows.
func (ww *WaitWindow) problem(err error) *DatabaseError {
	if de, ok := AsDatabaseError(err); ok {
		return de
	}
	slog.Error("start XPM Sync once the database opened", "err", err)
	if _, ok := AlreadyRunning(err); ok {
		return &DatabaseError{Plain: "XPM Sync is already open on this computer: use that window, and close this one.", Err: err}
	}
	return &DatabaseError{Plain: fmt.Sprintf("XPM Sync could not start: %v", err), Err: err}
}

// showProblem words the banner and status bar for the last try's error; next is when the next
// automatic try comes (0 = none: only a changed address or Try now brings one).
func (ww *WaitWindow) showProblem(de *DatabaseError, next time.Duration) {
	text := de.Plain
	status := "Waiting for a new address under Connection → Advanced"
	if de.Unreachable() {
		if next == 0 {
			next = dbRetryBase
		}
		text += fmt.Sprintf(" XPM Sync tries again on its own (next in %s) and opens as soon as it answers; nothing is kept on this computer meanwhile. To use another address, or this computer's own file, change it under Connection → Advanced.", waitWords(next))
		status = "Waiting for the practice database…"
	}
	ww.Banner.Show(text, true, "Try now", ww.TryNow)
	ww.Status.SetIdle(status)
	slog.Warn("practice database not open", "err", de.Err, "next_try", next)
}

func waitWords(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
}

// load turns the waiting window into the full one. Call on the UI goroutine.
func (ww *WaitWindow) load(svc *Services) {
	slog.Info("practice database opened; loading the window")
	w := newWindowOn(ww.App, ww.Win, svc)
	ww.mu.Lock()
	ww.loaded, ww.svc = w, svc
	ww.mu.Unlock()
	ww.begin(w, svc)
}

func beginLoaded(w *Window, svc *Services) {
	svc.Begin(w)
	w.App.Lifecycle().SetOnStopped(w.rememberSize)
	w.showGettingStartedOnce()
}

// Unreachable reports whether the server did not answer (worth trying again on its own), as
// opposed to answering no.
func (e *DatabaseError) Unreachable() bool { return errors.Is(e.Err, store.ErrUnreachable) }
