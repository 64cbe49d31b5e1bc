package app

import (
	"context"
	"strings"
	"testing"
	"time"

	"xpmsync/core/problem/problemtest"
	"xpmsync/core/schedule"
	"xpmsync/core/syncer"
)

// The Progress tab's run line and the banner word every failure as the other tabs and the
// command line do.
func TestFailuresReadTheSameInTheRunLineAndTheBanner(t *testing.T) {
	ended := time.Date(2026, 11, 27, 14, 2, 0, 0, time.Local)
	run := schedule.Run{Kind: syncer.Delta, Trigger: syncer.TriggerSchedule, Started: ended.Add(-time.Minute), Ended: ended}
	for _, c := range problemtest.Cases() {
		if c.Name == "cancelled" {
			continue // a cancelled run is not a failure: it has its own line
		}
		t.Run(c.Name, func(t *testing.T) {
			if got, want := runSummary(run, syncer.Result{}, c.Err), "Last sync failed at 14:02: "+c.Want; got != want {
				t.Errorf("run line %q\nwant     %q", got, want)
			}
			w, _ := bareWindow(t)
			st := schedTestStore(t)
			st.SetSetting(context.Background(), schedule.KeyNightly, "")
			l := &syncLoop{w: w}
			_, advance := runScheduler(t, schedule.Config{Syncer: &failingSync{fail: c.Err}, Settings: st, OnAlert: l.onAlert})
			advance(7 * time.Minute) // three failures, or one the scheduler waits out (a call limit)
			if !w.Banner.Visible() || !strings.Contains(w.Banner.Text.Text, c.Want) {
				t.Errorf("banner %q\nwant the words %q", w.Banner.Text.Text, c.Want)
			}
		})
	}
}
