package syncer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// queuedRows reads the client's "Change queued for XPM" rows as Integration Progress shows them.
func queuedRows(r *rig, clientID int64) []store.Event {
	r.t.Helper()
	evs, err := r.st.ClientEvents(r.ctx, clientID, model.EventPushQueued)
	if err != nil {
		r.t.Fatal(err)
	}
	return evs
}

// A change waiting for XPM says "Waiting" until the outbox sends it; then the same row says it
// was sent, when and by which seat, and the client's own history lists the send.
func TestQueuedRowSaysSentOnceTheOutboxSendsIt(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.eng.opts.Seat = "FRONT-DESK-PC"
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	a := r.local("c-0001")
	a.Client.Phone = "02 9111 1111"
	a.Client.Fax = "02 9111 1112"
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	rows := queuedRows(r, a.ID)
	if len(rows) != 1 || rows[0].Result != "pending" || rows[0].Details != "Queued for XPM: Phone, Fax" {
		t.Fatalf("before sending, the queued rows are %+v; want one waiting row naming Phone, Fax", rows)
	}
	if n, err := r.eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("flush: %d, %v", n, err)
	}
	rows = queuedRows(r, a.ID)
	if len(rows) != 1 || rows[0].Result != "ok" || !strings.Contains(rows[0].Details, "Queued for XPM: Phone, Fax · sent ") || !strings.HasSuffix(rows[0].Details, "by FRONT-DESK-PC") {
		t.Fatalf("after sending, the queued row is %+v; want it settled as sent by FRONT-DESK-PC", rows)
	}
	sent, err := r.st.ClientEvents(r.ctx, a.ID, model.EventPushSent)
	if err != nil || len(sent) != 1 || sent[0].Details != "Sent to XPM: Phone, Fax · by FRONT-DESK-PC" {
		t.Fatalf("the client's sends: %+v, %v", sent, err)
	}
	if x := r.api.get("c-0001"); x.Phone != "02 9111 1111" {
		t.Fatalf("XPM has phone %q", x.Phone)
	}
}

// Two saves folded into one XPM call are both settled when it goes; an offline try leaves them
// waiting.
func TestFoldedSavesWaitOfflineAndSettleTogether(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	a := r.local("c-0001")
	a.Client.Phone = "02 9111 1111"
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	a.Client.PostalAddress = "PO Box 12"
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	r.api.failNext["get"] = fmt.Errorf("dial tcp: %w", xpm.ErrUnavailable)
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	for _, row := range queuedRows(r, a.ID) {
		if row.Result != "pending" {
			t.Fatalf("offline, a queued row says %q (%s); want still waiting", row.Result, row.Details)
		}
	}
	r.clk.Advance(2 * backoff(1))
	if n, err := r.eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("flush when back online: %d, %v", n, err)
	}
	rows := queuedRows(r, a.ID)
	if len(rows) != 2 {
		t.Fatalf("queued rows: %+v", rows)
	}
	for _, row := range rows {
		if row.Result != "ok" {
			t.Errorf("after the send, %q still says %q", row.Details, row.Result)
		}
	}
}

// A change XPM refuses for good: its waiting row says "Refused by XPM" with XPM's reason.
func TestQueuedRowSaysRefusedWithXPMsReason(t *testing.T) {
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
	rows := queuedRows(r, a.ID)
	if len(rows) != 1 || rows[0].Result != "failed" || !strings.Contains(rows[0].Details, "Refused by XPM: Name is too long") {
		t.Fatalf("queued row after the refusal: %+v", rows)
	}
}

// Two edits from the same read (two seats, or a form left open over a sync): the second is
// refused with the client as the first left it, nothing of it recorded or queued.
func TestSecondEditFromTheSameReadIsRefused(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	seatA, seatB := r.local("c-0001"), r.local("c-0001")
	seatA.Client.Phone = "02 9111 1111"
	if err := r.eng.SaveLocalClient(r.ctx, &seatA); err != nil {
		t.Fatal(err)
	}
	open, _, _ := r.st.OutboxCounts(r.ctx)
	history, _ := r.st.History(r.ctx, seatA.ID)
	seatB.Client.Phone = "02 9222 2222"
	err := r.eng.SaveLocalClient(r.ctx, &seatB)
	var changed *store.ClientChangedError
	if !errors.As(err, &changed) || changed.Current.Client.Phone != "02 9111 1111" {
		t.Fatalf("second save: %v; want ChangedSinceError showing 02 9111 1111", err)
	}
	if now := r.local("c-0001"); now.Client.Phone != "02 9111 1111" {
		t.Fatalf("the client holds %q after the refused save", now.Client.Phone)
	}
	open2, _, _ := r.st.OutboxCounts(r.ctx)
	history2, _ := r.st.History(r.ctx, seatA.ID)
	if open2 != open || len(history2) != len(history) {
		t.Fatalf("the refused save queued %d and recorded %d history rows", open2-open, len(history2)-len(history))
	}
	seatB.Version = changed.Current.Version
	if err := r.eng.SaveLocalClient(r.ctx, &seatB); err != nil {
		t.Fatalf("saving again after choosing: %v", err)
	}
}
