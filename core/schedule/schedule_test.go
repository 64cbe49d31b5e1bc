package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/auth"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
)

// memSettings is an in-memory settings table.
type memSettings struct {
	mu sync.Mutex
	m  map[string]string
}

func (m *memSettings) Setting(_ context.Context, key, def string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok {
		return v, nil
	}
	return def, nil
}

func (m *memSettings) SetSetting(_ context.Context, key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[key] = value
	return nil
}

type call struct {
	kind    syncer.Kind
	trigger string
	at      time.Time
}

func (c call) String() string {
	return fmt.Sprintf("%s/%s@%s", c.kind, c.trigger, c.at.Format("15:04:05"))
}

// fakeSync records each sync and answers with the queued errors (then succeeds).
type fakeSync struct {
	clock *FakeClock
	mu    sync.Mutex
	calls []call
	errs  []error
	fail  error         // when set, every call fails with it
	gate  chan struct{} // when set, each sync waits for a token (or cancellation)
	began chan struct{}
	avail map[syncer.Kind]time.Time
}

func (f *fakeSync) Sync(ctx context.Context, kind syncer.Kind, trigger string, progress func(syncer.Progress)) (syncer.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, call{kind, trigger, f.clock.Now()})
	var err error
	if len(f.errs) > 0 {
		err, f.errs = f.errs[0], f.errs[1:]
	} else {
		err = f.fail
	}
	gate, began := f.gate, f.began
	f.mu.Unlock()
	progress(syncer.Progress{Step: "Fetching all clients from XPM", Done: 1, Total: 2})
	if began != nil {
		began <- struct{}{}
	}
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return syncer.Result{}, fmt.Errorf("%s sync: %w", kind, ctx.Err())
		}
	}
	return syncer.Result{Kind: kind}, err
}

func (f *fakeSync) ManualResyncAvailableAt(kind syncer.Kind) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.avail[kind]
}

func (f *fakeSync) got() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeSync) setFail(err error) {
	f.mu.Lock()
	f.fail = err
	f.mu.Unlock()
}

type harness struct {
	t      *testing.T
	clock  *FakeClock
	set    *memSettings
	sync   *fakeSync
	s      *Scheduler
	cancel context.CancelFunc

	mu     sync.Mutex
	alerts []Alert
	notes  []store.Event
	ends   []error
}

// start is 10:00 on a Thursday, in UTC so nightly times are plain.
var start = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func newHarness(t *testing.T, settings map[string]string, tweak func(*Config)) *harness {
	t.Helper()
	clock := NewFakeClock(start)
	if settings == nil {
		settings = map[string]string{}
	}
	if _, ok := settings[KeyNightly]; !ok {
		settings[KeyNightly] = ""
	}
	h := &harness{t: t, clock: clock, set: &memSettings{m: settings}, sync: &fakeSync{clock: clock}}
	cfg := Config{Syncer: h.sync, Settings: h.set, Clock: clock, Location: time.UTC, Logger: slog.New(slog.DiscardHandler),
		OnAlert: func(a Alert) { h.mu.Lock(); h.alerts = append(h.alerts, a); h.mu.Unlock() },
		OnRunEnd: func(_ Run, _ syncer.Result, err error) {
			h.mu.Lock()
			h.ends = append(h.ends, err)
			h.mu.Unlock()
		},
		Record: func(_ context.Context, e store.Event) error {
			h.mu.Lock()
			h.notes = append(h.notes, e)
			h.mu.Unlock()
			return nil
		},
	}
	if tweak != nil {
		tweak(&cfg)
	}
	h.s = New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	h.s.Start(ctx)
	t.Cleanup(func() {
		cancel()
		select {
		case <-h.s.Done():
		case <-time.After(5 * time.Second):
			t.Error("scheduler did not stop")
		}
	})
	h.idle()
	return h
}

