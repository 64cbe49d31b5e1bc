package view

import (
	"errors"
	"time"
)

// Kinds of import item.
const (
	ItemRelationship = "relationship" // a person or entity related to the client (Director, Trustee, …)
	ItemContact      = "contact"      // one of the client's contacts
	ItemDetails      = "details"      // the client's own details (applied at once, kept for the record)
)

// States of an import item.
const (
	ItemNew      = "new"      // waiting for the person's decision
	ItemIgnored  = "ignored"  // set aside; offered again by the next import
	ItemImported = "imported" // added to the client; never offered again
	ItemLinked   = "linked"   // replaced a local item; never offered again
)

// ErrDecided means the import item was already imported, ignored or linked (by another
// window, for instance), so the decision was not applied twice.
var ErrDecided = errors.New("this item was already dealt with")

// ImportItem is one XPM item an import found for a local client.
type ImportItem struct {
	ID         int64
	ClientID   int64
	ClientName string // the local client's name (read only)
	Kind       string // ItemRelationship | ItemContact | ItemDetails
	XPMUUID    string
	Name       string
	Label      string // relationship type or contact position
	Payload    string // the XPM item as JSON
	State      string
	LocalID    int64  // local relationship or contact it became or replaced; 0 = none
	LocalName  string // that local item's name when decided
	FirstSeen  time.Time
	SeenAt     time.Time
	DecidedAt  time.Time
}

// Pending reports whether the item waits for a decision.
func (it ImportItem) Pending() bool { return it.State == ItemNew }
