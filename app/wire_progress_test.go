package app

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"xpmsync/core/schedule"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
)

func TestRunWordsSayWhatHappenedAndWhatComesNext(t *testing.T) {
	ended := time.Date(2026, 11, 27, 14, 2, 0, 0, time.Local)
	run := schedule.Run{Kind: syncer.Delta, Trigger: syncer.TriggerSchedule, Started: ended.Add(-time.Minute), Ended: ended}
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"ok", runSummary(run, syncer.Result{Clients: 15000, Created: 2, Updated: 4, Conflicts: 1}, nil),
			"Last sync finished at 14:02: 15,000 clients checked; 2 created, 4 updated, 1 conflict."},
		{"no changes", runSummary(run, syncer.Result{Clients: 500}, nil), "Last sync finished at 14:02: 500 clients checked; no changes."},
		{"cancelled", runSummary(run, syncer.Result{}, fmt.Errorf("delta sync: %w", context.Canceled)),
			"Sync cancelled at 14:02; what was fetched before it is kept."},
		{"failed", runSummary(run, syncer.Result{}, fmt.Errorf("delta sync: %w", xpm.ErrUnauthorized)),
			"Last sync failed at 14:02: Xero no longer accepts this app's sign-in. Reconnect on the Connection tab."},
		{"title nightly", runTitle(schedule.Run{Kind: syncer.Full, Trigger: syncer.TriggerNightly}), "Nightly full resync"},
		{"title manual", runTitle(schedule.Run{Kind: syncer.Full, Trigger: syncer.TriggerManual}), "Resync all (you asked)"},
		{"next", nextText(schedule.State{Next: ended.Add(42 * time.Minute)}, ended), "Next sync at 14:44 (in 42 min)."},
		{"next full", nextText(schedule.State{Next: ended.Add(2*time.Hour + 5*time.Minute), NextKind: syncer.Full}, ended),
			"Next full resync at 16:07 (in 2 h 05 min)."},
		{"paused", nextText(schedule.State{Paused: true}, ended), "Automatic syncing is paused; resume it from the tray icon."},
		{"not connected", nextText(schedule.State{}, ended), "Automatic syncing starts once XPM Sync is connected (Connection tab)."},
		{"held", nextText(schedule.State{Next: ended, HeldUntil: ended.Add(5 * time.Hour)}, ended),
			"Automatic syncs wait for Xero's call allowance until Fri 19:02."},
		{"tray never", trayLine(schedule.State{}, ended), "Not synced yet"},
		{"tray ok", trayLine(schedule.State{Last: run}, ended.Add(3*time.Minute)), "Last sync OK 3 min ago"},
		{"tray failed", trayLine(schedule.State{Last: run, LastErr: errors.New("x"), Failures: 3}, ended.Add(time.Hour)),
			"Last sync failed 1 hour ago (3 in a row)"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, c.got, c.want)
		}
	}
}
