package syncer

import (
	"errors"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

func newLocal(r *rig, name, email string) int64 {
	r.t.Helper()
	lc := store.LocalClient{Client: model.Client{Name: name, Email: email}}
	if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
		r.t.Fatal(err)
	}
	return lc.ID
}

func countNamed(api *memAPI, name string) int {
	api.mu.Lock()
	defer api.mu.Unlock()
	n := 0
	for _, c := range api.clients {
		if c.Name == name {
			n++
		}
	}
	return n
}

// The add reached XPM but the answer was lost: the next flush searches, finds it and links
// it; it is never added twice.
func TestAddWithUnknownOutcomeIsReconciledNotDuplicated(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	r.eng.opts.NoAutoPush = true
	id := newLocal(r, "New Client Pty Ltd", "hello@newclient.com.au")
	if err := r.eng.CreateInXPM(r.ctx, id); err != nil {
		t.Fatal(err)
	}
	r.api.addUnknown = true
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	items, _ := r.st.OutboxAll(r.ctx)
	if len(items) != 1 || items[0].State != store.OutboxUnknown {
		t.Fatalf("outbox after a lost answer = %+v", items)
	}
	r.clk.Advance(time.Minute)
	if n, err := r.eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("reconcile flush: %d, %v", n, err)
	}
	if got := r.api.callCount("add"); got != 1 {
		t.Fatalf("client.api/add called %d times", got)
	}
	if got := countNamed(r.api, "New Client Pty Ltd"); got != 1 {
		t.Fatalf("%d clients of that name in XPM", got)
	}
	lc, _ := r.st.Client(r.ctx, id)
	if lc.XPMUUID == "" || lc.LinkHow != "created" {
		t.Fatalf("local client not linked: %+v", lc)
	}
}

