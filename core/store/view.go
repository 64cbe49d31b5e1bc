package store

import "xpmsync/core/view"

// The read-model types the store returns are declared in core/view, so screens name them
// without importing the store; these aliases keep the store's own code and its callers as
// they were.
type (
	RowKind           = view.RowKind
	ClientRow         = view.ClientRow
	RowKey            = view.RowKey
	RowFilter         = view.RowFilter
	RowQuery          = view.RowQuery
	ClientList        = view.ClientList
	FilterChoices     = view.FilterChoices
	LocalClient       = view.LocalClient
	LocalRelationship = view.LocalRelationship
	TeamMember        = view.TeamMember
	ImportItem        = view.ImportItem
	Event             = view.Event
	FieldChange       = view.FieldChange
)

// Kinds of Clients-list row.
const (
	KindLocal = view.KindLocal
	KindXPM   = view.KindXPM
)

// Filters understood by ClientRows.
const (
	FilterAll         = view.FilterAll
	FilterLocal       = view.FilterLocal
	FilterXPMOnly     = view.FilterXPMOnly
	FilterLinked      = view.FilterLinked
	FilterNotLinked   = view.FilterNotLinked
	FilterDifferences = view.FilterDifferences
	FilterConflict    = view.FilterConflict
	FilterInvalid     = view.FilterInvalid
	FilterReview      = view.FilterReview
	FilterArchived    = view.FilterArchived
)

// Kinds and states of an import item.
const (
	ItemRelationship = view.ItemRelationship
	ItemContact      = view.ItemContact
	ItemDetails      = view.ItemDetails

	ItemNew      = view.ItemNew
	ItemIgnored  = view.ItemIgnored
	ItemImported = view.ItemImported
	ItemLinked   = view.ItemLinked
)

// ErrDecided means the import item was already dealt with (see view.ErrDecided).
var ErrDecided = view.ErrDecided

// Sources of a field change in field_history.
const (
	SourceXPM      = view.SourceXPM
	SourceLocal    = view.SourceLocal
	SourceUser     = view.SourceUser
	SourceConflict = view.SourceConflict
)
