// Package schedule runs syncs by itself: every N minutes, a nightly full resync, manual
// requests coalesced behind a running sync, backoff after failures, an alert after three in a
// row, and care for Xero's daily call allowance. One goroutine does all of it, so two syncs can
// never overlap. It knows nothing of the UI: the app listens through callbacks.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/retry"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
)

// Timing and budget rules.
const (
	Tick           = time.Minute      // the loop wakes at least this often: jobs run, settings are re-read
	StartDelay     = 30 * time.Second // the first automatic sync waits for the window to settle
	BackoffBase    = 2 * time.Minute  // first retry after a failure; doubles each time, capped at the interval
	AlertAfter     = 3                // failures in a row that raise the alert (seed 002)
	DefaultReserve = 100              // daily calls a scheduled sync never eats into
	LowBudgetWait  = time.Hour        // how long automatic syncs wait when the daily allowance runs low
)

// Syncer is what the scheduler drives; *syncer.Engine satisfies it.
type Syncer interface {
	Sync(ctx context.Context, kind syncer.Kind, trigger string, progress func(syncer.Progress)) (syncer.Result, error)
}

// manualGate is the engine's 5-minute rule for the manual buttons, checked before queueing.
type manualGate interface {
	ManualResyncAvailableAt(kind syncer.Kind) time.Time
}

// Job is periodic work called on every tick, such as the staff 24-hour rule.
type Job func(ctx context.Context, now time.Time) error

// Config is what a Scheduler needs; Syncer and Settings are required.
type Config struct {
	Syncer   Syncer
	Settings SettingsStore
	Clock    Clock                                    // nil = the wall clock
	Location *time.Location                           // zone of the nightly time (nil = local)
	Logger   *slog.Logger                             // nil = slog.Default()
	Ready    func() error                             // non-nil error = syncing is impossible now (not connected): automatic runs wait quietly
	DayLeft  func() int                               // XPM calls left today; -1 = not known yet; nil = never known
	Reserve  int                                      // calls a scheduled sync leaves for the user (0 = DefaultReserve)
	LastSync time.Time                                // when the last sync started, so a restart does not resync at once
	Jobs     []Job                                    // periodic work, called each tick while not paused
	Record   func(context.Context, store.Event) error // adds the scheduler's own notes to the history

	// Callbacks run on the scheduler's goroutine: the app hops to the UI with fyne.Do.
	OnRunStart func(Run)
	OnProgress func(Run, syncer.Progress)
	OnRunEnd   func(Run, syncer.Result, error)
	OnAlert    func(Alert)
	OnState    func(State)
}

// Run is one sync the scheduler started.
type Run struct {
	Kind    syncer.Kind
	Trigger string
	Started time.Time
	Ended   time.Time // zero while running
}

// State is a snapshot for the status bar, the tray and the Progress tab.
type State struct {
	Running   bool
	Current   Run
	Queued    bool // a manual sync waits for the running one to end
	Paused    bool
	Next      time.Time // when the next automatic sync is due (zero = none planned)
	NextKind  syncer.Kind
	HeldUntil time.Time // automatic syncs wait for Xero's allowance until then
	Last      Run       // the last finished run (zero Started = none yet)
	LastErr   error
	Failures  int // failed runs in a row
	Settings  Settings
}

// request is a sync asked for by the user (or the app on their behalf), waiting to run.
type request struct {
	kind    syncer.Kind
	trigger string
}

type outcome struct {
	res syncer.Result
	err error
}

// Scheduler runs syncs on a schedule. Create with New, then Start (or Run) once.
type Scheduler struct {
	cfg   Config
	clock Clock
	log   *slog.Logger
	kick  chan struct{}
	done  chan struct{}

	reload atomic.Bool

	mu            sync.Mutex
	paused        bool
	pending       *request       // a request not started yet
	waiters       []chan outcome // SyncNow callers waiting for the pending request's run
	current       *Run
	cancelRun     context.CancelFunc
	userCancelled bool
	state         State

	// Owned by the loop goroutine.
	settings    Settings
	base        time.Time // automatic syncs fall due one interval after this
	nightlyFrom time.Time // the next nightly run is the first one after this
	retryAt     time.Time
	holdUntil   time.Time
	holdNoted   bool
	failures    int
	alerted     bool
	lastJobs    time.Time
	last        Run
	lastErr     error
	serving     []chan outcome // SyncNow callers the running sync answers
}

