package view

import (
	"errors"
	"fmt"
	"time"

	"xpmsync/core/model"
)

// RowKind tells a local client from an XPM client that has not been imported.
type RowKind string

const (
	// KindLocal is one of the practice's own clients (linked to XPM or not).
	KindLocal RowKind = "L"
	// KindXPM is an XPM client with no local record yet (seed 000: pickable, not auto-created).
	KindXPM RowKind = "X"
)

// ClientRow is one line of the Clients list: just what the list shows and filters on.
type ClientRow struct {
	Kind      RowKind
	ID        int64  // local client ID (KindLocal)
	XPMUUID   string // linked or XPM-only UUID
	Name      string
	Email     string
	Phone     string
	Code      string
	Review    string
	Archived  bool // in XPM
	Deleted   bool // in XPM
	Gone      bool // missing from XPM's last full list
	UpdatedAt time.Time
	Differs   bool // linked and some field differs from XPM (set by ClientRowsByKeys only)
}

// Linked reports whether a local row is linked to XPM.
func (r ClientRow) Linked() bool { return r.Kind == KindLocal && r.XPMUUID != "" }

// Key is the row's RowKey.
func (r ClientRow) Key() RowKey {
	if r.Kind == KindLocal {
		return RowKey{Kind: KindLocal, ID: r.ID}
	}
	return RowKey{Kind: KindXPM, XPMUUID: r.XPMUUID}
}

// RowKey identifies one line of the Clients list.
type RowKey struct {
	Kind    RowKind
	ID      int64  // local client (KindLocal)
	XPMUUID string // XPM-only client (KindXPM); "" for local rows
}

// RowFilter narrows the Clients list.
type RowFilter string

// Filters understood by the Clients list query.
const (
	FilterAll         RowFilter = ""
	FilterLocal       RowFilter = "local"
	FilterXPMOnly     RowFilter = "xpm"
	FilterLinked      RowFilter = "linked"
	FilterNotLinked   RowFilter = "notlinked"
	FilterDifferences RowFilter = "differences" // linked clients whose fields differ from the XPM mirror
	FilterConflict    RowFilter = "conflict"    // a field changed on both sides (review = conflict)
	FilterInvalid     RowFilter = "invalid"     // flagged invalid, or records a sync could not import
	FilterReview      RowFilter = "review"      // needs a look: flagged for review, or differing from XPM
	FilterArchived    RowFilter = "archived"    // archived, deleted or gone in XPM
)

// RowQuery is a search of the Clients list. Every set part narrows the result.
type RowQuery struct {
	Text      string
	Filter    RowFilter
	PartnerID int64  // local team member who is the client's Partner (0 = any)
	ManagerID int64  // local team member who is the client's Manager (0 = any)
	Group     string // client group name (case-insensitive; "" = any)
	SortBy    string // "name" (default) or "changed"
	Limit     int    // 0 = no limit
}

// ClientList is the result of a list query in order, with each row's search-index entry, so
// what the user types can narrow it without running the query again.
type ClientList struct {
	Keys []RowKey
	// SearchIDs are the rows' search-index entries, in the order of Keys. Only the store reads
	// them: a screen hands the list back as it got it.
	SearchIDs []int64
}

// FilterChoices are the partners, managers and groups the Clients list can be narrowed to.
type FilterChoices struct {
	Partners []TeamMember // team members who are some client's Partner
	Managers []TeamMember // team members who are some client's Manager
	Groups   []string     // client group names, sorted
}

// LocalClient is one of the practice's own client records.
type LocalClient struct {
	ID             int64
	Client         model.Client // Client.UUID mirrors XPMUUID; contacts are read from their tables
	XPMUUID        string       // "" = not linked
	LinkHow        string
	LinkedAt       time.Time
	PartnerStaffID int64
	ManagerStaffID int64
	Review         string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Version counts the row's saves. A checked save of a copy read at one version is refused
	// once the row has moved on (ClientChangedError), so no seat overwrites a change it
	// never saw. 0 = not read from the store.
	Version int64
}

// LocalRelationship is a person or entity the practice records against one of its clients.
type LocalRelationship struct {
	ID              int64
	ClientID        int64
	RelatedClientID int64 // the local client it points at; 0 = none here
	RelatedName     string
	Type            string
	NumberOfShares  string
	Percentage      string
	StartDate       string
	EndDate         string
	XPMUUID         string // "" = not linked to an XPM relationship
	Email           string
}

// FieldChange is one row of a client's field history.
type FieldChange struct {
	ID       int64
	ClientID int64
	Field    string
	Old      string
	New      string
	Source   string
	At       time.Time
	RunID    int64
}

// Sources of a field change in a client's field history.
const (
	SourceXPM      = "xpm"      // applied from XPM by a sync
	SourceLocal    = "local"    // the local value was sent to XPM, overriding XPM's value
	SourceUser     = "user"     // edited in this app
	SourceConflict = "conflict" // both sides changed; this is the value that lost
)

// ErrClientChanged matches a *ClientChangedError: a save made from a copy of a client that another
// seat (or a sync) changed after it was read.
var ErrClientChanged = errors.New("the client was changed since it was read")

// ClientChangedError refuses a save made from an old read. Current is the client as it is now,
// so the user can see both values and choose; nothing was written.
type ClientChangedError struct {
	Current LocalClient
}

func (e *ClientChangedError) Error() string {
	return fmt.Sprintf("%q was changed by someone else (or a sync) after you opened it", e.Current.Client.Name)
}

// Is lets errors.Is(err, ErrClientChanged) find it.
func (e *ClientChangedError) Is(target error) bool { return target == ErrClientChanged }
