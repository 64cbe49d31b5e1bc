package words

import (
	"fmt"
	"strings"
	"time"
)

// Run is what a sync did, in the engine's counts; the app fills it from the engine's result.
type Run struct {
	Ended                                                 time.Time
	Clients, Created, Updated, Pushed, Conflicts, Flagged int
	Invalid                                               int // contacts not imported (failed validation)
}

// RunTitle names a run for the Progress tab's heading.
func RunTitle(nightly, manual, full bool) string {
	switch {
	case nightly:
		return "Nightly full resync"
	case manual && full:
		return "Resync all (you asked)"
	case manual:
		return "Resync now (you asked)"
	case full:
		return "Scheduled full sync"
	}
	return "Scheduled sync"
}

// SyncFinished says in a line how a finished run went.
func SyncFinished(r Run) string {
	return fmt.Sprintf("Last sync finished at %s: %s checked; %s.", clock(r.Ended), Count(r.Clients, "client"), Changes(r))
}

// SyncCancelled says a run was stopped by the user.
func SyncCancelled(ended time.Time) string {
	return "Sync cancelled at " + clock(ended) + "; what was fetched before it is kept."
}

// SyncFailed says a run failed; why is the failure's own words (core/problem).
func SyncFailed(ended time.Time, why string) string {
	return "Last sync failed at " + clock(ended) + ": " + why
}

// LastRun words a run read back from the database: status "ok", "cancelled" or "failed", and
// the message the engine recorded with it.
func LastRun(status string, finished time.Time, message string) string {
	at := day(finished)
	switch status {
	case "ok":
		return "Last sync finished " + at + ": " + message
	case "cancelled":
		return "Last sync was cancelled " + at + "."
	}
	return "Last sync failed " + at + ": " + message
}

// NoChanges is what Changes says of a run that changed nothing.
const NoChanges = "no changes"

// Changes lists what a run changed, leaving out what did not happen.
func Changes(r Run) string {
	var parts []string
	add := func(n int, one, many string) {
		switch {
		case n == 1:
			parts = append(parts, "1 "+one)
		case n > 1:
			parts = append(parts, Thousands(n)+" "+many)
		}
	}
	add(r.Created, "created", "created")
	add(r.Updated, "updated", "updated")
	add(r.Pushed, "change sent to XPM", "changes sent to XPM")
	add(r.Conflicts, "conflict", "conflicts")
	add(r.Flagged, "flagged for review", "flagged for review")
	add(r.Invalid, "contact not imported (invalid in XPM)", "contacts not imported (invalid in XPM)")
	if len(parts) == 0 {
		return NoChanges
	}
	return strings.Join(parts, ", ")
}

// Schedule is where automatic syncing stands, in the scheduler's terms.
type Schedule struct {
	Running, Paused bool
	HeldUntil       time.Time // automatic syncs wait for Xero's call allowance until then
	Next            time.Time // zero: nothing planned (not connected)
	NextFull        bool
	LastStarted     time.Time // zero: never synced
	LastEnded       time.Time
	Failures        int  // failed runs in a row
	LastStopped     bool // the last run ended with an error that was not a failure (cancelled, refused)
}

// NextSync says what the scheduler does next.
func NextSync(s Schedule, now time.Time) string {
	switch {
	case s.Running:
		return ""
	case s.Paused:
		return "Automatic syncing is paused; resume it from the tray icon."
	case !s.HeldUntil.IsZero():
		return "Automatic syncs wait for Xero's call allowance until " + day(s.HeldUntil) + "."
	case s.Next.IsZero():
		return "Automatic syncing starts once XPM Sync is connected (Connection tab)."
	}
	what := "Next sync"
	if s.NextFull {
		what = "Next full resync"
	}
	if !s.Next.After(now) {
		return what + ": due now."
	}
	return fmt.Sprintf("%s at %s (in %s).", what, clock(s.Next), Until(s.Next.Sub(now)))
}

// Until says how long until something, to the minute: "under a minute", "42 min", "2 h 05 min".
func Until(d time.Duration) string {
	if d < time.Minute {
		return "under a minute"
	}
	if d < time.Hour {
		return fmt.Sprintf("%d min", int(d/time.Minute))
	}
	return fmt.Sprintf("%d h %02d min", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// TrayLine is the tray menu's status line.
func TrayLine(s Schedule, now time.Time) string {
	switch {
	case s.Running:
		return "Syncing now…"
	case s.LastStarted.IsZero():
		return "Not synced yet"
	case s.Failures > 0:
		return fmt.Sprintf("Last sync failed %s (%d in a row)", Ago(s.LastEnded, now), s.Failures)
	case s.LastStopped:
		return "Last sync stopped " + Ago(s.LastEnded, now)
	}
	return "Last sync OK " + Ago(s.LastEnded, now)
}

func clock(t time.Time) string { return t.Local().Format("15:04") }
func day(t time.Time) string   { return t.Local().Format("Mon 15:04") }

// Progress is a running step for the status bar: "Fetching clients 1,200 of 15,000".
func Progress(step string, done, total int) string {
	if total > 0 {
		return fmt.Sprintf("%s %s of %s", step, Thousands(done), Thousands(total))
	}
	if done > 0 {
		return fmt.Sprintf("%s %s", step, Thousands(done))
	}
	return step
}

// Synced is the status bar's word on the last finished run: status "ok", "cancelled" or
// "failed"; seat names the computer that synced on a shared database ("" on one computer).
func Synced(status string, finished time.Time, changes int, seat string, now time.Time) string {
	if status != "ok" {
		return "Last sync " + status + " " + Ago(finished, now)
	}
	text := "Synced " + Ago(finished, now)
	if seat != "" {
		text = "Synced by " + seat + " " + Ago(finished, now)
	}
	if changes > 0 {
		text += " · " + Count(changes, "change")
	}
	return text
}
