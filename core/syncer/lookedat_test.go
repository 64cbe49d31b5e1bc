package syncer

import (
	"testing"

	"xpmsync/core/model"
)

// Conflict looked at clears only a conflict flag, with an event; XPM's own states (deleted,
// merged, archived) stay flagged, since the next sync would raise them again.
func TestClearConflictClearsOnlyConflicts(t *testing.T) {
	r := newRig(t, Policy{Direction: FromXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Harbour Dental Ltd"))
	r.sync(Full)
	for _, c := range []struct{ review, after string }{{"conflict", ""}, {"deleted", "deleted"}, {"merged", "merged"}} {
		lc := r.local("c-0001")
		if _, err := r.st.DB().Exec(`UPDATE clients SET review = ? WHERE id = ?`, c.review, lc.ID); err != nil {
			t.Fatal(err)
		}
		before := len(r.events(model.EventClientUpdated))
		if err := r.eng.ClearConflict(r.ctx, lc.ID); err != nil {
			t.Fatal(err)
		}
		if got := r.local("c-0001").Review; got != c.after {
			t.Errorf("%s: review after = %q, want %q", c.review, got, c.after)
		}
		if logged := len(r.events(model.EventClientUpdated)) - before; (c.after == "") != (logged == 1) {
			t.Errorf("%s: %d events", c.review, logged)
		}
	}
}
