// Package activity answers the Integration Progress tab's questions about what the syncs did:
// the past 72 hours of events with filters, sync results per hour, pruning after 30 days, and
// the CSV export. It knows nothing of the UI.
package activity

import (
	"strings"
)

// Groups of event kinds offered by the kind filter, in the order the filter lists them.
const (
	GroupSyncs    = "Syncs"
	GroupCreated  = "Clients created"
	GroupUpdated  = "Clients updated"
	GroupLinked   = "Clients linked"
	GroupConflict = "Conflicts"
	GroupReview   = "Flagged for review"
	GroupInvalid  = "Not imported"
	GroupPush     = "Sent to XPM"
	GroupImport   = "Imports"
	GroupStaff    = "Staff"
	GroupOther    = "Other"
)

// Groups lists the kind filter's choices.
var Groups = []string{GroupSyncs, GroupCreated, GroupUpdated, GroupLinked, GroupConflict, GroupReview,
	GroupInvalid, GroupPush, GroupImport, GroupStaff, GroupOther}

var kindGroup = map[string]string{
	"client_created":     GroupCreated,
	"client_updated":     GroupUpdated,
	"client_unarchived":  GroupUpdated,
	"client_linked":      GroupLinked,
	"conflict":           GroupConflict,
	"client_deleted":     GroupReview,
	"client_archived":    GroupReview,
	"client_gone":        GroupReview,
	"client_merged":      GroupReview,
	"validation_failed":  GroupInvalid,
	"gone_check_skipped": GroupSyncs,
}

// GroupOf says which filter group an event kind belongs to. Kinds added later by other parts of
// the app fall into a group by their prefix (sync_, push_, staff_), else into Other.
func GroupOf(kind string) string {
	if g, ok := kindGroup[kind]; ok {
		return g
	}
	switch {
	case strings.HasPrefix(kind, "sync_"):
		return GroupSyncs
	case strings.HasPrefix(kind, "push_"):
		return GroupPush
	case strings.HasPrefix(kind, "import_"):
		return GroupImport
	case strings.HasPrefix(kind, "staff_"):
		return GroupStaff
	}
	return GroupOther
}

var kindLabel = map[string]string{
	"sync_started":           "Sync started",
	"sync_finished":          "Sync finished",
	"sync_failed":            "Sync failed",
	"sync_postponed":         "Sync postponed",
	"client_created":         "Client created",
	"client_updated":         "Client updated",
	"client_unarchived":      "Client unarchived in XPM",
	"client_linked":          "Client linked",
	"conflict":               "Conflict",
	"client_deleted":         "Client deleted in XPM",
	"client_archived":        "Client archived in XPM",
	"client_gone":            "Client gone from XPM",
	"client_merged":          "Client merged in XPM",
	"validation_failed":      "Not imported",
	"push_queued":            "Change waiting to send",
	"push_sent":              "Change sent to XPM",
	"push_failed":            "Send to XPM failed",
	"staff_created":          "Staff created in XPM",
	"staff_linked":           "Team member linked to XPM staff",
	"staff_unlinked":         "Team member unlinked",
	"staff_added":            "Team member added",
	"staff_removed":          "Team member removed",
	"staff_create_cancelled": "Creation in XPM cancelled",
	"import_started":         "Import started",
	"import_finished":        "Import finished",
	"import_failed":          "Import failed",
	"import_item_imported":   "Item imported",
	"import_item_ignored":    "Item ignored",
	"import_item_linked":     "Item linked to existing",
}

// Label is an event kind in words ("client_updated" → "Client updated").
func Label(kind string) string {
	if l, ok := kindLabel[kind]; ok {
		return l
	}
	s := strings.ReplaceAll(kind, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Results offered by the result filter, as stored.
var Results = []string{"ok", "failed", "warning", "pending", "skipped"}

// ResultOf is an event's result in words; a start has no outcome yet.
func ResultOf(kind, result string) string {
	if kind == "sync_started" && result == "ok" {
		return "Started"
	}
	return ResultLabel(result)
}

// ResultLabel is a stored result in words.
func ResultLabel(result string) string {
	switch result {
	case "ok":
		return "Done"
	case "failed":
		return "Failed"
	case "warning":
		return "Needs a look"
	case "pending":
		return "Waiting"
	case "skipped":
		return "Skipped"
	}
	return result
}
