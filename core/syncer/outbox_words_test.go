package syncer

import (
	"log/slog"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Integration Progress names what was sent in a bookkeeper's words, never XPM's element names.
func TestSentEventNamesFieldsInWords(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Alpha"))
	r.sync(Full)
	a := r.local("c-0001")
	a.Client.Name = "Alpha Two"
	a.Client.PostalAddress = "PO Box 12"
	if err := r.eng.SaveLocalClient(r.ctx, &a); err != nil {
		t.Fatal(err)
	}
	eng := New(r.st, r.api, Options{Now: r.clk.Now, NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	if n, err := eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("flush: %d, %v", n, err)
	}
	evs, err := r.st.Events(r.ctx, store.EventQuery{Kinds: []model.EventKind{"push_sent"}})
	if err != nil || len(evs) != 1 {
		t.Fatalf("sent events: %v, %v", evs, err)
	}
	if got := evs[0].Details; got != "Sent to XPM: Name, Postal address" {
		t.Fatalf("details = %q", got)
	}
}
