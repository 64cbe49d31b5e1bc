package syncer

import (
	"strings"
	"testing"

	"xpmsync/core/model"
)

// An edit made here to a linked client under From XPM is recorded as kept here only: nothing
// goes to XPM, and the history must not read as if it had.
func TestEditUnderFromXPMSaysItStaysHere(t *testing.T) {
	r := newRig(t, Policy{Direction: FromXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Harbour Dental Ltd"))
	r.sync(Full)
	lc := r.local("c-0001")
	lc.Client.Phone = "09 555 0199"
	if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
		t.Fatal(err)
	}
	evs := r.events(model.EventClientUpdated)
	if len(evs) == 0 || !strings.Contains(evs[len(evs)-1].Details, "kept here only") {
		t.Fatalf("edit recorded as %+v", evs)
	}
	if n := len(r.events(model.EventPushQueued)); n != 0 {
		t.Fatalf("%d pushes queued under From XPM", n)
	}
}