// New makes a scheduler; it does nothing until Start or Run.
func New(cfg Config) *Scheduler {
	if cfg.Clock == nil {
		cfg.Clock = RealClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Reserve <= 0 {
		cfg.Reserve = DefaultReserve
	}
	return &Scheduler{cfg: cfg, clock: cfg.Clock, log: cfg.Logger.With("component", "schedule"),
		kick: make(chan struct{}, 1), done: make(chan struct{}), settings: DefaultSettings()}
}

// Start runs the scheduler on its own goroutine until ctx is cancelled.
func (s *Scheduler) Start(ctx context.Context) { go s.Run(ctx) }

// Done is closed once Run has returned, after any running sync has stopped and recorded how
// it ended: wait for it before closing the store.
func (s *Scheduler) Done() <-chan struct{} { return s.done }

// Wait blocks until Run has returned.
func (s *Scheduler) Wait() { <-s.done }

// Request asks for a manual sync now. While a sync runs the request waits and any further
// requests join it, so one follow-up runs (a full one if any request was full). queued says
// the request waits behind a running sync. A manual sync pressed again within five minutes is
// refused with *syncer.ThrottledError.
func (s *Scheduler) Request(kind syncer.Kind) (queued bool, err error) {
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(); err != nil {
			return false, err
		}
	}
	if g, ok := s.cfg.Syncer.(manualGate); ok {
		if at := g.ManualResyncAvailableAt(kind); s.clock.Now().Before(at) {
			return false, &syncer.ThrottledError{Kind: kind, At: at}
		}
	}
	return s.enqueue(kind, syncer.TriggerManual, nil), nil
}

// enqueue merges a request into the pending one: the fuller kind wins, and a manual request
// keeps the manual trigger (and with it the engine's 5-minute rule).
func (s *Scheduler) enqueue(kind syncer.Kind, trigger string, waiter chan outcome) (queued bool) {
	s.mu.Lock()
	if s.pending == nil {
		s.pending = &request{kind, trigger}
	} else {
		s.pending.kind = max(s.pending.kind, kind)
		if trigger == syncer.TriggerManual {
			s.pending.trigger = trigger
		}
	}
	if waiter != nil {
		s.waiters = append(s.waiters, waiter)
	}
	queued = s.current != nil
	s.mu.Unlock()
	s.wake()
	return queued
}

// SyncNow asks for a sync with the given trigger ("" = manual) and waits for the run serving
// it, returning its outcome; a request made during a run waits for the follow-up. Cancelling
// ctx stops the wait, not the sync. Manual syncs keep the engine's 5-minute rule.
func (s *Scheduler) SyncNow(ctx context.Context, kind syncer.Kind, trigger string) (syncer.Result, error) {
	if trigger == "" {
		trigger = syncer.TriggerManual
	}
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(); err != nil {
			return syncer.Result{}, err
		}
	}
	if g, ok := s.cfg.Syncer.(manualGate); ok && trigger == syncer.TriggerManual {
		if at := g.ManualResyncAvailableAt(kind); s.clock.Now().Before(at) {
			return syncer.Result{}, &syncer.ThrottledError{Kind: kind, At: at}
		}
	}
	ch := make(chan outcome, 1)
	s.enqueue(kind, trigger, ch)
	select {
	case o := <-ch:
		return o.res, o.err
	case <-ctx.Done():
		return syncer.Result{}, ctx.Err()
	case <-s.done:
		return syncer.Result{}, context.Canceled
	}
}

// CancelRun stops the running sync, if any; what it already stored is kept.
func (s *Scheduler) CancelRun() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancelRun != nil {
		s.userCancelled = true
		s.cancelRun()
	}
}

// SetPaused pauses or resumes automatic syncs and jobs (manual requests still run).
func (s *Scheduler) SetPaused(p bool) {
	s.mu.Lock()
	s.paused = p
	s.mu.Unlock()
	s.log.Info("automatic syncing", "paused", p)
	s.wake()
}

// Paused reports whether automatic syncing is paused.
func (s *Scheduler) Paused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

// Reload makes the scheduler read its settings again now (it also does so every minute).
func (s *Scheduler) Reload() {
	s.reload.Store(true)
	s.wake()
}

// State is the latest snapshot.
func (s *Scheduler) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	st.Queued, st.Paused = s.pending != nil, s.paused
	return st
}

