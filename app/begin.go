package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/auth"
	"xpmsync/core/syncer"
	"xpmsync/core/words"
)

// Begin starts the work that reports to the window: the status line, and in demo mode the
// sign-in and first full sync.
func (s *Services) Begin(w *Window) {
	slog.Info("services started", "data_dir", s.Opts.DataDir, "demo", s.Demo())
	// Closing changes the connection too (the demo signs out); by then the window may be gone,
	// and touching it after the app stopped panics inside GLFW.
	s.Auth.OnChange(func(auth.Status) {
		if s.ctx.Err() != nil {
			return
		}
		fyne.Do(func() {
			if s.ctx.Err() == nil {
				w.refreshConnection(s)
			}
		})
	})
	w.refreshConnection(s)
	go s.watchStatus(w) // also shows the last sync at once
	go s.watchOtherSeats(w)
	go s.watchDatabase(w)
	if s.livedIn() {
		// The history runs its own engine and scheduler on simulated time; the app's start after.
		w.Status.SetProgress("Demo history…", 0, 0)
		go s.demoLivedIn(w)
		return
	}
	s.startBackground(w)
	if s.Demo() {
		go s.demoStart(w)
	}
}

// startBackground starts the scheduler and the answers to other copies' requests. Call once,
// on the UI goroutine.
func (s *Services) startBackground(w *Window) {
	s.watchSends(w)
	// The staff 24-hour rule runs on the scheduler's tick, alongside the syncs.
	w.startScheduler(s, func(ctx context.Context, now time.Time) error {
		if !s.Leader.Leader() { // the 24-hour creation is the syncing seat's, or XPM gets it twice
			return nil
		}
		_, err := s.StaffService().RunDue(ctx, now)
		return err
	}, s.serveSyncRequests)
	go s.serveInstanceRequests(w) // after the scheduler: a "sync" request goes through it
}

// demoStart connects to the demo practice and runs the first full sync with visible progress.
func (s *Services) demoStart(w *Window) {
	ctx := s.Ctx()
	if err := s.Connect(ctx); err != nil {
		slog.Error("demo connect", "err", err)
		fyne.Do(func() { w.Banner.Show("Could not open the demo practice: "+err.Error(), true, "", nil) })
		return
	}
	if _, err := s.RunSync(ctx, syncer.Full, syncer.TriggerDemo); err == nil {
		// The first thing a new user wants to see is their clients.
		fyne.Do(func() { w.showTab(tabClients) })
	}
}

// RunSync runs one sync through the scheduler: one sync at a time, shown live in the status bar and
// on the Progress tab, cancellable; the scheduler's run-end callback refreshes the tabs.
func (s *Services) RunSync(ctx context.Context, kind syncer.Kind, trigger string) (syncer.Result, error) {
	sc := s.Scheduler()
	if sc == nil {
		return syncer.Result{}, errors.New("XPM Sync is still starting; try again in a moment")
	}
	if !s.Leader.Leader() {
		msg, err := s.askLeader(ctx, kind)
		if err != nil {
			return syncer.Result{}, err
		}
		return syncer.Result{}, &AskedLeader{Message: msg}
	}
	return sc.SyncNow(ctx, kind, trigger)
}

func progressText(p syncer.Progress) string { return words.Progress(p.Step, p.Done, p.Total) }

// lastSyncText words the last finished run for the status bar. It reads the database, so call it
// off the UI goroutine and hand the text to Status.SetIdle through fyne.Do.
func (s *Services) lastSyncText(ctx context.Context) string {
	r, err := s.Store.LastRun(ctx)
	if err != nil {
		return "Not synced yet"
	}
	seat := ""
	if s.Store.Postgres() {
		seat = s.syncingSeat(ctx)
	}
	return words.Synced(r.Status, r.FinishedAt, r.Changes, seat, time.Now())
}

// refreshConnection redraws everything that shows the connection.
func (w *Window) refreshConnection(s *Services) {
	st := s.Auth.Status()
	title := "XPM Sync"
	switch st.State {
	case auth.Connected:
		title += " — " + s.practiceName(st)
		w.Status.SetConnected(s.practiceName(st), true)
	case auth.NeedsReconnect:
		w.Status.SetConnected(s.practiceName(st), false)
		// The commonest complaint about XPM integrations is a silent disconnect: say it at once.
		text := "XPM needs reconnecting — " + st.Why
		w.Banner.Show(text, true, "Reconnect", func() { w.showTab(tabConnection) })
		w.reconnectBanner = text
	default:
		w.Status.SetConnected("", false)
	}
	if st.State != auth.NeedsReconnect && w.reconnectBanner != "" {
		if w.Banner.Visible() && w.Banner.Text.Text == w.reconnectBanner {
			w.Banner.Hide()
		}
		w.reconnectBanner = ""
	}
	w.Win.SetTitle(title)
	w.Connection.Refresh()
}

// practiceName names the practice for people. Xero may give XPM tenants no name (its own
// example shows null); the demo knows its own.
func (s *Services) practiceName(st auth.Status) string {
	switch {
	case st.Practice != "":
		return st.Practice
	case s.demo != nil:
		return s.demo.PracticeName() + " (demo)"
	}
	return "your practice"
}
