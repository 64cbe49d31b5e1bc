package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"xpmsync/core/activity"
	"xpmsync/core/auth"
	"xpmsync/core/problem"
	"xpmsync/core/schedule"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/words"
	"xpmsync/screens"
)

// buildProgress makes the Integration Progress tab from the services.
func (w *Window) buildProgress(svc *Services) *screens.ProgressTab {
	t := screens.NewProgressTab(activity.New(svc.Store), screens.WithRunner(svc.Opts.UIRunner))
	t.Window = w.Win
	t.OnReview = func() { w.OpenImportReview(svc, 0) }
	t.OnFlagged = w.onFlaggedClients
	t.OnOpenClient = func(id int64) {
		w.showTab(tabClients)
		w.Clients.OpenClient(id)
	}
	return t
}

// onFlaggedClients shows the clients flagged for review (the Clients tab's review filter, once
// the Clients tab offers ShowReview).
func (w *Window) onFlaggedClients() {
	w.showTab(tabClients)
	if f, ok := any(w.Clients).(interface{ ShowReview() }); ok {
		f.ShowReview()
	}
}

// syncLoop ties the scheduler to one window: live progress, alerts, tray.
type syncLoop struct {
	w     *Window
	svc   *Services
	sched *schedule.Scheduler
	tray  *tray
	alert alertBanner

	progressMu     sync.Mutex
	progress       syncer.Progress
	progressQueued bool
	lastReload     time.Time
	lastSummary    string
}

// Scheduler is the running scheduler, or nil before startScheduler.
func (s *Services) Scheduler() *schedule.Scheduler {
	if l := s.loop.Load(); l != nil {
		return l.sched
	}
	return nil
}

// waitScheduler blocks until the scheduler has stopped after Ctx was cancelled, so a sync
// that was running has recorded how it ended before the store closes.
func (s *Services) waitScheduler() {
	if sc := s.Scheduler(); sc != nil {
		select {
		case <-sc.Done():
		case <-time.After(30 * time.Second):
			slog.Warn("the sync did not stop within 30 seconds; closing anyway")
		}
	}
}

// startScheduler starts automatic syncing with svc.Engine until svc.Ctx() is cancelled, wires
// its news to the Progress tab, status bar, banner, notifications and tray, and returns it.
// jobs are periodic work to run each minute (the staff 24-hour rule, for one). Call once, from
// Services.Begin on the UI goroutine.
func (w *Window) startScheduler(svc *Services, jobs ...schedule.Job) *schedule.Scheduler {
	l := &syncLoop{w: w, svc: svc}
	log := activity.New(svc.Store)
	var last time.Time
	if r, err := svc.Store.LastRun(svc.Ctx()); err == nil {
		last = r.StartedAt
		l.lastSummary = lastRunText(r)
	}
	l.sched = schedule.New(schedule.Config{
		Syncer:     svc.Engine,
		Settings:   svc.Store,
		Ready:      l.ready,
		DayLeft:    l.dayLeft,
		LastSync:   last,
		Jobs:       append([]schedule.Job{log.PruneJob}, jobs...),
		Record:     svc.Store.AddEvent,
		OnRunStart: l.onRunStart,
		OnProgress: l.onProgress,
		OnRunEnd:   l.onRunEnd,
		OnAlert:    l.onAlert,
		OnState:    l.onState,
	})
	svc.loop.Store(l)
	// Connecting or disconnecting changes what the scheduler may do: let it look again now.
	svc.Auth.OnChange(func(auth.Status) { l.sched.Reload() })
	w.Progress.OnCancel = l.sched.CancelRun
	l.tray = w.setupTray(l.sched)
	// Syncs started outside the scheduler (the demo's first one) still show when the tab opens.
	prev := w.Tabs.OnSelected
	w.Tabs.OnSelected = func(ti *container.TabItem) {
		if prev != nil {
			prev(ti)
		}
		if ti.Content == w.Progress.Content() {
			w.Progress.Reload()
		}
	}
	w.Progress.Reload()
	l.sched.Start(svc.Ctx())
	startProbe(svc, l.sched)
	return l.sched
}

func (l *syncLoop) ready() error {
	if !l.svc.Leader.Leader() {
		return errOtherSeat
	}
	if l.svc.API() == nil {
		return auth.ErrNotConnected
	}
	return nil
}

// dayLeft is Xero's last word on today's calls, or -1 when unknown. Xero's day is a rolling
// 24 hours and the figure only moves when a call is made, so an hour-old figure counts as
// unknown: otherwise a low one would hold automatic syncs for ever.
func (l *syncLoop) dayLeft() int {
	api := l.svc.API()
	if api == nil {
		return -1
	}
	a := api.Allowance()
	if a.DayRemaining < 0 || time.Since(a.At) > schedule.LowBudgetWait {
		return -1
	}
	return a.DayRemaining
}

func (l *syncLoop) onRunStart(r schedule.Run) {
	title := runTitle(r)
	fyne.Do(func() {
		l.w.Progress.SyncStarted(title)
		l.w.Status.SetProgress("Starting sync…", 0, 0)
	})
}

// onProgress passes only the latest progress to the UI goroutine, however fast the engine
// reports, so a 15,000-client sync never floods the UI queue.
func (l *syncLoop) onProgress(_ schedule.Run, p syncer.Progress) {
	l.progressMu.Lock()
	l.progress = p
	if l.progressQueued {
		l.progressMu.Unlock()
		return
	}
	l.progressQueued = true
	l.progressMu.Unlock()
	fyne.Do(func() {
		l.progressMu.Lock()
		p := l.progress
		l.progressQueued = false
		l.progressMu.Unlock()
		l.w.Progress.SyncProgress(p.Step, p.Done, p.Total)
		l.w.Status.SetProgress(progressText(p), p.Done, p.Total)
		// New events arrive as batches commit; show them now and then without rereading per batch.
		if time.Since(l.lastReload) > 5*time.Second {
			l.lastReload = time.Now()
			l.w.Progress.Reload()
		}
	})
}