func (s *Scheduler) wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run is the scheduler's loop; it returns when ctx is cancelled and any sync has stopped.
func (s *Scheduler) Run(ctx context.Context) {
	defer close(s.done)
	s.loadSettings(ctx)
	now := s.clock.Now()
	first := now.Add(StartDelay)
	if !s.cfg.LastSync.IsZero() && s.cfg.LastSync.Add(s.settings.Interval).After(first) {
		first = s.cfg.LastSync.Add(s.settings.Interval)
	}
	s.base = first.Add(-s.settings.Interval)
	s.nightlyFrom = now
	s.log.Info("scheduler started", "interval", s.settings.Interval, "nightly", s.settings.Nightly, "first", first)
	for ctx.Err() == nil {
		now = s.clock.Now()
		if s.reload.Swap(false) || now.Sub(s.lastJobs) >= Tick {
			s.loadSettings(ctx)
		}
		s.runJobs(ctx, now)
		if kind, trigger, ok := s.due(ctx, now); ok {
			s.runSync(ctx, kind, trigger)
			continue
		}
		wait := s.wakeAt(now).Sub(now)
		s.publish(now)
		t := s.clock.NewTimer(wait)
		select {
		case <-t.C():
		case <-s.kick:
			t.Stop()
		case <-ctx.Done():
			t.Stop()
		}
	}
	s.log.Info("scheduler stopped")
}

func (s *Scheduler) loadSettings(ctx context.Context) {
	set, err := LoadSettings(ctx, s.cfg.Settings)
	if err != nil {
		s.log.Warn("schedule settings partly unreadable; using defaults for those", "err", err)
	}
	s.settings = set
}

func (s *Scheduler) isPaused() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.paused
}

func (s *Scheduler) runJobs(ctx context.Context, now time.Time) {
	if now.Sub(s.lastJobs) < Tick || s.isPaused() {
		return
	}
	s.lastJobs = now
	for i, job := range s.cfg.Jobs {
		if err := job(ctx, now); err != nil && ctx.Err() == nil {
			s.log.Warn("periodic job failed; it runs again next minute", "job", i, "err", err)
		}
	}
}

// autoDue is when the next regular sync falls due: the backoff retry after a failure, else one
// interval after the last start.
func (s *Scheduler) autoDue() time.Time {
	if s.failures > 0 && !s.retryAt.IsZero() {
		return s.retryAt
	}
	return s.base.Add(s.settings.Interval)
}

func (s *Scheduler) nightlyDue() (time.Time, bool) {
	return NextNightly(s.nightlyFrom.In(s.cfg.Location), s.settings.Nightly)
}

// due picks the sync to run now, if any: a manual request first, then (unless paused, not
// connected, held for the allowance or backing off) the nightly full resync, then the regular one.
func (s *Scheduler) due(ctx context.Context, now time.Time) (syncer.Kind, string, bool) {
	s.mu.Lock()
	if p := s.pending; p != nil {
		s.pending = nil
		s.serving, s.waiters = s.waiters, nil
		s.mu.Unlock()
		return p.kind, p.trigger, true
	}
	paused := s.paused
	s.mu.Unlock()
	if paused || now.Before(s.holdUntil) {
		return 0, "", false
	}
	if s.cfg.Ready != nil && s.cfg.Ready() != nil {
		return 0, "", false
	}
	kind, trigger := syncer.Delta, syncer.TriggerSchedule
	if at, ok := s.nightlyDue(); ok && !now.Before(at) {
		kind, trigger = syncer.Full, syncer.TriggerNightly
	} else if now.Before(s.autoDue()) {
		return 0, "", false
	}
	if s.failures > 0 && now.Before(s.retryAt) {
		return 0, "", false
	}
	if s.cfg.DayLeft != nil {
		if left := s.cfg.DayLeft(); left >= 0 && left < s.cfg.Reserve {
			s.hold(ctx, now.Add(LowBudgetWait), fmt.Sprintf(
				"Only %d of today's XPM calls are left, so the %s sync waits to keep them for you; it tries again at %s.",
				left, trigger, now.Add(LowBudgetWait).Local().Format("15:04")))
			return 0, "", false
		}
	}
	return kind, trigger, true
}

// hold stops automatic syncs until until, noting it once in the history.
func (s *Scheduler) hold(ctx context.Context, until time.Time, why string) {
	s.holdUntil = until
	s.log.Info("automatic syncs held", "until", until, "why", why)
	if s.holdNoted || s.cfg.Record == nil {
		return
	}
	s.holdNoted = true
	if err := s.cfg.Record(ctx, store.Event{At: s.clock.Now(), Kind: model.EventSyncPostponed, Result: "warning", Details: why}); err != nil {
		s.log.Warn("could not record the postponement", "err", err)
	}
}

func (s *Scheduler) wakeAt(now time.Time) time.Time {
	next := now.Add(Tick)
	consider := func(t time.Time) {
		if t.After(now) && t.Before(next) {
			next = t
		}
	}
	consider(s.autoDue())
	if at, ok := s.nightlyDue(); ok {
		consider(at)
	}
	consider(s.holdUntil)
	return next
}

