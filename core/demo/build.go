package demo

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"xpmsync/core/health"
	"xpmsync/core/importer"
	"xpmsync/core/linking"
	"xpmsync/core/schedule"
	"xpmsync/core/staff"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

// Span is how much history the demo practice has: the Integration Progress tab's 72 hours.
const Span = 72 * time.Hour

// Config is what Build needs. Store, Clock, Fake, BaseURL and Tokens are required.
type Config struct {
	Store    *store.Store
	Clock    *Clock          // the store's clock (store.SetClock(Clock.Now) before any use)
	Fake     *xpmfake.Server // the demo practice, already signed in to
	BaseURL  string          // where Fake serves
	Tokens   xpm.TokenSource // the sign-in's tokens
	End      time.Time       // when the history ends (zero = now)
	Location *time.Location  // zone of the nightly resync (nil = local)
	Progress func(Progress)  // called as the history is built (from Build's goroutine)
	Logger   *slog.Logger    // nil = discard: the history's own syncs would flood the log
}

// Progress says how far the history is built.
type Progress struct {
	Step        string    // what the practice is doing now, in words
	At          time.Time // the simulated time
	Done, Total int       // simulated minutes built, of the whole span
}

// Line is the progress in one line for the status bar and the command line.
func (p Progress) Line() string {
	pct := 0
	if p.Total > 0 {
		pct = p.Done * 100 / p.Total
	}
	return fmt.Sprintf("Building the demo practice's last 3 days: %s (%d%%)", p.Step, pct)
}

// Summary is what the history came to.
type Summary struct {
	Syncs      int                // syncs run (the first one, hourly, nightly, retries)
	Failed     int                // of those, failed
	Alerts     int                // failure alerts raised (three failures in a row)
	Cleared    int                // alerts cleared by a sync that worked again
	Duplicates int                // XPM clients "Create in XPM" offered to link instead of creating
	Clients    map[string][]int64 // local clients by the part they play (Role…)
	APICalls   int64              // calls made to the demo XPM
	Took       time.Duration      // wall time of Build
}

// builder holds the engine parts one Build drives.
type builder struct {
	cfg   Config
	ctx   context.Context
	st    *store.Store
	fake  *xpmfake.Server
	api   *xpm.Client
	eng   *syncer.Engine
	sim   *schedule.FakeClock
	sched *schedule.Scheduler
	stop  context.CancelFunc
	staff *staff.Service
	link  *linking.Service
	imp   *importer.Importer
	heal  *health.Service
	log   *slog.Logger
	start time.Time
	step  string
	cast  cast

	mu  sync.Mutex
	sum Summary
}

// Build gives a freshly signed-in demo practice a lived-in history of Span, ending at cfg.End:
// the first full sync, team members linked in every way, hourly and nightly syncs, edits on
// both sides, a conflict, a merge and an archive, contacts that fail validation, imported items
// waiting for review, and an outage that raises the failure alert and then recovers. Each is
// what the engine made of the fake practice's changes. The clock is back on the wall when it
// returns.
func Build(ctx context.Context, cfg Config) (Summary, error) {
	began := time.Now()
	b, err := newBuilder(ctx, cfg)
	if err != nil {
		return Summary{}, err
	}
	defer b.finish()
	for _, s := range script {
		if err := b.runUntil(b.start.Add(s.at)); err != nil {
			return b.summary(began), err
		}
		b.step = s.what
		b.report()
		if err := s.do(b); err != nil {
			return b.summary(began), fmt.Errorf("build the demo history (%s): %w", s.what, err)
		}
	}
	b.step = "done"
	err = b.runUntil(b.start.Add(Span))
	b.report()
	return b.summary(began), err
}

func newBuilder(ctx context.Context, cfg Config) (*builder, error) {
	if cfg.Store == nil || cfg.Clock == nil || cfg.Fake == nil || cfg.Tokens == nil {
		return nil, errors.New("build the demo history: store, clock, fake practice and sign-in are all needed")
	}
	if cfg.End.IsZero() {
		cfg.End = time.Now()
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &builder{cfg: cfg, ctx: ctx, st: cfg.Store, fake: cfg.Fake, log: log, start: cfg.End.Add(-Span).Truncate(time.Minute)}
	b.sim = cfg.Clock.simulate(b.start)
	b.fake.Clock().Set(b.start)
	// Its own client: the history makes hundreds of calls in seconds of wall time, which the
	// per-minute budget and the backoff waits of a real connection would stretch into minutes.
	b.api = xpm.New(xpm.Config{BaseURL: cfg.BaseURL, TenantID: cfg.Fake.TenantID(), Tokens: cfg.Tokens, Logger: log,
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}),
		Retry:   xpm.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond, MaxDelay: 2 * time.Millisecond}})
	// The health service records its counts after each sync, as the app wires it, so the Data
	// health trend has the history's points.
	b.heal = &health.Service{St: b.st}
	b.eng = syncer.New(b.st, b.api, syncer.Options{Now: cfg.Clock.Now, Logger: log, NoAutoPush: true, AfterSync: b.heal.AfterSync})
	b.staff = staff.New(b.st, func() staff.API { return b.api })
	b.link = linking.New(b.st, func() linking.API { return b.api }, b.eng)
	b.imp = importer.New(b.st, func() importer.API { return b.api }, importer.Options{Logger: log})
	return b, nil
}

// finish stops the scheduler and puts both clocks back on the wall.
func (b *builder) finish() {
	if b.sched != nil {
		b.stop()
		b.sched.Wait()
	}
	b.cfg.Clock.live()
	b.fake.Clock().Set(time.Now())
}

func (b *builder) summary(began time.Time) Summary {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.sum
	s.APICalls = b.eng.APICalls()
	s.Clients = b.cast.marks
	s.Took = time.Since(began)
	return s
}

func (b *builder) report() {
	if b.cfg.Progress == nil {
		return
	}
	now := b.sim.Now()
	b.cfg.Progress(Progress{Step: b.step, At: now, Done: int(now.Sub(b.start) / time.Minute), Total: int(Span / time.Minute)})
}