// idle waits until the scheduler sleeps on its timer.
func (h *harness) idle() {
	h.t.Helper()
	if _, ok := h.clock.WaitForTimer(); !ok {
		h.t.Fatal("the scheduler never went idle")
	}
}

// advance runs fake time forward by d, letting the scheduler do everything that falls due.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	end := h.clock.Now().Add(d)
	for h.clock.Now().Before(end) {
		if _, ok := h.clock.Step(end); !ok {
			h.t.Fatal("the scheduler stopped waiting on its clock")
		}
	}
	h.idle()
}

// request asks for a manual sync and waits until it has ended and the scheduler is idle again.
func (h *harness) request(kind syncer.Kind) {
	h.t.Helper()
	h.mu.Lock()
	n := len(h.ends)
	h.mu.Unlock()
	if _, err := h.s.Request(kind); err != nil {
		h.t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		h.mu.Lock()
		done := len(h.ends) > n
		h.mu.Unlock()
		if done {
			break
		}
		if time.Now().After(deadline) {
			h.t.Fatal("the requested sync never ran")
		}
		time.Sleep(time.Millisecond)
	}
	h.idle()
}

func (h *harness) alertsSoFar() []Alert {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]Alert(nil), h.alerts...)
}

func times(calls []call) string {
	var s []string
	for _, c := range calls {
		s = append(s, c.String())
	}
	return strings.Join(s, " ")
}

func TestRegularSyncsFollowTheInterval(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.advance(3 * time.Hour)
	want := "delta/schedule@10:00:30 delta/schedule@11:00:30 delta/schedule@12:00:30"
	if got := times(h.sync.got()); got != want {
		t.Fatalf("syncs = %s\nwant   %s", got, want)
	}
	st := h.s.State()
	if !st.Next.Equal(start.Add(3*time.Hour+30*time.Second)) || st.Running || st.Failures != 0 {
		t.Fatalf("state = %+v", st)
	}
}

func TestIntervalHasAMinimumOfFiveMinutesAndChangesApply(t *testing.T) {
	h := newHarness(t, map[string]string{KeyInterval: "2"}, nil)
	h.advance(16 * time.Minute)
	want := "delta/schedule@10:00:30 delta/schedule@10:05:30 delta/schedule@10:10:30 delta/schedule@10:15:30"
	if got := times(h.sync.got()); got != want {
		t.Fatalf("syncs = %s\nwant   %s", got, want)
	}
	// The Settings tab changes the interval; the scheduler picks it up on Reload.
	h.set.SetSetting(context.Background(), KeyInterval, "30")
	h.s.Reload()
	h.idle()
	h.advance(40 * time.Minute)
	if got := times(h.sync.got()[4:]); got != "delta/schedule@10:45:30" {
		t.Fatalf("after the change: %s", got)
	}
}

func TestRestartDoesNotResyncAtOnce(t *testing.T) {
	h := newHarness(t, nil, func(c *Config) { c.LastSync = start.Add(-20 * time.Minute) })
	h.advance(45 * time.Minute)
	if got := times(h.sync.got()); got != "delta/schedule@10:40:00" {
		t.Fatalf("syncs = %s; want one at 10:40 (an hour after the last)", got)
	}
}

func TestNightlyFullResyncRunsAtTheChosenTime(t *testing.T) {
	h := newHarness(t, map[string]string{KeyNightly: "02:00", KeyInterval: "240"}, nil)
	h.advance(17 * time.Hour) // to 03:00 the next morning
	want := "delta/schedule@10:00:30 delta/schedule@14:00:30 delta/schedule@18:00:30 delta/schedule@22:00:30 full/nightly@02:00:00"
	if got := times(h.sync.got()); got != want {
		t.Fatalf("syncs = %s\nwant   %s", got, want)
	}
	// A full resync covers a delta: the next regular sync is an interval after it, and the next
	// nightly is tomorrow.
	st := h.s.State()
	if !st.Next.Equal(time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)) || st.NextKind != syncer.Delta {
		t.Fatalf("next = %v %v", st.Next, st.NextKind)
	}
	h.advance(24 * time.Hour)
	nightly := 0
	for _, c := range h.sync.got() {
		if c.trigger == syncer.TriggerNightly {
			nightly++
		}
	}
	if nightly != 2 {
		t.Fatalf("%d nightly runs in two nights", nightly)
	}
}

