package view

import (
	"errors"
	"fmt"
	"time"
)

// Kind is the kind of sync a button or the scheduler asks for.
type Kind int

const (
	// Delta fetches only the clients XPM changed since the last sync ("Resync now").
	Delta Kind = iota
	// Full fetches every client and notices those XPM no longer lists ("Resync all").
	Full
)

// String names the kind as sync_runs records it.
func (k Kind) String() string {
	if k == Full {
		return "full"
	}
	return "delta"
}

// ManualEvery is how often each manual resync button may be pressed (seed 002).
const ManualEvery = 5 * time.Minute

// Result sums up one sync run.
type Result struct {
	RunID     int64
	Kind      Kind
	Clients   int // XPM clients received
	Contacts  int // XPM contacts received
	Staff     int // XPM staff received
	Created   int // local clients created (import all)
	Updated   int // local clients changed
	Pushed    int // changes sent to XPM
	Conflicts int // clients with a field changed on both sides
	Flagged   int // clients newly flagged for review (conflict, deleted, archived, merged, gone)
	Invalid   int // records not imported (see the sync summary)
	APICalls  int64
	Duration  time.Duration
}

// PlanItem is one thing the next sync would do.
type PlanItem struct {
	ClientID int64
	XPMUUID  string
	Client   string
	Field    string // field label, or "" for a whole-client action
	Local    string
	XPM      string
	Result   string
	Outcome  Outcome
	Note     string // words for whole-client actions: "would be created", "deleted in XPM", …
}

// Plan is what the next "Resync now" would do, worked out without changing anything.
type Plan struct {
	Kind      Kind
	Since     time.Time // zero for a full list
	Fetched   int       // XPM clients the list returned
	NewInXPM  []string  // XPM clients not seen before (pickable, or created with import-all)
	Created   []PlanItem
	Changes   []PlanItem // field changes on linked clients
	Flags     []PlanItem // clients that would be flagged for review
	Invalid   int        // records that would not be imported
	OutboxDue int        // local changes waiting to be sent to XPM
}

// Empty reports whether the next sync would change nothing here or in XPM.
func (p Plan) Empty() bool {
	return len(p.NewInXPM) == 0 && len(p.Created) == 0 && len(p.Changes) == 0 && len(p.Flags) == 0 && p.OutboxDue == 0
}

// ThrottledError says a manual resync was pressed again too soon.
type ThrottledError struct {
	Kind Kind
	At   time.Time // when the button is available again
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("a manual %s sync can run once every 5 minutes; try again at %s", e.Kind, e.At.Local().Format("15:04:05"))
}

// ErrThrottled matches any *ThrottledError with errors.Is.
var ErrThrottled = errors.New("manual resync throttled")

// Is lets errors.Is(err, ErrThrottled) work.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// ChangedSinceError says XPM changed chosen fields after the comparison was made: nothing was
// overwritten, and the client's XPM values are now the new ones, so the user can choose again.
type ChangedSinceError struct{ Words string }

func (e *ChangedSinceError) Error() string { return e.Words }