func (l *syncLoop) onRunEnd(r schedule.Run, res syncer.Result, err error) {
	summary := runSummary(r, res, err)
	idle := l.svc.lastSyncText(l.svc.Ctx())
	if err != nil && !errors.Is(err, context.Canceled) {
		idle = "Last sync failed " + words.Ago(r.Ended, time.Now())
	}
	fyne.Do(func() {
		l.lastSummary = summary
		l.w.Progress.SyncEnded(summary)
		l.w.Status.SetIdle(idle)
		l.w.reloadClients()
		l.w.Staff.Reload() // staff a sync brought in show without waiting for the minute timer
	})
}

func (l *syncLoop) onAlert(a schedule.Alert) {
	fyne.Do(func() { l.alert.apply(l.w, a, l.w.App) })
}

func (l *syncLoop) onState(st schedule.State) {
	fyne.Do(func() {
		next := nextText(st, time.Now())
		if l.lastSummary != "" {
			l.w.Progress.SetIdle(l.lastSummary + "\n" + next)
		} else {
			l.w.Progress.SetIdle(next)
		}
		l.w.Progress.RefreshTimes()
		if l.tray != nil {
			l.tray.update(st, trayLine(st, time.Now()))
		}
	})
}

// runTitle names a run for the Progress tab's heading.
func runTitle(r schedule.Run) string {
	return words.RunTitle(r.Trigger == syncer.TriggerNightly, r.Trigger == syncer.TriggerManual, r.Kind == syncer.Full)
}

// runSummary says in a line how a run ended.
func runSummary(r schedule.Run, res syncer.Result, err error) string {
	var th *syncer.ThrottledError
	switch {
	case err == nil:
		return words.SyncFinished(words.Run{Ended: r.Ended, Clients: res.Clients, Created: res.Created, Updated: res.Updated,
			Pushed: res.Pushed, Conflicts: res.Conflicts, Flagged: res.Flagged, Invalid: res.Invalid})
	case errors.As(err, &th):
		return err.Error()
	case errors.Is(err, context.Canceled):
		return words.SyncCancelled(r.Ended)
	}
	return words.SyncFailed(r.Ended, problem.Words(err))
}

// lastRunText words a run read back from the store (the scheduler's own runs use runSummary).
func lastRunText(r store.Run) string { return words.LastRun(r.Status, r.FinishedAt, r.Message) }

// schedWords is the scheduler's state in the terms core/words speaks.
func schedWords(st schedule.State) words.Schedule {
	return words.Schedule{Running: st.Running, Paused: st.Paused, HeldUntil: st.HeldUntil, Next: st.Next,
		NextFull: st.NextKind == syncer.Full, LastStarted: st.Last.Started, LastEnded: st.Last.Ended,
		Failures: st.Failures, LastStopped: st.LastErr != nil}
}

// nextText says what the scheduler will do next.
func nextText(st schedule.State, now time.Time) string { return words.NextSync(schedWords(st), now) }

// trayLine is the tray menu's status line.
func trayLine(st schedule.State, now time.Time) string { return words.TrayLine(schedWords(st), now) }

// probeEnv turns on the UI responsiveness probe: XPMSYNC_UI_PROBE=1, or =full to also start a
// full sync at once (tools/ui-pause.sh), the kind whose pauses are worth measuring.
const probeEnv = "XPMSYNC_UI_PROBE"

// startProbe starts the UI probe when probeEnv asks for it.
func startProbe(svc *Services, sched *schedule.Scheduler) {
	mode := os.Getenv(probeEnv)
	if mode != "1" && mode != "full" {
		return
	}
	go probeUI(svc.Ctx(), svc.Engine.Running)
	if mode == "full" {
		go func() {
			// The window's own start-up work (the demo's history drawn into the Progress tab)
			// is not the sync's: start the measured sync once the window has settled.
			waitUISettled(svc.Ctx())
			if _, err := sched.SyncNow(svc.Ctx(), syncer.Full, syncer.TriggerCLI); err != nil {
				slog.Warn("probe: full sync", "err", err)
			}
		}()
	}
}

// probeUI measures, while a sync runs, how long the UI goroutine takes to run an empty
// function, and logs the worst and the 99th percentile when the sync ends: the measure of
// "the window stays responsive during a 15,000-client sync".
func probeUI(ctx context.Context, running func() bool) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var lags []time.Duration
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !running() {
			if len(lags) > 0 {
				slices.Sort(lags)
				slog.Info("UI responsiveness during the sync", "samples", len(lags),
					"p50", lags[len(lags)/2], "p99", lags[len(lags)*99/100], "max", lags[len(lags)-1])
				lags = lags[:0]
			}
			continue
		}
		lag := uiAnswer()
		if lag > 40*time.Millisecond {
			slog.Info("UI goroutine was slow to answer", "lag", lag)
		}
		lags = append(lags, lag)
	}
}

// waitUISettled returns once the UI goroutine has answered within 20 ms half a second running
// (at most 10 s).
func waitUISettled(ctx context.Context) {
	const settled = 25 // answers in a row, 20 ms apart
	deadline := time.Now().Add(10 * time.Second)
	for quick := 0; quick < settled && time.Now().Before(deadline) && ctx.Err() == nil; {
		if uiAnswer() < 20*time.Millisecond {
			quick++
		} else {
			quick = 0
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// uiAnswer is how long the UI goroutine takes to run an empty function.
func uiAnswer() time.Duration {
	start := time.Now()
	fyne.DoAndWait(func() {})
	return time.Since(start)
}
