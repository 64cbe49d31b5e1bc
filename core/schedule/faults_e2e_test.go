package schedule

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/activity"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

type fixedToken string

func (s fixedToken) Token(context.Context) (string, error)   { return string(s), nil }
func (s fixedToken) Refresh(context.Context) (string, error) { return string(s), nil }

// signIn runs the fake's PKCE code flow (AutoApprove answers at once) and returns an API client.
func signIn(t *testing.T, fake *xpmfake.Server, base string) *xpm.Client {
	t.Helper()
	const redirect = "http://localhost:8765/callback"
	verifier := strings.Repeat("schedule-verifier", 3)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"response_type": {"code"}, "client_id": {"xpmsync-test"}, "redirect_uri": {redirect},
		"scope": {"openid offline_access practicemanager.client practicemanager.staff"}, "state": {"s"},
		"code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(base + "/identity/connect/authorize?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d", resp.StatusCode)
	}
	resp, err = http.PostForm(base+"/connect/token", url.Values{"grant_type": {"authorization_code"},
		"code": {loc.Query().Get("code")}, "redirect_uri": {redirect}, "code_verifier": {verifier}, "client_id": {"xpmsync-test"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: HTTP %d, %v", resp.StatusCode, err)
	}
	return xpm.New(xpm.Config{BaseURL: base, TenantID: fake.TenantID(), Tokens: fixedToken(tok.AccessToken),
		Logger:  slog.New(slog.DiscardHandler),
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}),
		Retry:   xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxAttempts: 3}})
}

// The "done when": with faults switched on in the fake, the scheduler keeps syncing on
// schedule, alerts after three failures, recovers by itself, holds for the day limit, and the
// history tells the whole story.
func TestFaultyPracticeAlertsRecoversAndTellsTheStory(t *testing.T) {
	fake := xpmfake.New(xpmfake.Config{Clients: 40, Seed: 7, AutoApprove: true, DisableRateLimits: true})
	base, err := fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	api := signIn(t, fake, base)
	st, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
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
	kinds := map[string]int{}
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