func TestManualRequestsDuringARunAreCoalescedIntoOneFollowUp(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.sync.gate, h.sync.began = make(chan struct{}), make(chan struct{}, 4)
	queued, err := h.s.Request(syncer.Delta)
	if err != nil || queued {
		t.Fatalf("first request: queued=%v err=%v", queued, err)
	}
	<-h.sync.began
	if !h.s.State().Running {
		t.Fatal("state does not say running")
	}
	for _, k := range []syncer.Kind{syncer.Delta, syncer.Full, syncer.Delta} {
		if queued, err := h.s.Request(k); err != nil || !queued {
			t.Fatalf("request during the run: queued=%v err=%v", queued, err)
		}
	}
	if !h.s.State().Queued {
		t.Fatal("state does not show the queued request")
	}
	h.sync.gate <- struct{}{}
	<-h.sync.began
	h.sync.gate <- struct{}{}
	h.idle()
	want := "delta/manual@10:00:00 full/manual@10:00:00"
	if got := times(h.sync.got()); got != want {
		t.Fatalf("syncs = %s\nwant   %s", got, want)
	}
	// Never two at once: the fake would have seen a second call before the first token.
	h.sync.gate = nil
	h.advance(61 * time.Minute)
	if got := times(h.sync.got()[2:]); got != "delta/schedule@11:00:00" {
		t.Fatalf("next regular sync: %s (an interval after the last start)", got)
	}
}

func TestManualRequestTooSoonIsRefusedWithTheTime(t *testing.T) {
	h := newHarness(t, nil, nil)
	at := start.Add(3 * time.Minute)
	h.sync.avail = map[syncer.Kind]time.Time{syncer.Delta: at}
	_, err := h.s.Request(syncer.Delta)
	var th *syncer.ThrottledError
	if !errors.As(err, &th) || !th.At.Equal(at) {
		t.Fatalf("err = %v", err)
	}
	if _, err := h.s.Request(syncer.Full); err != nil {
		t.Fatalf("the other button is free: %v", err)
	}
}

func TestFailuresBackOffAndAlertOnceAfterThree(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.sync.setFail(fmt.Errorf("fetch clients: %w", xpm.ErrUnavailable))
	h.advance(2*time.Hour + 5*time.Minute)
	want := "delta/schedule@10:00:30 delta/schedule@10:02:30 delta/schedule@10:06:30 delta/schedule@10:14:30 " +
		"delta/schedule@10:30:30 delta/schedule@11:02:30 delta/schedule@12:02:30"
	if got := times(h.sync.got()); got != want {
		t.Fatalf("retries = %s\nwant      %s", got, want)
	}
	alerts := h.alertsSoFar()
	if len(alerts) != 5 { // failures 3 to 7
		t.Fatalf("%d alerts: %+v", len(alerts), alerts)
	}
	a := alerts[0]
	if !a.Active || !a.Urgent || !a.Notify || a.Failures != 3 || a.Action != ActionDetails ||
		a.Text != "Last 3 syncs failed: XPM did not answer properly. This is usually brief on Xero's side; nothing was lost. XPM Sync keeps trying by itself." {
		t.Fatalf("third failure alert = %+v", a)
	}
	for _, later := range alerts[1:] {
		if later.Notify || !later.Active {
			t.Fatalf("later alerts update the banner without notifying again: %+v", later)
		}
	}
	if st := h.s.State(); st.Failures != 7 || st.LastErr == nil {
		t.Fatalf("state = %+v", st)
	}

	// One success clears it.
	h.sync.setFail(nil)
	h.advance(time.Hour)
	alerts = h.alertsSoFar()
	if last := alerts[len(alerts)-1]; last.Active || len(alerts) != 6 {
		t.Fatalf("after a success: %+v", alerts)
	}
	if st := h.s.State(); st.Failures != 0 || st.LastErr != nil {
		t.Fatalf("state after success = %+v", st)
	}
	// A new streak alerts (and notifies) again.
	h.sync.setFail(errors.New("disk full"))
	h.advance(2 * time.Hour)
	alerts = h.alertsSoFar()
	if !alerts[6].Notify || !strings.HasPrefix(alerts[6].Text, "Last 3 syncs failed: disk full.") {
		t.Fatalf("second streak: %+v", alerts[6])
	}
}

