package screens

import (
	"context"
	"io"

	"xpmsync/core/linking"
	"xpmsync/core/view"
)

// The Clients tab talks to core through the small interfaces below, one per kind of work, so
// a test gives it just the part it exercises. *linking.Service provides them all, online or
// offline (actions that need XPM then fail with auth.ErrNotConnected); app/interfaces_check.go
// pins that.

// ClientLister reads the Clients list: the rows for a filter and sort, narrowed by what is
// typed, read a page at a time, and what the partner, manager and group filters can offer.
type ClientLister interface {
	ClientList(ctx context.Context, q view.RowQuery) (view.ClientList, error)
	NarrowList(ctx context.Context, l view.ClientList, text string) ([]view.RowKey, error)
	ClientRowsByKeys(ctx context.Context, keys []view.RowKey) ([]view.ClientRow, error)
	ClientFilterChoices(ctx context.Context) (view.FilterChoices, error)
}

// ClientDetailReader reads everything the detail panel shows about one list row.
type ClientDetailReader interface {
	DetailOf(ctx context.Context, key view.RowKey) (linking.Detail, error)
}

// ClientEditor saves a client edited or added here, after looking for likely duplicates, with
// the team members its Partner and Manager are chosen from, and clears a conflict flag once
// the practice has looked at it.
type ClientEditor interface {
	TeamMembers(ctx context.Context) ([]view.TeamMember, error)
	SaveSaying(ctx context.Context, lc *view.LocalClient) (string, error)
	LikelyDuplicates(ctx context.Context, lc view.LocalClient) (linking.Likely, error)
	ClearConflict(ctx context.Context, clientID int64) error
}

// XPMActions are what the tab does with XPM: find, link, unlink, import, create, read again
// and settle the differences of one client. Online says whether they can work now.
type XPMActions interface {
	Online() bool
	SearchXPM(ctx context.Context, query string) ([]linking.Candidate, bool, error)
	Link(ctx context.Context, clientID int64, uuid string) error
	Unlink(ctx context.Context, clientID int64) error
	Refresh(ctx context.Context, clientID int64) error
	ApplySync(ctx context.Context, clientID int64, choices []linking.Choice) (linking.SyncResult, error)
	CreateInXPM(ctx context.Context, clientID int64) (linking.CreateOutcome, error)
	Import(ctx context.Context, uuid string) (int64, error)
}

// LinkSuggester offers the likely links between local and XPM clients ("Suggested links").
type LinkSuggester interface {
	RefreshSuggestions(ctx context.Context) (exact, partial int, err error)
	Suggestions(ctx context.Context, kind string) ([]linking.Suggestion, error)
	Dismiss(ctx context.Context, clientID int64, uuid string) error
}

// ClientExporter writes the list, as filtered, to CSV.
type ClientExporter interface {
	ExportClients(ctx context.Context, q view.RowQuery, w io.Writer) error
	ExportContacts(ctx context.Context, q view.RowQuery, w io.Writer) error
}

// ClientsBackend is all the Clients tab needs, composed of the parts above.
type ClientsBackend interface {
	ClientLister
	ClientDetailReader
	ClientEditor
	XPMActions
	LinkSuggester
	ClientExporter
}
