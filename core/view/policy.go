package view

import "xpmsync/core/model"

// Direction says which side is the source of truth for linked clients (seed 000).
type Direction int

const (
	// FromXPM: changes made in XPM flow to this app; local edits of synced fields are overwritten.
	FromXPM Direction = iota
	// ToXPM: changes made in this app flow to XPM; XPM edits of synced fields are overwritten.
	ToXPM
)

// String gives the words the UI shows.
func (d Direction) String() string {
	if d == ToXPM {
		return "To XPM"
	}
	return "From XPM"
}

// Overwrites says in plain words which side a direction overwrites (the confirmation dialog).
func (d Direction) Overwrites() string {
	if d == ToXPM {
		return "Changes made in Xero Practice Manager to synced fields will be overwritten by the values in XPM Sync."
	}
	return "Changes made in XPM Sync to synced fields will be overwritten by the values in Xero Practice Manager."
}

// Level says how much of a linked client keeps syncing (seed 000 "Sync Data").
type Level int

const (
	// Everything syncs the client's name, addresses, phone, fax, contacts, and the
	// always-from-XPM details.
	Everything Level = iota
	// NameOnly syncs the client name only.
	NameOnly
	// Nothing stops linked records from updating after they were created.
	Nothing
)

// String gives the words the UI shows.
func (l Level) String() string {
	switch l {
	case NameOnly:
		return "Client name only"
	case Nothing:
		return "Nothing"
	}
	return "Everything"
}

// Outcome is how one field of one linked client was settled.
type Outcome int

const (
	// Unchanged: both sides already agree.
	Unchanged Outcome = iota
	// TookXPM: XPM's value was applied locally.
	TookXPM
	// PushedLocal: the local value is sent to XPM.
	PushedLocal
	// DirectionWins: both sides changed since the last sync; the configured direction's value
	// was kept, the losing value stored in field history (source "conflict") and the client
	// flagged for review.
	DirectionWins
	// NotSynced: the level (or an unlinked staff member) keeps this field out of the sync.
	NotSynced
)

// String names the outcome for previews and logs.
func (o Outcome) String() string {
	return [...]string{"unchanged", "from XPM", "to XPM", "conflict", "not synced"}[o]
}

// Policy is the user's sync settings.
type Policy struct {
	Direction          Direction
	Level              Level
	ImportAll          bool   // create a local client for every XPM client (otherwise the user picks)
	DefaultCountryCode string // calling code for local mobile numbers, digits only ("61")
}

// DefaultPolicy is what a new installation starts with: XPM is the source of truth and
// nothing is imported until the user picks it.
func DefaultPolicy() Policy {
	return Policy{Direction: FromXPM, Level: Everything, DefaultCountryCode: "61"}
}

// Synced reports whether the policy keeps a client field of class c in sync.
func (p Policy) Synced(c model.FieldClass) bool {
	switch p.Level {
	case Everything:
		return true
	case NameOnly:
		return c == model.ClassName || c == model.ClassStaffRole
	}
	return false
}

// SyncsContacts reports whether contacts follow the sync (level Everything only).
func (p Policy) SyncsContacts() bool { return p.Level == Everything }

// FieldsCovered lists the labels of the client fields a level syncs, for the Sync Settings tab.
func FieldsCovered(l Level) (synced []string, fromXPMOnly []string) {
	p := Policy{Level: l}
	for _, f := range model.ClientFields {
		if !p.Synced(f.Class) {
			continue
		}
		if f.Class == model.ClassFromXPM {
			fromXPMOnly = append(fromXPMOnly, f.Label)
		} else {
			synced = append(synced, f.Label)
		}
	}
	if p.SyncsContacts() {
		synced = append(synced, "Contacts: name, email, phone, mobile, salutation")
	}
	return synced, fromXPMOnly
}
