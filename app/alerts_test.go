package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/schedule"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
)

// failingSync fails while fail is set.
type failingSync struct {
	mu   sync.Mutex
	fail error
	n    int
}

func (f *failingSync) Sync(context.Context, syncer.Kind, string, func(syncer.Progress)) (syncer.Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	return syncer.Result{}, f.fail
}

func (f *failingSync) set(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

func (f *failingSync) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// bareWindow is a Window with only what alerts and the tray touch.
func bareWindow(t *testing.T) (*Window, fyne.App) {
	t.Helper()
	a := test.NewTempApp(t)
	w := &Window{App: a, Win: a.NewWindow("XPM Sync"), Banner: NewBanner()}
	var contents [tabCount]fyne.CanvasObject
	for id := range contents {
		contents[id] = widget.NewLabel(tabID(id).title())
	}
	w.Tabs = newTabs(contents)
	w.Win.SetContent(container.NewBorder(w.Banner.Content(), nil, nil, nil, w.Tabs))
	return w, a
}

func schedTestStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// runScheduler starts a scheduler on a fake clock and returns a function that runs it forward.
func runScheduler(t *testing.T, cfg schedule.Config) (*schedule.Scheduler, func(time.Duration)) {
	t.Helper()
	clock := schedule.NewFakeClock(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC))
	cfg.Clock, cfg.Logger = clock, slog.New(slog.DiscardHandler)
	s := schedule.New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	t.Cleanup(func() { cancel(); s.Wait() })
	advance := func(d time.Duration) {
		t.Helper()
		end := clock.Now().Add(d)
		for clock.Now().Before(end) {
			if _, ok := clock.Step(end); !ok {
				t.Fatal("scheduler stuck")
			}
		}
		if _, ok := clock.WaitForTimer(); !ok {
			t.Fatal("scheduler never went idle")
		}
	}
	advance(0)
	return s, advance
}

func TestThreeFailuresNotifyAndRaiseTheBannerAndOneSuccessClearsIt(t *testing.T) {
	w, _ := bareWindow(t)
	st := schedTestStore(t)
	st.SetSetting(context.Background(), schedule.KeyNightly, "")
	l := &syncLoop{w: w}
	fs := &failingSync{fail: fmt.Errorf("fetch clients: %w", xpm.ErrUnavailable)}
	_, advance := runScheduler(t, schedule.Config{Syncer: fs, Settings: st, OnAlert: l.onAlert})

	advance(3 * time.Minute) // two failures: no alert yet
	if fs.count() != 2 || w.Banner.Visible() {
		t.Fatalf("after %d failures the banner is up=%v", fs.count(), w.Banner.Visible())
	}
	want := "Last 3 syncs failed: XPM did not answer properly. This is usually brief on Xero's side; nothing was lost. XPM Sync keeps trying by itself."
	test.AssertNotificationSent(t, &fyne.Notification{Title: "XPM Sync: the last 3 syncs failed", Content: want}, func() {
		advance(4 * time.Minute)
	})
	if !w.Banner.Visible() || w.Banner.Text.Text != want || w.Banner.Action.Text != "Details" {
		t.Fatalf("banner visible=%v text=%q button=%q", w.Banner.Visible(), w.Banner.Text.Text, w.Banner.Action.Text)
	}
	test.Tap(w.Banner.Action)
	if w.shownTab() != tabProgress {
		t.Fatalf("Details opened tab %d", w.shownTab())
	}
	// A fourth failure updates the banner without a second notification.
	test.AssertNotificationSent(t, nil, func() { advance(8 * time.Minute) })
	if w.Banner.Text.Text[:20] != "Last 4 syncs failed:" {
		t.Fatalf("banner = %q", w.Banner.Text.Text)
	}

	fs.set(nil)
	advance(time.Hour)
	if w.Banner.Visible() {
		t.Fatal("a success did not clear the banner")
	}
}

func TestClearingLeavesSomeoneElsesBannerUp(t *testing.T) {
	w, a := bareWindow(t)
	var b alertBanner
	b.apply(w, schedule.Alert{Active: true, Urgent: true, Text: "Last 3 syncs failed: x.", Action: schedule.ActionReconnect}, a)
	if w.Banner.Action.Text != "Reconnect" {
		t.Fatalf("button = %q", w.Banner.Action.Text)
	}
	test.Tap(w.Banner.Action)
	if w.shownTab() != tabConnection {
		t.Fatalf("Reconnect opened tab %d", w.shownTab())
	}
	w.Banner.Show("XPM needs reconnecting — the connection expired.", true, "Reconnect", func() {})
	b.apply(w, schedule.Alert{}, a)
	if !w.Banner.Visible() {
		t.Fatal("clearing the sync alert hid another banner")
	}
}

func TestNotificationsOffStillRaisesTheBanner(t *testing.T) {
	w, _ := bareWindow(t)
	st := schedTestStore(t)
	ctx := context.Background()
	st.SetSetting(ctx, schedule.KeyNightly, "")
	st.SetSetting(ctx, schedule.KeyNotify, "0")
	l := &syncLoop{w: w}
	fs := &failingSync{fail: fmt.Errorf("list: %w", xpm.ErrUnauthorized)}
	_, advance := runScheduler(t, schedule.Config{Syncer: fs, Settings: st, OnAlert: l.onAlert})
	test.AssertNotificationSent(t, nil, func() { advance(10 * time.Minute) })
	if !w.Banner.Visible() || w.Banner.Action.Text != "Reconnect" {
		t.Fatalf("banner visible=%v button=%q", w.Banner.Visible(), w.Banner.Action.Text)
	}
}
