// Package activity answers the Integration Progress tab's questions about what the syncs did:
// the past 72 hours of events with filters, sync results per hour, pruning after 30 days, and
// the CSV export. It knows nothing of the UI.
package activity

import (
	"xpmsync/core/model"
)

// Groups of event kinds offered by the kind filter, in the order the filter lists them. The
// kinds, their groups and their plain names are declared once, in core/model.
const (
	GroupSyncs    = string(model.GroupSyncs)
	GroupCreated  = string(model.GroupCreated)
	GroupUpdated  = string(model.GroupUpdated)
	GroupLinked   = string(model.GroupLinked)
	GroupConflict = string(model.GroupConflict)
	GroupReview   = string(model.GroupReview)
	GroupInvalid  = string(model.GroupInvalid)
	GroupPush     = string(model.GroupPush)
	GroupImport   = string(model.GroupImport)
	GroupStaff    = string(model.GroupStaff)
	GroupOther    = string(model.GroupOther)
)

// Groups lists the kind filter's choices.
var Groups = func() []string {
	out := make([]string, len(model.EventGroups))
	for i, g := range model.EventGroups {
		out[i] = string(g)
	}
	return out
}()

// GroupOf says which filter group an event kind belongs to.
func GroupOf(kind string) string { return string(model.EventKind(kind).Group()) }

// Label is an event kind in words ("client_updated" → "Client updated").
func Label(kind string) string { return model.EventKind(kind).Label() }

// Results offered by the result filter, as stored.
var Results = []string{"ok", "failed", "warning", "pending", "skipped"}

// ResultOf is an event's result in words; a start has no outcome yet.
func ResultOf(kind, result string) string {
	switch {
	case kind == "sync_started" && result == "ok":
		return "Started"
	case kind == string(model.EventPushQueued):
		// A queued change is waiting until the outbox settles it: then it was sent, refused by
		// XPM, or not sent at all (see syncer's settleQueuedTx).
		switch result {
		case "ok":
			return "Sent"
		case "failed":
			return "Refused"
		case "skipped":
			return "Not sent"
		}
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
