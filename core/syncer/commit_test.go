package syncer

import (
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// A batch is first written without per-client savepoints; when one client fails, the batch is
// written again client by client. The attempt that was rolled back must leave nothing behind:
// no duplicate events, and no search entry for the client that could not be saved.
func TestRetriedBatchLeavesNoTraceOfTheFirstAttempt(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	seedThree(r)
	r.api.put(model.Client{Name: "Poison Ltd"})
	r.poison("Poison Ltd")
	if res := r.sync(Full); res.Created != 3 {
		t.Fatalf("created %d, want the 3 others", res.Created)
	}
	if got := len(r.events("client_created")); got != 3 {
		t.Fatalf("%d client_created events fed, want 3", got)
	}
	stored, err := r.st.Events(r.ctx, store.EventQuery{Kinds: []model.EventKind{"client_created"}})
	if err != nil || len(stored) != 3 {
		t.Fatalf("%d client_created events stored (%v), want 3", len(stored), err)
	}
	// Found by a contact's name: the saved clients were indexed with their contacts.
	rows, err := r.st.ClientRows(r.ctx, store.RowQuery{Text: "mei"})
	if err != nil || len(rows) != 1 || rows[0].Name != "Chen & Co" || rows[0].Kind != store.KindLocal {
		t.Fatalf("search for a contact found %+v (%v)", rows, err)
	}
	// The client that failed is listed once, as the XPM client it still is.
	rows, err = r.st.ClientRows(r.ctx, store.RowQuery{Text: "poison"})
	if err != nil || len(rows) != 1 || rows[0].Kind != store.KindXPM {
		t.Fatalf("search for the failed client found %+v (%v)", rows, err)
	}
}
