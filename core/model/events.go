package model

import "strings"

// EventKind names what one entry of the Integration Progress history records. Every kind is
// declared here with its filter group and its plain name (see eventKinds), so no kind falls
// into the "Other" filter by accident and every tab, export and log says it the same way.
type EventKind string

// The event kinds, by the part of the app that records them.
const (
	EventSyncStarted      EventKind = "sync_started"
	EventSyncFinished     EventKind = "sync_finished"
	EventSyncFailed       EventKind = "sync_failed"
	EventSyncPostponed    EventKind = "sync_postponed"
	EventGoneCheckSkipped EventKind = "gone_check_skipped"
	EventSettingsChanged  EventKind = "settings_changed"

	EventClientCreated    EventKind = "client_created"
	EventClientUpdated    EventKind = "client_updated"
	EventClientUnarchived EventKind = "client_unarchived"
	EventClientLinked     EventKind = "client_linked"
	EventClientUnlinked   EventKind = "client_unlinked"
	EventConflict         EventKind = "conflict"
	EventClientDeleted    EventKind = "client_deleted"
	EventClientArchived   EventKind = "client_archived"
	EventClientGone       EventKind = "client_gone"
	EventClientMerged     EventKind = "client_merged"
	EventClientFailed     EventKind = "client_failed"
	EventNotImported      EventKind = "validation_failed"

	EventPushQueued  EventKind = "push_queued"
	EventPushSent    EventKind = "push_sent"
	EventPushFailed  EventKind = "push_failed"
	EventPushSkipped EventKind = "push_skipped"

	EventImportStarted  EventKind = "import_started"
	EventImportFinished EventKind = "import_finished"
	EventImportFailed   EventKind = "import_failed"
	EventItemImported   EventKind = "import_item_imported"
	EventItemIgnored    EventKind = "import_item_ignored"
	EventItemLinked     EventKind = "import_item_linked"

	EventStaffLinked   EventKind = "staff_linked"
	EventStaffCreated  EventKind = "staff_created"
	EventStaffUnlinked EventKind = "staff_unlinked"
)

// EventGroup is one choice of the Integration Progress tab's kind filter.
type EventGroup string

// The kind filter's groups.
const (
	GroupSyncs    EventGroup = "Syncs"
	GroupCreated  EventGroup = "Clients created"
	GroupUpdated  EventGroup = "Clients updated"
	GroupLinked   EventGroup = "Clients linked"
	GroupConflict EventGroup = "Conflicts"
	GroupReview   EventGroup = "Flagged for review"
	GroupInvalid  EventGroup = "Not imported"
	GroupPush     EventGroup = "Sent to XPM"
	GroupImport   EventGroup = "Imports"
	GroupStaff    EventGroup = "Staff"
	GroupOther    EventGroup = "Other"
)

// EventGroups lists the kind filter's choices in the order it shows them.
var EventGroups = []EventGroup{GroupSyncs, GroupCreated, GroupUpdated, GroupLinked, GroupConflict, GroupReview,
	GroupInvalid, GroupPush, GroupImport, GroupStaff, GroupOther}

type eventKindInfo struct {
	group EventGroup
	label string
}

var eventKinds = map[EventKind]eventKindInfo{
	EventSyncStarted:      {GroupSyncs, "Sync started"},
	EventSyncFinished:     {GroupSyncs, "Sync finished"},
	EventSyncFailed:       {GroupSyncs, "Sync failed"},
	EventSyncPostponed:    {GroupSyncs, "Sync postponed"},
	EventGoneCheckSkipped: {GroupSyncs, "Gone check skipped"},
	EventSettingsChanged:  {GroupSyncs, "Sync settings changed"},

	EventClientCreated:    {GroupCreated, "Client created"},
	EventClientUpdated:    {GroupUpdated, "Client updated"},
	EventClientUnarchived: {GroupUpdated, "Client unarchived in XPM"},
	EventClientLinked:     {GroupLinked, "Client linked"},
	EventClientUnlinked:   {GroupLinked, "Client unlinked"},
	EventConflict:         {GroupConflict, "Conflict"},
	EventClientDeleted:    {GroupReview, "Client deleted in XPM"},
	EventClientArchived:   {GroupReview, "Client archived in XPM"},
	EventClientGone:       {GroupReview, "Client gone from XPM"},
	EventClientMerged:     {GroupReview, "Client merged in XPM"},
	EventClientFailed:     {GroupInvalid, "Client not saved"},
	EventNotImported:      {GroupInvalid, "Not imported"},

	EventPushQueued:  {GroupPush, "Change queued for XPM"}, // its result says what became of it
	EventPushSent:    {GroupPush, "Change sent to XPM"},
	EventPushFailed:  {GroupPush, "Send to XPM failed"},
	EventPushSkipped: {GroupPush, "Change not sent"},

	EventImportStarted:  {GroupImport, "Import started"},
	EventImportFinished: {GroupImport, "Import finished"},
	EventImportFailed:   {GroupImport, "Import failed"},
	EventItemImported:   {GroupImport, "Item imported"},
	EventItemIgnored:    {GroupImport, "Item ignored"},
	EventItemLinked:     {GroupImport, "Item linked to existing"},

	EventStaffLinked:   {GroupStaff, "Team member linked to XPM staff"},
	EventStaffCreated:  {GroupStaff, "Staff created in XPM"},
	EventStaffUnlinked: {GroupStaff, "Team member unlinked"},
}

// Group is the kind filter's group of k. A kind not declared here (recorded by a newer
// version of the app) goes by its prefix (sync_, push_, import_, staff_), else into Other.
func (k EventKind) Group() EventGroup {
	if info, ok := eventKinds[k]; ok {
		return info.group
	}
	for prefix, g := range map[string]EventGroup{"sync_": GroupSyncs, "push_": GroupPush, "import_": GroupImport, "staff_": GroupStaff} {
		if strings.HasPrefix(string(k), prefix) {
			return g
		}
	}
	return GroupOther
}

// Label is k in words ("client_updated" → "Client updated"); an undeclared kind, such as one
// recorded by a newer version of the app, is spelled out from its name.
func (k EventKind) Label() string {
	if info, ok := eventKinds[k]; ok {
		return info.label
	}
	s := []rune(string(k))
	for i, r := range s {
		if r == '_' {
			s[i] = ' '
		}
	}
	if len(s) > 0 && s[0] >= 'a' && s[0] <= 'z' {
		s[0] -= 'a' - 'A'
	}
	return string(s)
}

// Declared reports whether k is one of the kinds above.
func (k EventKind) Declared() bool {
	_, ok := eventKinds[k]
	return ok
}
