package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpmfake"
	"xpmsync/screens"
)

// A change that could not reach XPM shows "Change queued for XPM · Waiting" on Integration
// Progress; once the outbox sends it, the same row says "Sent" and the client's History lists
// the send, without the user reopening anything.
func TestProgressRowTurnsSentWhenTheOutboxSendsTheChange(t *testing.T) {
	screens.Inline = true
	defer func() { screens.Inline = false }()
	a := test.NewTempApp(t)
	ctx := context.Background()
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoFresh: true, DemoClients: 20})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	pol := syncer.Policy{Direction: syncer.ToXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"}
	if err := syncer.SavePolicy(ctx, svc.Store, pol); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Engine.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	w := NewWindow(a, svc)
	svc.watchSends(w)
	// The test goroutine is the UI goroutine here: what the watch hands to fyne.Do runs when the
	// test drains it, never beside the test's own reads of the tab.
	ui := make(chan func(), 16)
	svc.sends.do = func(f func()) { ui <- f }
	runUI := func(wait time.Duration) bool {
		ran := false
		for {
			select {
			case f := <-ui:
				f()
				ran, wait = true, 100*time.Millisecond
			case <-time.After(wait):
				return ran
			}
		}
	}
	rows, err := svc.Store.ClientRows(ctx, store.RowQuery{Filter: store.FilterLinked, Limit: 1})
	if err != nil || len(rows) == 0 {
		t.Fatalf("no linked client: %v", err)
	}
	lc, err := svc.Store.Client(ctx, rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}

	svc.demo.SetFaults(xpmfake.Faults{Rate5xx: 1}) // XPM is down: the change waits
	lc.Client.Phone = "02 9555 0142"
	if err := svc.Engine.SaveLocalClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	svc.Engine.Wait()
	runUI(2 * sendSettle)
	w.showTab(tabProgress)
	w.Progress.Reload()
	row := queuedRow(w, lc.Client.Name)
	if row < 0 || w.Progress.Cell(row, 3) != "Waiting" {
		t.Fatalf("while XPM is down the change's row is %d (%q); want it Waiting", row, cellText(w, row))
	}

	svc.demo.SetFaults(xpmfake.Faults{})
	if _, err := svc.Store.DB().ExecContext(ctx, `UPDATE outbox SET next_at = ?`, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		t.Fatal(err) // XPM is back: no need to wait out the retry's backoff here
	}
	if n, err := svc.Engine.FlushOutbox(ctx); err != nil || n != 1 {
		t.Fatalf("flush once XPM is back: %d, %v", n, err)
	}
	if !runUI(5 * time.Second) {
		t.Fatal("the send did not ask the window to show it")
	}
	if row = queuedRow(w, lc.Client.Name); row < 0 || w.Progress.Cell(row, 3) != "Sent" {
		t.Fatalf("after the send the row is %q; want it Sent without reopening the tab", cellText(w, row))
	}
	if d := w.Progress.Cell(row, 4); !strings.Contains(d, "Queued for XPM: Phone") || !strings.Contains(d, "· sent ") {
		t.Errorf("the row's details say %q", d)
	}
}

// queuedRow is the Progress row of the client's queued change (-1 when none).
func queuedRow(w *Window, client string) int {
	for i := range w.Progress.Rows() {
		if w.Progress.Cell(i, 1) == "Change queued for XPM" && w.Progress.Cell(i, 2) == client {
			return i
		}
	}
	return -1
}

func cellText(w *Window, row int) string {
	var out []string
	for c := 0; c < 5; c++ {
		out = append(out, w.Progress.Cell(row, c))
	}
	return strings.Join(out, " | ")
}