func (s *Scheduler) runSync(ctx context.Context, kind syncer.Kind, trigger string) {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	run := Run{Kind: kind, Trigger: trigger, Started: s.clock.Now()}
	s.mu.Lock()
	s.current, s.cancelRun, s.userCancelled = &run, cancel, false
	s.mu.Unlock()
	s.publish(run.Started)
	s.log.Info("sync starting", "kind", kind.String(), "trigger", trigger)
	if s.cfg.OnRunStart != nil {
		s.cfg.OnRunStart(run)
	}
	progress := func(p syncer.Progress) {
		if s.cfg.OnProgress != nil {
			s.cfg.OnProgress(run, p)
		}
	}
	res, err := s.cfg.Syncer.Sync(runCtx, kind, trigger, progress)
	run.Ended = s.clock.Now()
	s.mu.Lock()
	s.current, s.cancelRun = nil, nil
	byUser := s.userCancelled
	s.mu.Unlock()
	s.afterRun(ctx, run, err, byUser)
	for _, w := range s.serving {
		w <- outcome{res, err}
	}
	s.serving = nil
	if s.cfg.OnRunEnd != nil {
		s.cfg.OnRunEnd(run, res, err)
	}
	s.publish(run.Ended)
}

func (s *Scheduler) afterRun(ctx context.Context, run Run, err error, byUser bool) {
	s.last, s.lastErr = run, err
	var rl *xpm.RateLimitError
	switch {
	case err == nil:
		s.base = run.Started
		if run.Trigger == syncer.TriggerNightly {
			s.nightlyFrom = run.Started
		}
		s.failures, s.retryAt, s.holdUntil, s.holdNoted = 0, time.Time{}, time.Time{}, false
		if s.alerted {
			s.alerted = false
			s.alert(Alert{})
		}
	case ctx.Err() != nil:
		// Quitting: the engine recorded the run as cancelled; nothing to plan.
	case errors.Is(err, context.Canceled) && byUser:
		s.base = run.Ended
		if run.Trigger == syncer.TriggerNightly {
			s.nightlyFrom = run.Started // the user stopped tonight's full resync: not again tonight
		}
	case errors.Is(err, syncer.ErrThrottled):
		// A manual press too soon: the engine refused before doing anything.
	case errors.As(err, &rl):
		until := rl.Until
		if until.IsZero() {
			until = run.Ended.Add(max(rl.RetryAfter, LowBudgetWait))
		}
		until = until.Add(time.Minute) // arrive just after the allowance returns, not just before
		why := problem.Words(err) + " Automatic syncs resume by themselves at " + until.Local().Format("Mon 15:04") + "."
		s.hold(ctx, until, why)
		s.alerted = true
		s.alert(Alert{Active: true, Title: "XPM Sync is waiting for Xero", Text: why, Action: problem.Explain(err).Action})
	default:
		s.failures++
		s.retryAt = run.Ended.Add(s.backoff())
		s.log.Warn("sync failed", "failures", s.failures, "retry", s.retryAt, "err", err)
		if s.failures >= AlertAfter {
			s.alerted = true
			s.alert(failureAlert(err, s.failures, s.failures == AlertAfter && s.settings.Notify))
		}
	}
}

// backoff doubles from BackoffBase with each failure in a row, capped at the interval.
func (s *Scheduler) backoff() time.Duration {
	return retry.Delay(BackoffBase, s.settings.Interval, s.failures)
}

func (s *Scheduler) alert(a Alert) {
	if s.cfg.OnAlert != nil {
		s.cfg.OnAlert(a)
	}
}

func (s *Scheduler) publish(now time.Time) {
	st := State{Paused: s.isPaused(), Last: s.last, LastErr: s.lastErr, Failures: s.failures, Settings: s.settings}
	if now.Before(s.holdUntil) {
		st.HeldUntil = s.holdUntil
	}
	if !st.Paused {
		st.Next, st.NextKind = s.autoDue(), syncer.Delta
		if at, ok := s.nightlyDue(); ok && at.Before(st.Next) {
			st.Next, st.NextKind = at, syncer.Full
		}
		if st.Next.Before(st.HeldUntil) {
			st.Next = st.HeldUntil
		}
		if s.cfg.Ready != nil && s.cfg.Ready() != nil {
			st.Next = time.Time{}
		}
	}
	s.mu.Lock()
	if s.current != nil {
		st.Running, st.Current = true, *s.current
	}
	st.Queued = s.pending != nil
	s.state = st
	s.mu.Unlock()
	if s.cfg.OnState != nil {
		s.cfg.OnState(st)
	}
}