func TestAlertDoesNotNotifyWhenNotificationsAreOff(t *testing.T) {
	h := newHarness(t, map[string]string{KeyNotify: "0"}, nil)
	h.sync.setFail(fmt.Errorf("list: %w", xpm.ErrUnauthorized))
	h.advance(15 * time.Minute) // four failures
	alerts := h.alertsSoFar()
	if len(alerts) != 2 || alerts[0].Notify || alerts[1].Notify || alerts[0].Action != ActionReconnect || !alerts[0].Active {
		t.Fatalf("alerts = %+v", alerts)
	}
}

func TestDayLimitPostponesUntilTheAllowanceReturns(t *testing.T) {
	h := newHarness(t, nil, nil)
	until := start.Add(5 * time.Hour)
	h.sync.errs = []error{fmt.Errorf("delta sync: fetch clients: %w", &xpm.RateLimitError{Problem: "day", Until: until, RetryAfter: 5 * time.Hour})}
	h.advance(6 * time.Hour)
	want := "delta/schedule@10:00:30 delta/schedule@15:01:00"
	if got := times(h.sync.got()); got != want {
		t.Fatalf("syncs = %s\nwant   %s", got, want)
	}
	alerts := h.alertsSoFar()
	if len(alerts) != 2 || alerts[0].Urgent || alerts[0].Notify || !alerts[0].Active || alerts[1].Active {
		t.Fatalf("alerts = %+v (want an amber one, cleared by the next success)", alerts)
	}
	if len(h.notes) != 1 || h.notes[0].Kind != "sync_postponed" {
		t.Fatalf("history notes = %+v", h.notes)
	}
}

func TestScheduledSyncsKeepAReserveOfTheDailyAllowance(t *testing.T) {
	var mu sync.Mutex
	left := 60
	h := newHarness(t, nil, func(c *Config) {
		c.DayLeft = func() int { mu.Lock(); defer mu.Unlock(); return left }
	})
	h.advance(3 * time.Hour)
	if got := h.sync.got(); len(got) != 0 {
		t.Fatalf("scheduled syncs spent the reserve: %s", times(got))
	}
	if len(h.notes) != 1 || !strings.Contains(h.notes[0].Details, "Only 60 of today's XPM calls are left") {
		t.Fatalf("notes = %+v", h.notes)
	}
	if st := h.s.State(); st.HeldUntil.IsZero() {
		t.Fatalf("state does not show the hold: %+v", st)
	}
	// The user may still spend them.
	h.request(syncer.Delta)
	if got := times(h.sync.got()); got != "delta/manual@13:00:00" {
		t.Fatalf("manual = %s", got)
	}
	mu.Lock()
	left = 4000
	mu.Unlock()
	h.advance(2 * time.Hour)
	if got := h.sync.got(); len(got) < 2 || got[1].trigger != syncer.TriggerSchedule {
		t.Fatalf("scheduled syncs did not resume: %s", times(got))
	}
}

