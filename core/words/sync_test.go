package words

import (
	"testing"
	"time"
)

func TestRunWordsSayWhatHappenedAndWhatComesNext(t *testing.T) {
	ended := time.Date(2026, 11, 27, 14, 2, 0, 0, time.Local)
	last := Schedule{LastStarted: ended.Add(-time.Minute), LastEnded: ended}
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"ok", SyncFinished(Run{Ended: ended, Clients: 15000, Created: 2, Updated: 4, Conflicts: 1}),
			"Last sync finished at 14:02: 15,000 clients checked; 2 created, 4 updated, 1 conflict."},
		{"everything", SyncFinished(Run{Ended: ended, Clients: 1, Created: 1, Updated: 1, Pushed: 2, Conflicts: 3, Flagged: 1, Invalid: 1204}),
			"Last sync finished at 14:02: 1 client checked; 1 created, 1 updated, 2 changes sent to XPM, 3 conflicts, 1 flagged for review, 1,204 contacts not imported (invalid in XPM)."},
		{"no changes", SyncFinished(Run{Ended: ended, Clients: 500}), "Last sync finished at 14:02: 500 clients checked; no changes."},
		{"cancelled", SyncCancelled(ended), "Sync cancelled at 14:02; what was fetched before it is kept."},
		{"failed", SyncFailed(ended, "XPM can't be reached. Check the internet connection; nothing was lost."),
			"Last sync failed at 14:02: XPM can't be reached. Check the internet connection; nothing was lost."},
		{"read back ok", LastRun("ok", ended, "500 clients checked."), "Last sync finished Fri 14:02: 500 clients checked."},
		{"read back cancelled", LastRun("cancelled", ended, ""), "Last sync was cancelled Fri 14:02."},
		{"read back failed", LastRun("failed", ended, "XPM can't be reached."), "Last sync failed Fri 14:02: XPM can't be reached."},
		{"title nightly", RunTitle(true, false, true), "Nightly full resync"},
		{"title manual full", RunTitle(false, true, true), "Resync all (you asked)"},
		{"title manual", RunTitle(false, true, false), "Resync now (you asked)"},
		{"title scheduled full", RunTitle(false, false, true), "Scheduled full sync"},
		{"title scheduled", RunTitle(false, false, false), "Scheduled sync"},
		{"next", NextSync(Schedule{Next: ended.Add(42 * time.Minute)}, ended), "Next sync at 14:44 (in 42 min)."},
		{"next full", NextSync(Schedule{Next: ended.Add(2*time.Hour + 5*time.Minute), NextFull: true}, ended),
			"Next full resync at 16:07 (in 2 h 05 min)."},
		{"next soon", NextSync(Schedule{Next: ended.Add(30 * time.Second)}, ended), "Next sync at 14:02 (in under a minute)."},
		{"due", NextSync(Schedule{Next: ended}, ended), "Next sync: due now."},
		{"running", NextSync(Schedule{Running: true, Next: ended}, ended), ""},
		{"paused", NextSync(Schedule{Paused: true}, ended), "Automatic syncing is paused; resume it from the tray icon."},
		{"not connected", NextSync(Schedule{}, ended), "Automatic syncing starts once XPM Sync is connected (Connection tab)."},
		{"held", NextSync(Schedule{Next: ended, HeldUntil: ended.Add(5 * time.Hour)}, ended),
			"Automatic syncs wait for Xero's call allowance until Fri 19:02."},
		{"tray never", TrayLine(Schedule{}, ended), "Not synced yet"},
		{"tray running", TrayLine(Schedule{Running: true}, ended), "Syncing now…"},
		{"tray ok", TrayLine(last, ended.Add(3*time.Minute)), "Last sync OK 3 min ago"},
		{"tray stopped", TrayLine(Schedule{LastStarted: last.LastStarted, LastEnded: ended, LastStopped: true}, ended.Add(time.Minute)),
			"Last sync stopped 1 min ago"},
		{"tray failed", TrayLine(Schedule{LastStarted: last.LastStarted, LastEnded: ended, LastStopped: true, Failures: 3}, ended.Add(time.Hour)),
			"Last sync failed 1 hour ago (3 in a row)"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s:\n got  %q\n want %q", c.name, c.got, c.want)
		}
	}
}

func TestStatusBarWords(t *testing.T) {
	now := time.Date(2026, 11, 27, 14, 2, 0, 0, time.Local)
	for _, c := range []struct{ got, want string }{
		{Progress("Fetching clients", 1200, 15000), "Fetching clients 1,200 of 15,000"},
		{Progress("Importing", 3, 0), "Importing 3"},
		{Progress("Fetching staff from XPM", 0, 0), "Fetching staff from XPM"},
		{Synced("ok", now.Add(-4*time.Minute), 0, "", now), "Synced 4 min ago"},
		{Synced("ok", now.Add(-4*time.Minute), 1, "", now), "Synced 4 min ago · 1 change"},
		{Synced("ok", now.Add(-4*time.Minute), 1204, "FRONT-DESK-PC", now), "Synced by FRONT-DESK-PC 4 min ago · 1,204 changes"},
		{Synced("failed", now.Add(-2*time.Hour), 3, "FRONT-DESK-PC", now), "Last sync failed 2 hours ago"},
		{Synced("cancelled", now.Add(-time.Minute), 0, "", now), "Last sync cancelled 1 min ago"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
