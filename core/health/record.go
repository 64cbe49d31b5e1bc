// Package health finds what is wrong in the practice's client data — likely duplicates, gaps,
// badly formed values and inconsistencies — from the local database alone, so the review works
// offline and costs XPM nothing. Run is a pure function of the loaded records; Load reads them.
package health

import "xpmsync/core/store"

// Record is one client as the Clients list shows it: a local client (with the XPM client it is
// linked to, if any) or an XPM client not imported. Only what the checks read is kept.
type Record struct {
	Row        store.RowKey
	UUID       string // XPM UUID: the linked client's, or the XPM-only client's own
	Name       string
	FirstName  string
	LastName   string
	DOB        string
	Email      string
	Phone      string
	Postal     string // postal address lines
	PostCode   string
	Country    string
	PostalCode string // postal address post code
	PostalCtry string
	Business   string // business number (ABN / NZBN)
	Company    string // company number (ACN / NZ company number)
	TaxNumber  string // masked by XPM on read; masked values are never compared
	Partner    Staff
	Manager    Staff
	Prospect   bool
	Archived   bool // archived on this side (a local client's own flag, or XPM's)
	XPMArchive bool // the linked XPM client is archived in XPM
	WebURL     string
	Contacts   []Contact
}

// Staff is a client's Partner or Manager as far as the checks care.
type Staff struct {
	Name   string
	Set    bool // the client has one
	Linked bool // a local team member linked to an XPM staff member
}

// Contact is one of a client's contacts.
type Contact struct {
	UUID    string
	Name    string
	Email   string
	Phone   string
	Mobile  string
	Primary bool
}

// Local reports whether the record is one of the practice's own clients (it can be edited here).
func (r *Record) Local() bool { return r.Row.Kind == store.KindLocal }

// Data is everything the checks read: the records and the practice's default calling code.
type Data struct {
	Records     []Record
	CountryCode string // digits, as contact validation uses it ("61")
}