func TestNotConnectedWaitsQuietly(t *testing.T) {
	var mu sync.Mutex
	ready := auth.ErrNotConnected
	h := newHarness(t, nil, func(c *Config) {
		c.Ready = func() error { mu.Lock(); defer mu.Unlock(); return ready }
	})
	h.advance(3 * time.Hour)
	if len(h.sync.got()) != 0 || len(h.alertsSoFar()) != 0 {
		t.Fatalf("syncs %v alerts %v while not connected", h.sync.got(), h.alertsSoFar())
	}
	if _, err := h.s.Request(syncer.Delta); !errors.Is(err, auth.ErrNotConnected) {
		t.Fatalf("manual request: %v", err)
	}
	mu.Lock()
	ready = nil
	mu.Unlock()
	h.advance(2 * time.Minute)
	if got := times(h.sync.got()); got != "delta/schedule@13:00:30" {
		t.Fatalf("after connecting: %s", got)
	}
}

func TestPauseStopsAutomaticSyncsAndJobsButNotManualOnes(t *testing.T) {
	var mu sync.Mutex
	var jobRuns []time.Time
	h := newHarness(t, nil, func(c *Config) {
		c.Jobs = []Job{func(_ context.Context, now time.Time) error {
			mu.Lock()
			jobRuns = append(jobRuns, now)
			mu.Unlock()
			return errors.New("jobs failing must not stop the loop")
		}}
	})
	h.advance(10 * time.Minute)
	mu.Lock()
	n := len(jobRuns)
	mu.Unlock()
	if n < 10 || n > 12 {
		t.Fatalf("job ran %d times in 10 minutes; want about once a minute", n)
	}
	h.s.SetPaused(true)
	h.idle()
	h.advance(3 * time.Hour)
	mu.Lock()
	paused := len(jobRuns) - n
	mu.Unlock()
	if got := h.sync.got(); len(got) != 1 || paused != 0 {
		t.Fatalf("while paused: syncs %s, job runs %d", times(got), paused)
	}
	if st := h.s.State(); !st.Paused || !st.Next.IsZero() {
		t.Fatalf("state = %+v", st)
	}
	h.request(syncer.Full)
	if got := h.sync.got(); len(got) != 2 || got[1].trigger != syncer.TriggerManual {
		t.Fatalf("manual while paused: %s", times(got))
	}
	h.s.SetPaused(false)
	h.idle()
	h.advance(61 * time.Minute)
	if got := h.sync.got(); len(got) != 3 {
		t.Fatalf("after resuming: %s", times(got))
	}
}

func TestUserCancelIsNotAFailure(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.sync.gate, h.sync.began = make(chan struct{}), make(chan struct{}, 1)
	if _, err := h.s.Request(syncer.Full); err != nil {
		t.Fatal(err)
	}
	<-h.sync.began
	h.s.CancelRun()
	h.idle()
	h.mu.Lock()
	ends := append([]error(nil), h.ends...)
	h.mu.Unlock()
	if len(ends) != 1 || !errors.Is(ends[0], context.Canceled) {
		t.Fatalf("run ends = %v", ends)
	}
	if st := h.s.State(); st.Failures != 0 || st.Running {
		t.Fatalf("state = %+v", st)
	}
}

func TestQuitDuringASyncStopsItAndWaits(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.sync.gate, h.sync.began = make(chan struct{}), make(chan struct{}, 1)
	if _, err := h.s.Request(syncer.Delta); err != nil {
		t.Fatal(err)
	}
	<-h.sync.began
	h.cancel()
	select {
	case <-h.s.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("quit did not stop the running sync")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.ends) != 1 || !errors.Is(h.ends[0], context.Canceled) || len(h.alerts) != 0 {
		t.Fatalf("ends %v alerts %v", h.ends, h.alerts)
	}
}

