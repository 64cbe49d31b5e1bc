package leader

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/store"
	"xpmsync/core/store/pgtest"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// pushRig is one practice database with queued phone changes, and the fake XPM they go to.
type pushRig struct {
	dbURL string
	fake  *xpmfake.Server
	api   *xpm.Client
	st    *store.Store
	want  []string
}

func newPushRig(t *testing.T) *pushRig {
	t.Helper()
	r := &pushRig{dbURL: storetest.NewPostgres(t)}
	ctx := context.Background()
	r.fake = xpmfake.New(xpmfake.Config{Seed: 11, Clients: 12, DisableRateLimits: true, AutoApprove: true})
	base, err := r.fake.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.fake.Close() })
	tok, err := xpmtest.Login(ctx, base, xpmtest.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	r.api = xpm.New(xpm.Config{BaseURL: base, TenantID: r.fake.TenantID(), Tokens: tok, Logger: slog.New(slog.DiscardHandler)})
	r.st = storetest.OpenAt(t, r.dbURL)
	eng := syncer.New(r.st, r.api, syncer.Options{NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	if err := eng.SavePolicy(ctx, syncer.Policy{Direction: syncer.ToXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "64"}); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	r.want = queuePhoneEdits(t, r.st, eng)
	r.fake.SetFaults(xpmfake.Faults{Latency: 40 * time.Millisecond}) // sends overlap
	return r
}

// seat is a second connection pool on the rig's database, as another computer has.
func (r *pushRig) seat(t *testing.T, fence func(context.Context, store.Queryer) error) (*store.Store, *syncer.Engine) {
	t.Helper()
	st := storetest.OpenAt(t, r.dbURL)
	always := func() bool { return true } // both seats believe they may send
	return st, syncer.New(st, r.api, syncer.Options{NoAutoPush: true, MaySend: always, Fence: fence, Logger: slog.New(slog.DiscardHandler)})
}

// flushTogether runs every engine's outbox flush at once, twice over.
func flushTogether(t *testing.T, engines ...*syncer.Engine) {
	t.Helper()
	var wg sync.WaitGroup
	for _, eng := range engines {
		wg.Go(func() {
			for range 2 {
				if _, err := eng.FlushOutbox(context.Background()); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
}

// sentOnce checks the fake's write log: every queued change applied exactly once.
func (r *pushRig) sentOnce(t *testing.T) {
	t.Helper()
	sent := map[string]int{}
	for _, w := range updates(r.fake) {
		for _, phone := range r.want {
			if strings.Contains(w.Body, phone) {
				sent[phone]++
			}
		}
	}
	for _, phone := range r.want {
		if sent[phone] != 1 {
			t.Errorf("change to %s reached XPM %d times, want exactly once", phone, sent[phone])
		}
	}
	if open, _, err := r.st.OutboxCounts(context.Background()); err != nil || open != 0 {
		t.Errorf("%d changes still queued (%v)", open, err)
	}
}

// Two seats push one outbox at the same moment: each row is claimed by one of them in its own
// transaction (FOR UPDATE SKIP LOCKED, then a check that no one claimed it since it was read),
// so XPM gets every change once.
func TestTwoPushersOnOnePostgresSendEachRowOnce(t *testing.T) {
	r := newPushRig(t)
	_, a := r.seat(t, nil)
	_, b := r.seat(t, nil)
	flushTogether(t, a, b)
	r.sentOnce(t)
}

// A seat whose session the server dropped still believes it leads (it has not checked yet)
// while another seat has taken the lead: both push at once, and only the real leader sends —
// the other's claims are refused inside their transactions.
func TestTwoSeatsBelievingTheyLeadSendEachRowOnce(t *testing.T) {
	r := newPushRig(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stOld, _ := r.seat(t, nil)
	old := New(stOld, "OLD-LAPTOP", Options{Heartbeat: time.Hour, Retry: time.Hour, Logger: slog.New(slog.DiscardHandler)})
	go old.Run(ctx)
	waitFor(t, "the old laptop to lead", old.Leader)
	old.mu.Lock()
	pid := old.pid
	old.mu.Unlock()
	pgtest.Exec(t, r.dbURL, "SELECT pg_terminate_backend("+strconv.Itoa(pid)+")") // the server drops it; it will not notice for an hour

	stNew, _ := r.seat(t, nil)
	cur := New(stNew, "FRONT-DESK-PC", Options{Retry: 50 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	go cur.Run(ctx)
	waitFor(t, "the front desk to take over", cur.Leader)
	if !old.Leader() {
		t.Fatal("the old laptop noticed at once; the test needs it to still believe it leads")
	}
	oldEng := syncer.New(stOld, r.api, syncer.Options{NoAutoPush: true, MaySend: old.Leader, Fence: old.Fence, Logger: slog.New(slog.DiscardHandler)})
	curEng := syncer.New(stNew, r.api, syncer.Options{NoAutoPush: true, MaySend: cur.Leader, Fence: cur.Fence, Logger: slog.New(slog.DiscardHandler)})
	if sent, err := oldEng.FlushOutbox(ctx); err != nil || sent != 0 {
		t.Fatalf("the old laptop sent %d changes (%v), want none", sent, err)
	}
	flushTogether(t, oldEng, curEng)
	r.sentOnce(t)
}
