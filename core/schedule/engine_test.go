package schedule

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
)

// stallAPI lists three clients, or stalls after the first two until the caller gives up.
type stallAPI struct {
	stall   bool
	stalled chan struct{}
}

func (a *stallAPI) ListClients(ctx context.Context, _ xpm.ListOptions, fn func(model.Client) error) error {
	for i := 1; i <= 3; i++ {
		if i == 3 && a.stall {
			close(a.stalled)
			<-ctx.Done()
			return ctx.Err()
		}
		c := model.Client{UUID: fmt.Sprintf("u%d", i), Name: fmt.Sprintf("Client %d", i), Email: fmt.Sprintf("c%d@example.com", i)}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
func (a *stallAPI) ListStaff(context.Context) ([]model.Staff, error) { return nil, nil }
func (a *stallAPI) GetClient(context.Context, string) (model.Client, error) {
	return model.Client{}, xpm.ErrNotFound
}
func (a *stallAPI) SearchClients(context.Context, string, bool) ([]model.Client, error) {
	return nil, nil
}
func (a *stallAPI) AddClient(_ context.Context, c model.Client) (model.Client, error) { return c, nil }
func (a *stallAPI) UpdateClient(_ context.Context, uuid, name string, _ map[string]string) (model.Client, error) {
	return model.Client{UUID: uuid, Name: name}, nil
}
func (a *stallAPI) UpdateContact(_ context.Context, _ string, ct model.Contact) (model.Contact, error) {
	return ct, nil
}

func count(t *testing.T, st *store.Store, table string) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Quitting in the middle of a sync keeps whole batches only, records the run as cancelled and
// leaves the cursor where it was, so the next start picks up cleanly.
func TestQuitMidSyncLeavesNoHalfWrittenState(t *testing.T) {
	st := storetest.Open(t)
	quiet := slog.New(slog.DiscardHandler)
	api := &stallAPI{stall: true, stalled: make(chan struct{})}
	eng := syncer.New(st, api, syncer.Options{BatchSize: 2, Logger: quiet})
	clock := NewFakeClock(start)
	s := New(Config{Syncer: eng, Settings: st, Clock: clock, Logger: quiet})
	ctx, quit := context.WithCancel(context.Background())
	s.Start(ctx)
	if _, err := s.Request(syncer.Full); err != nil {
		t.Fatal(err)
	}
	<-api.stalled
	quit()
	select {
	case <-s.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("quit did not stop the sync")
	}

	run, err := st.LastRun(context.Background())
	if err != nil || run.Status != "cancelled" || run.FinishedAt.IsZero() {
		t.Fatalf("last run = %+v, %v", run, err)
	}
	// The engine stores in batches of 2 off the reading goroutine: whether the first batch
	// made it before the quit is a race, but only whole batches may be there.
	if n := count(t, st, "xpm_clients"); n != 0 && n != 2 {
		t.Fatalf("%d XPM clients stored; want whole batches only (0 or 2)", n)
	}
	if cur, _ := st.State(context.Background(), st.DB(), "clients.cursor"); cur != "" {
		t.Fatalf("cursor moved to %q by an unfinished list", cur)
	}
	if n := count(t, st, "sync_runs WHERE status = 'running'"); n != 0 {
		t.Fatalf("%d runs left marked running", n)
	}

	// Next start: the sync completes and takes up the rest.
	api.stall = false
	s2 := New(Config{Syncer: syncer.New(st, api, syncer.Options{BatchSize: 2, Logger: quiet}), Settings: st, Clock: clock, Logger: quiet})
	ctx2, quit2 := context.WithCancel(context.Background())
	defer func() { quit2(); s2.Wait() }()
	ended := make(chan error, 1)
	s2.cfg.OnRunEnd = func(_ Run, _ syncer.Result, err error) { ended <- err }
	s2.Start(ctx2)
	if _, err := s2.Request(syncer.Delta); err != nil {
		t.Fatal(err)
	}
	if err := <-ended; err != nil {
		t.Fatalf("second sync: %v", err)
	}
	if n := count(t, st, "xpm_clients"); n != 3 {
		t.Fatalf("%d XPM clients after the second sync", n)
	}
	if cur, _ := st.State(context.Background(), st.DB(), "clients.cursor"); cur == "" {
		t.Fatal("cursor not set after a complete list")
	}
	if run, _ := st.LastRun(context.Background()); run.Status != "ok" || run.Kind != "full" {
		t.Fatalf("second run = %+v (a delta with no cursor must run as full)", run)
	}
}
