package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Triggers recorded with a run; only TriggerManual is throttled.
const (
	TriggerManual   = "manual"
	TriggerSchedule = "schedule"
	TriggerNightly  = "nightly"
	TriggerCLI      = "cli"
	TriggerDemo     = "demo"
)

// Progress is reported while a sync runs.
type Progress struct {
	Step        string
	Done, Total int // Total 0 = unknown
}

// Options tunes an Engine; the zero value is fine.
type Options struct {
	Now       func() time.Time  // nil = time.Now
	Logger    *slog.Logger      // nil = slog.Default()
	Events    func(store.Event) // live feed of recorded events, called after they commit
	BatchSize int               // clients per transaction (0 = 500)
	Overlap   time.Duration     // how far a delta reaches back before the last sync start (0 = 5 min)
	// NoAutoPush leaves queued changes for the next FlushOutbox or Sync instead of sending them
	// in the background at once (tests, the command line).
	NoAutoPush bool
	// MaySend says whether this seat may send queued changes now: on a shared database only the
	// seat elected to sync does, so nothing is sent by two seats (nil = always).
	MaySend func() bool
	// Fence runs inside the transaction that claims each queued change for sending and refuses
	// the claim with an error unless this seat still holds the lead at that moment (a seat whose
	// lead was lost but that has not noticed yet). nil = no check (a seat on its own).
	Fence func(ctx context.Context, q store.Queryer) error
	// InFlightGrace is how long after a send that may still be in flight (the process died or
	// the answer was lost) XPM is given to apply it before it is looked for there: a request
	// of a killed process can land after the restart. 0 = 10 s; negative = no wait (tests with
	// a frozen clock).
	InFlightGrace time.Duration
	// Seat names this computer in what the outbox records ("sent 14:02 by FRONT-DESK-PC"),
	// so on a shared database everyone sees which seat sent a change ("" = not said: one seat).
	Seat string
	// AfterSync is called after each successful sync, once its data is committed (see afterSync).
	AfterSync func(ctx context.Context, runID int64) error
}

// Engine runs syncs and pushes for one store and one XPM tenant. Safe for concurrent use.
type Engine struct {
	st   *store.Store
	api  *counted
	opts Options
	log  *slog.Logger

	mu         sync.Mutex
	cur        *flight
	lastManual map[Kind]time.Time

	flushMu sync.Mutex // one outbox flush at a time keeps per-client order
	bg      sync.WaitGroup

	// life ends background pushes when the engine is closed; what they had not sent stays
	// in the outbox for the next start.
	life   context.Context
	stop   context.CancelFunc
	closed bool // guarded by mu
}

type flight struct {
	done chan struct{}
	res  Result
	err  error
}

// New makes an engine.
func New(st *store.Store, api API, opts Options) *Engine {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.InFlightGrace == 0 {
		opts.InFlightGrace = 10 * time.Second
	}
	if opts.Overlap <= 0 {
		opts.Overlap = 5 * time.Minute
	}
	life, stop := context.WithCancel(context.Background())
	return &Engine{st: st, api: &counted{api: api}, opts: opts, log: opts.Logger.With("component", "syncer"),
		lastManual: map[Kind]time.Time{}, life: life, stop: stop}
}

// Close stops background pushes and waits for them until ctx ends. A change being sent when
// it stops stays in the outbox (an add whose outcome is unknown is checked in XPM before it is
// ever sent again), so nothing is lost by quitting while XPM does not answer.
func (e *Engine) Close(ctx context.Context) error {
	e.mu.Lock()
	e.closed = true
	e.mu.Unlock()
	e.stop()
	done := make(chan struct{})
	go func() {
		e.bg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("background pushes still stopping: %w", ctx.Err())
	}
}

func (e *Engine) now() time.Time { return e.opts.Now().UTC() }

// APICalls is how many XPM calls the engine has made since it was created.
func (e *Engine) APICalls() int64 { return e.api.n.Load() }

// ManualResyncAvailableAt says when the manual button for kind may be pressed again (a time
// in the past means now).
func (e *Engine) ManualResyncAvailableAt(kind Kind) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	last, ok := e.lastManual[kind]
	if !ok {
		return time.Time{}
	}
	return last.Add(ManualEvery)
}

// Running reports whether a sync is in progress.
func (e *Engine) Running() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.cur != nil
}

// Wait blocks until background pushes started by SaveLocalClient have finished.
func (e *Engine) Wait() { e.bg.Wait() }

// Sync runs one sync. Only one runs at a time: a call made while another runs waits for it
// and returns its result. A manual trigger is refused (ErrThrottled) within 5 minutes of the
// previous manual sync of the same kind.
func (e *Engine) Sync(ctx context.Context, kind Kind, trigger string, progress func(Progress)) (Result, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	e.mu.Lock()
	if f := e.cur; f != nil {
		e.mu.Unlock()
		select {
		case <-f.done:
			return f.res, f.err
		case <-ctx.Done():
			return Result{}, ctx.Err()
		}
	}
	if trigger == TriggerManual {
		now := e.now()
		if last, ok := e.lastManual[kind]; ok && now.Before(last.Add(ManualEvery)) {
			e.mu.Unlock()
			return Result{}, &ThrottledError{Kind: kind, At: last.Add(ManualEvery)}
		}
		e.lastManual[kind] = now
	}
	// Until run returns, a caller that joins this flight would be told it stopped.
	f := &flight{done: make(chan struct{}), err: errSyncStopped}
	e.cur = f
	e.mu.Unlock()
	// Whatever way run ends, even a panic, the flight lands: the next Sync must not wait on it.
	defer func() {
		e.mu.Lock()
		e.cur = nil
		e.mu.Unlock()
		close(f.done)
	}()
	f.res, f.err = e.run(ctx, kind, trigger, progress)
	return f.res, f.err
}

// errSyncStopped is what a caller waiting on a sync hears when that sync ended without a result.
var errSyncStopped = errors.New("the sync stopped unexpectedly; see the log")

// emit records events outside any transaction and feeds them live.
func (e *Engine) emit(ctx context.Context, ev store.Event) {
	if ev.At.IsZero() {
		ev.At = e.now()
	}
	if err := e.st.AddEvent(ctx, ev); err != nil {
		e.log.Warn("could not record event", "kind", ev.Kind, "err", err)
		return
	}
	e.feed(ev)
}

func (e *Engine) feed(evs ...store.Event) {
	if e.opts.Events == nil {
		return
	}
	for _, ev := range evs {
		if ev.Result == "" {
			ev.Result = "ok" // as the store records it
		}
		if ev.At.IsZero() {
			ev.At = e.now()
		}
		e.opts.Events(ev)
	}
}

func storeEvent(kind model.EventKind, details string) store.Event {
	return store.Event{Kind: kind, Details: details}
}