// The process died after marking the add as sending: on restart the engine looks before it
// sends. Here XPM has it, so it is linked; in the second case XPM does not, so it is sent once.
func TestCrashAfterSendBeforeAck(t *testing.T) {
	for _, reached := range []bool{true, false} {
		t.Run(fmt.Sprintf("reached=%v", reached), func(t *testing.T) {
			r := newRig(t, DefaultPolicy())
			r.eng.opts.NoAutoPush = true
			id := newLocal(r, "Crash Test Ltd", "")
			if err := r.eng.CreateInXPM(r.ctx, id); err != nil {
				t.Fatal(err)
			}
			items, _ := r.st.OutboxOpen(r.ctx)
			if err := r.st.MarkOutboxSending(r.ctx, items[0].ID); err != nil {
				t.Fatal(err)
			}
			if reached {
				r.api.put(model.Client{Name: "Crash Test Ltd"})
			}
			// A new engine on the same database: the restart.
			eng := New(r.st, r.api, Options{Now: r.clk.Now, NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
			if n, err := eng.FlushOutbox(r.ctx); err != nil || n != 1 {
				t.Fatalf("flush after restart: %d, %v", n, err)
			}
			wantAdds := map[bool]int{true: 0, false: 1}[reached]
			if got := r.api.callCount("add"); got != wantAdds {
				t.Fatalf("add called %d times, want %d", got, wantAdds)
			}
			if r.api.callCount("search") != 1 {
				t.Fatalf("XPM was not searched before resending")
			}
			if got := countNamed(r.api, "Crash Test Ltd"); got != 1 {
				t.Fatalf("%d clients of that name in XPM", got)
			}
			if lc, _ := r.st.Client(r.ctx, id); lc.XPMUUID == "" {
				t.Fatal("not linked")
			}
		})
	}
}

// Offline: a failed send waits with backoff and holds back that client's later changes, but
// not other clients'; later everything goes in order.
func TestOfflineRetriesWithBackoffKeepingPerClientOrder(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Alpha"))
	r.api.put(sampleClient("Beta"))
	r.sync(Full)
	a, b := r.local("c-0001"), r.local("c-0002")
	a.Client.Phone = "02 1000 0001"
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	// A contact-less second change for Alpha queues behind the first (a different op).
	r.api.failNext["get"] = fmt.Errorf("dial tcp: %w", xpm.ErrUnavailable)
	b.Client.Phone = "02 2000 0002"
	if err := r.eng.SaveLocalClient(r.ctx, &b); err != nil {
		t.Fatal(err)
	}
	sent, err := r.eng.FlushOutbox(r.ctx)
	if err != nil || sent != 1 {
		t.Fatalf("first flush sent %d, %v; want Beta only", sent, err)
	}
	if got := r.api.get("c-0001").Phone; got == "02 1000 0001" {
		t.Fatal("Alpha was sent although XPM failed")
	}
	if got := r.api.get("c-0002").Phone; got != "02 2000 0002" {
		t.Fatalf("Beta phone in XPM = %q", got)
	}
	a.Client.Phone = "02 1000 0003" // folded into the waiting update: one call, newest value
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	if sent, _ := r.eng.FlushOutbox(r.ctx); sent != 0 {
		t.Fatalf("sent %d during the backoff", sent)
	}
	r.clk.Advance(time.Minute)
	if sent, err := r.eng.FlushOutbox(r.ctx); err != nil || sent != 1 {
		t.Fatalf("after the backoff: %d, %v", sent, err)
	}
	if got := r.api.get("c-0001").Phone; got != "02 1000 0003" {
		t.Fatalf("Alpha phone in XPM = %q, want the newest local value", got)
	}
	if ev := r.events("push_failed"); len(ev) != 1 || ev[0].Result != "pending" {
		t.Fatalf("push_failed events = %+v", ev)
	}
}

// XPM refuses a change for good: it is marked failed and the user is told; nothing loops.
func TestRefusedChangeIsMarkedFailed(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	a := r.local("c-0001")
	a.Client.Name = "Alpha Renamed"
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	r.api.failNext["update"] = &xpm.APIError{Method: "PUT client.api/update", Description: "Name is too long", HTTPStatus: 200}
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	if _, failed, _ := r.st.OutboxCounts(r.ctx); failed != 1 {
		t.Fatalf("failed = %d", failed)
	}
	if ev := r.events("push_failed"); len(ev) != 1 || ev[0].Result != "failed" {
		t.Fatalf("events = %+v", ev)
	}
}

// Queued changes survive a restart: a new engine on the same database sends them.
func TestOutboxSurvivesRestart(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: NameOnly, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	a := r.local("c-0001")
	a.Client.Name = "Alpha Two"
	a.Client.Phone = "02 9999 9999" // not synced at level Client name only
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	eng := New(r.st, r.api, Options{Now: r.clk.Now, NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	if n, err := eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("flush after restart: %d, %v", n, err)
	}
	x := r.api.get("c-0001")
	if x.Name != "Alpha Two" || x.Phone != "02 9000 0000" {
		t.Fatalf("XPM = %q / %q: the name goes, the phone does not", x.Name, x.Phone)
	}
}

// Preview says what a sync would do and changes nothing.
func TestPreviewChangesNothing(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	r.api.edit("c-0001", func(c *model.Client) { c.Phone = "02 5555 5555" })
	r.api.put(sampleClient("Brand New"))
	plan, err := r.eng.Preview(r.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || plan.Changes[0].Field != "Phone" || plan.Changes[0].Result != "02 5555 5555" {
		t.Fatalf("changes = %+v", plan.Changes)
	}
	if len(plan.Created) != 1 || plan.Created[0].Client != "Brand New" || len(plan.NewInXPM) != 1 {
		t.Fatalf("plan = %+v", plan)
	}
	if got := r.local("c-0001").Client.Phone; got != "02 9000 0000" {
		t.Fatalf("preview changed the local client: %q", got)
	}
	if n, _ := r.st.ClientCount(r.ctx); n != 1 {
		t.Fatalf("preview created clients: %d", n)
	}
}

// Two clicks on "Create in XPM" while the first add still waits (say XPM was unreachable) must
// never make two clients in XPM.
func TestCreateInXPMTwiceQueuesOneAdd(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	r.eng.opts.NoAutoPush = true
	id := newLocal(r, "Double Click Ltd", "hello@doubleclick.co.nz")
	if err := r.eng.CreateInXPM(r.ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := r.eng.CreateInXPM(r.ctx, id); !errors.Is(err, ErrAlreadyQueued) {
		t.Fatalf("second click: %v, want ErrAlreadyQueued", err)
	}
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := countNamed(r.api, "Double Click Ltd"); got != 1 {
		t.Fatalf("%d clients of that name in XPM", got)
	}
}

// A client linked by hand while its creation waited is not created as well.
func TestQueuedAddOfClientLinkedMeanwhileIsNotSent(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	r.eng.opts.NoAutoPush = true
	id := newLocal(r, "Linked Meanwhile Ltd", "")
	if err := r.eng.CreateInXPM(r.ctx, id); err != nil {
		t.Fatal(err)
	}
	lc, _ := r.st.Client(r.ctx, id)
	lc.XPMUUID, lc.LinkHow = "already-in-xpm", "manual"
	if err := r.st.UpdateClient(r.ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	if got := r.api.callCount("add"); got != 0 {
		t.Fatalf("client.api/add called %d times", got)
	}
	if open, _ := r.st.OutboxOpen(r.ctx); len(open) != 0 {
		t.Fatalf("outbox still holds %+v", open)
	}
}
