package syncer

import (
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/problem/problemtest"
)

// A failed sync is recorded (the run's line and the Integration Progress row) in the words every
// other place uses for the same failure.
func TestFailedRunsAreRecordedInTheOneWording(t *testing.T) {
	for _, c := range problemtest.Cases() {
		if c.Name == "cancelled" || !problem.Explain(c.Err).Known {
			continue // recorded as cancelled; an unknown error keeps the engine's context ("fetch staff: …")
		}
		t.Run(c.Name, func(t *testing.T) {
			r := newRig(t, Policy{Direction: FromXPM, Level: Everything})
			r.api.failNext["staff"] = c.Err
			if _, err := r.eng.Sync(r.ctx, Delta, TriggerSchedule, nil); err == nil {
				t.Fatal("the sync did not fail")
			}
			run, err := r.st.LastRun(r.ctx)
			if err != nil || run.Status != "failed" || run.Message != c.Want {
				t.Fatalf("run %q %q (%v)\nwant %q", run.Status, run.Message, err, c.Want)
			}
			failed := r.events(model.EventSyncFailed)
			if len(failed) != 1 || failed[0].Details != c.Want {
				t.Errorf("sync_failed events %+v", failed)
			}
		})
	}
}
