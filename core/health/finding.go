package health

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"strings"

	"xpmsync/core/store"
)

// Check describes one kind of problem in words for the summary card.
type Check struct {
	ID      string
	Name    string // plain name ("Likely duplicates")
	Explain string // one line: why it matters
	Weight  int    // how bad one finding is; the summary lists the worst first
}

// The checks, by ID. The order here is the order of the summary when counts tie.
const (
	CheckDuplicate      = "duplicate"
	CheckContactDiffers = "contact_differs"
	CheckArchivedLinked = "archived_linked"
	CheckPartnerUnlink  = "partner_unlinked"
	CheckManagerUnlink  = "manager_unlinked"
	CheckBadEmail       = "bad_email"
	CheckBadMobile      = "bad_mobile"
	CheckBadPhone       = "bad_phone"
	CheckBadPostcode    = "bad_postcode"
	CheckNoEmail        = "missing_email"
	CheckNoPhone        = "missing_phone"
	CheckNoPartner      = "missing_partner"
	CheckNoManager      = "missing_manager"
	CheckNoPostal       = "missing_postal"
)

// Checks lists every check.
var Checks = []Check{
	{CheckDuplicate, "Likely duplicates", "The same client seems to be entered more than once (here or in XPM). Not the same list as Resolve matches, which pairs a client here with its XPM record.", 10},
	{CheckContactDiffers, "Contact details disagree", "A person who is the primary contact on several clients has different details on each.", 8},
	{CheckArchivedLinked, "Archived in XPM, active here", "The XPM client is archived but the local client linked to it is still active.", 8},
	{CheckPartnerUnlink, "Partner not a linked team member", "The client's Partner is not linked to an XPM staff member, so XPM cannot show it.", 6},
	{CheckManagerUnlink, "Manager not a linked team member", "The client's Manager is not linked to an XPM staff member, so XPM cannot show it.", 6},
	{CheckBadEmail, "Email not valid", "Emails to this address will not arrive.", 7},
	{CheckBadMobile, "Mobile not valid", "Text messages to this number will never arrive.", 7},
	{CheckBadPhone, "Phone not valid", "The number cannot be dialled as it is written.", 5},
	{CheckBadPostcode, "Post code does not fit the country", "Mail to this address may not arrive.", 4},
	{CheckNoEmail, "No email", "Neither the client nor any of its contacts has an email address.", 5},
	{CheckNoPhone, "No phone", "Neither the client nor any of its contacts has a phone or mobile number.", 3},
	{CheckNoPartner, "No Partner", "Nobody in the practice is responsible for this client.", 4},
	{CheckNoManager, "No Manager", "Nobody manages this client's jobs.", 3},
	{CheckNoPostal, "No postal address", "Letters and invoices cannot be posted.", 2},
}

// CheckByID finds a check's description; an unknown ID gets its ID as its name.
func CheckByID(id string) Check {
	for _, c := range Checks {
		if c.ID == id {
			return c
		}
	}
	return Check{ID: id, Name: id}
}

// Finding is one problem: which check found it, the clients involved, and the value at fault.
type Finding struct {
	Check   string
	Clients []ClientRef
	Field   string // "Email", "Contact mobile", …
	Value   string
	Reason  string // in plain words, specific to this finding
	// Fingerprint digests the data the finding was made from; a "Not a problem" applies only
	// while it stays the same.
	Fingerprint string
}

// ClientRef names one client of a finding.
type ClientRef struct {
	Row    store.RowKey
	Name   string
	UUID   string
	WebURL string
	Local  bool
}

// RowID writes a client's place in the Clients list as "L:12" or "X:uuid".
func RowID(k store.RowKey) string {
	if k.Kind == store.KindLocal {
		return "L:" + strconv.FormatInt(k.ID, 10)
	}
	return "X:" + k.XPMUUID
}

// Key names the finding independently of the data, so a dismissal can find it again.
func (f *Finding) Key() string {
	rows := make([]string, len(f.Clients))
	for i, c := range f.Clients {
		rows[i] = RowID(c.Row)
	}
	sort.Strings(rows)
	field := f.Field
	if f.Check == CheckDuplicate {
		field = "" // the same group stays the same finding when one more reason joins it
	}
	return f.Check + "|" + strings.Join(rows, ",") + "|" + field
}

// fingerprint digests the parts given; the checks pass the values they judged.
func fingerprint(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}