func TestSettingsRoundTripAndDefaults(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t)
	got, err := LoadSettings(ctx, st)
	if err != nil || got != DefaultSettings() || got.Interval != time.Hour || got.Nightly != "02:00" || !got.Notify || got.Background {
		t.Fatalf("defaults = %+v, %v", got, err)
	}
	want := Settings{Interval: 15 * time.Minute, Nightly: "23:30", Background: true, Notify: false}
	if err := SaveSettings(ctx, st, want); err != nil {
		t.Fatal(err)
	}
	if got, err = LoadSettings(ctx, st); err != nil || got != want {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	if err := SaveSettings(ctx, st, Settings{Interval: time.Minute, Nightly: "25:00"}); err == nil {
		t.Fatal("a nightly time of 25:00 was accepted")
	}
	st.SetSetting(ctx, KeyInterval, "soon")
	got, err = LoadSettings(ctx, st)
	if err == nil || got.Interval != DefaultInterval || got.Nightly != "23:30" {
		t.Fatalf("unreadable interval: %+v, %v", got, err)
	}
	if n, ok := NextNightly(time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC), "02:00"); !ok || !n.Equal(time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("next nightly from exactly 02:00 = %v", n)
	}
}

func TestSyncNowWaitsForTheRunThatServesIt(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.sync.gate, h.sync.began = make(chan struct{}), make(chan struct{}, 4)
	if _, err := h.s.Request(syncer.Delta); err != nil {
		t.Fatal(err)
	}
	<-h.sync.began // a run is going; both callers below join one follow-up
	h.sync.mu.Lock()
	h.sync.errs = []error{errors.New("follow-up broke")} // the running sync already took its answer
	h.sync.mu.Unlock()
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := h.s.SyncNow(context.Background(), syncer.Delta, "")
			errs <- err
		}()
	}
	for deadline := time.Now().Add(5 * time.Second); ; {
		h.s.mu.Lock()
		n := len(h.s.waiters)
		h.s.mu.Unlock()
		if n == 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("callers never queued")
		}
		time.Sleep(time.Millisecond)
	}
	h.sync.gate <- struct{}{} // the first run ends well
	<-h.sync.began
	h.sync.gate <- struct{}{} // the follow-up fails
	for range 2 {
		if err := <-errs; err == nil || err.Error() != "follow-up broke" {
			t.Fatalf("caller got %v, want the follow-up's outcome", err)
		}
	}
	if got := len(h.sync.got()); got != 2 {
		t.Fatalf("%d syncs; want the run and one follow-up", got)
	}
	// A caller that gives up does not stop anything.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := h.s.SyncNow(ctx, syncer.Full, ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
}

func TestSyncNowKeepsTheAppsTriggerUnlessTheUserJoins(t *testing.T) {
	h := newHarness(t, nil, nil)
	h.sync.avail = map[syncer.Kind]time.Time{syncer.Full: start.Add(time.Hour)}
	// The demo's first sync is not a button press: the 5-minute rule does not refuse it.
	if _, err := h.s.SyncNow(context.Background(), syncer.Full, syncer.TriggerDemo); err != nil {
		t.Fatal(err)
	}
	h.idle()
	if got := times(h.sync.got()); got != "full/demo@10:00:00" {
		t.Fatalf("syncs = %s", got)
	}
	h.sync.gate, h.sync.began = make(chan struct{}), make(chan struct{}, 4)
	if _, err := h.s.Request(syncer.Delta); err != nil {
		t.Fatal(err)
	}
	<-h.sync.began
	done := make(chan error, 1)
	go func() { _, err := h.s.SyncNow(context.Background(), syncer.Delta, syncer.TriggerCLI); done <- err }()
	for deadline := time.Now().Add(5 * time.Second); !h.s.State().Queued; {
		if time.Now().After(deadline) {
			t.Fatal("never queued")
		}
		time.Sleep(time.Millisecond)
	}
	h.s.Request(syncer.Delta) // the user presses too: the follow-up is theirs
	h.sync.gate <- struct{}{}
	<-h.sync.began
	h.sync.gate <- struct{}{}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	h.idle()
	if got := times(h.sync.got()); got != "full/demo@10:00:00 delta/manual@10:00:00 delta/manual@10:00:00" {
		t.Fatalf("syncs = %s", got)
	}
}
