package schedule

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/activity"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// The "done when": with faults switched on in the fake, the scheduler keeps syncing on
// schedule, alerts after three failures, recovers by itself, holds for the day limit, and the
// history tells the whole story.
func TestFaultyPracticeAlertsRecoversAndTellsTheStory(t *testing.T) {
	fake, api := xpmtest.Connect(t, xpmfake.Config{Clients: 40, Seed: 7, DisableRateLimits: true},
		xpmtest.Quiet(), xpmtest.NoLimiter(),
		xpmtest.Retry(xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxAttempts: 3}))
	st := storetest.Open(t)
	ctx := context.Background()
	st.SetSetting(ctx, KeyNightly, "")
	quiet := slog.New(slog.DiscardHandler)
	eng := syncer.New(st, api, syncer.Options{Logger: quiet})

	// The scheduler's clock starts at the real time, as Xero's Retry-After is counted from now.
	clock := NewFakeClock(time.Now())
	var mu sync.Mutex
	var alerts []Alert
	s := New(Config{Syncer: eng, Settings: st, Clock: clock, Logger: quiet, Record: st.AddEvent,
		DayLeft: func() int { return api.Allowance().DayRemaining },
		OnAlert: func(a Alert) { mu.Lock(); alerts = append(alerts, a); mu.Unlock() }})
	runCtx, quit := context.WithCancel(ctx)
	defer func() { quit(); s.Wait() }()
	s.Start(runCtx)
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

	fake.SetFaults(xpmfake.Faults{Rate5xx: 1})
	advance(10 * time.Minute) // first run at +30 s, retries at +2 and +4 minutes
	mu.Lock()
	if len(alerts) != 1 || !alerts[0].Notify || !strings.Contains(alerts[0].Text, "XPM did not answer") {
		t.Fatalf("alerts after three failures: %+v", alerts)
	}
	mu.Unlock()

	fake.SetFaults(xpmfake.Faults{})
	advance(10 * time.Minute) // the next retry (8 minutes later) succeeds
	mu.Lock()
	if last := alerts[len(alerts)-1]; last.Active {
		t.Fatalf("a success did not clear the alert: %+v", alerts)
	}
	mu.Unlock()
	if st := s.State(); st.Failures != 0 || st.LastErr != nil {
		t.Fatalf("state after recovery: %+v", st)
	}
	var n int
	st.DB().QueryRow(`SELECT count(*) FROM xpm_clients`).Scan(&n)
	if n != 40 {
		t.Fatalf("%d clients after recovering", n)
	}

	// The day's allowance runs out: automatic syncs wait for it instead of failing on.
	fake.SetFaults(xpmfake.Faults{DayLimitExhausted: true})
	advance(time.Hour)
	held := s.State().HeldUntil
	if held.IsZero() || s.State().Failures != 0 {
		t.Fatalf("no hold after the day limit: %+v", s.State())
	}
	runs := countRuns(t, st)
	advance(held.Sub(clock.Now()) - time.Minute)
	if got := countRuns(t, st); got != runs {
		t.Fatalf("%d syncs ran during the hold", got-runs)
	}

	// The history has it all: three failures, the recovery and the postponement.
	evs, err := activity.New(st).Recent(ctx, activity.Filter{Group: activity.GroupSyncs})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[model.EventKind]int{}
	for _, e := range evs {
		kinds[e.Kind]++
	}
	if kinds["sync_failed"] != 4 || kinds["sync_finished"] != 1 || kinds["sync_postponed"] != 1 {
		t.Fatalf("history = %v", kinds)
	}
	b, err := activity.New(st).Hourly(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ok, failed := 0, 0
	for _, x := range b {
		ok += x.OK
		failed += x.Failed
	}
	if ok != 1 || failed != 4 {
		t.Fatalf("chart: %d ok, %d failed", ok, failed)
	}
}

func countRuns(t *testing.T, st *store.Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT count(*) FROM sync_runs`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
