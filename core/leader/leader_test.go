package leader

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
)

// seat is one desktop on the shared database: its own store (own connections) and elector.
type seat struct {
	st     *store.Store
	el     *Elector
	cancel context.CancelFunc
	done   chan struct{}
}

func startSeat(t *testing.T, dbURL, name string, retry time.Duration) *seat {
	t.Helper()
	st, err := store.OpenPostgres(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &seat{st: st, cancel: cancel, done: make(chan struct{})}
	s.el = New(st, name, Options{Retry: retry, Heartbeat: 100 * time.Millisecond, Logger: slog.New(slog.DiscardHandler)})
	go func() { defer close(s.done); s.el.Run(ctx) }()
	t.Cleanup(s.stop)
	return s
}

var stopMu sync.Mutex

func (s *seat) stop() {
	stopMu.Lock()
	defer stopMu.Unlock()
	s.cancel()
	<-s.done
	s.st.Close()
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Two seats on one database: exactly one leads and says so to the other; when its connection
// dies (the laptop closed, the process killed) the other takes over.
func TestSeatLeaderIsOneAndTheOtherTakesOver(t *testing.T) {
	dbURL := storetest.NewPostgres(t)
	// The first seat, once it loses the lead, waits long before asking again: it has crashed.
	lead := startSeat(t, dbURL, "FRONT-DESK-PC", time.Hour)
	waitFor(t, "the first seat to lead", lead.el.Leader)
	follow := startSeat(t, dbURL, "BACK-OFFICE", 100*time.Millisecond)
	time.Sleep(500 * time.Millisecond) // several tries: the second seat must stay a follower
	if !lead.el.Leader() || follow.el.Leader() {
		t.Fatalf("leaders: first=%v second=%v, want the first only", lead.el.Leader(), follow.el.Leader())
	}
	ctx := context.Background()
	if who, _ := follow.st.Setting(ctx, KeySeat, ""); who != "FRONT-DESK-PC" {
		t.Fatalf("the follower sees %q as the syncing seat", who)
	}
	// Kill the leader's session on the server, as a crash or a lost network does.
	if _, err := follow.st.DB().ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the other seat to take over", follow.el.Leader)
	waitFor(t, "the old leader to step down", func() bool { return !lead.el.Leader() })
	if who, _ := lead.st.Setting(ctx, KeySeat, ""); who != "BACK-OFFICE" {
		t.Fatalf("syncing seat = %q after the takeover, want BACK-OFFICE", who)
	}
}

func TestSQLiteSeatIsAloneAndLeads(t *testing.T) {
	st, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if !New(st, "PC", Options{}).Leader() {
		t.Fatal("a seat on its own SQLite file must sync")
	}
}
