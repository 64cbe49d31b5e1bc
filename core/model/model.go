// Package model holds the records XPM Sync keeps, in the shape XPM v3.1 gives them.
// Field names follow the XPM XML element names so a reader can map one to the other
// without a table; local-only bookkeeping lives in the store, not here. It also declares the
// event kinds of the Integration Progress history (events.go), each with its filter group and
// plain name. It imports no other package of the app, so every layer, screens included, may
// use it.
package model

import "time"

// Ref is XPM's {UUID, Name} reference to another record (a staff member, a client, a group).
type Ref struct {
	UUID string
	Name string
}

// IsZero reports whether the reference points at nothing.
func (r Ref) IsZero() bool { return r.UUID == "" && r.Name == "" }

// BillingType is XPM's client billing/payment type; read-only through the API.
type BillingType struct {
	Name        string
	CostMarkup  string
	PaymentTerm string
	PaymentDay  string
}

// TaxDetails are the practice-management-module fields. They are kept as XPM's own
// strings ("Yes"/"No", "2 Monthly") because several are tri-state (absent when the
// module is off) and must round-trip unchanged.
type TaxDetails struct {
	TaxNumber                string // masked on read (e.g. "******123"): never write a read value back
	CompanyNumber            string
	BusinessNumber           string
	BranchNumber             string
	BusinessStructure        string
	BalanceMonth             string
	PrepareGST               string
	GSTRegistered            string
	GSTPeriod                string // read names: "Monthly", "2 Monthly", "6 Monthly"; written as 1/2/6
	GSTBasis                 string
	ProvisionalTaxBasis      string
	ProvisionalTaxRatio      string
	SignedTaxAuthority       string
	TaxAgent                 string
	AgencyStatus             string
	ReturnType               string
	PrepareActivityStatement string
	PrepareTaxReturn         string
	ActiveAtoClient          string
	// AU bank details; the OAS names them bankBsb etc., so these XML names are inferred.
	BankBSB           string
	BankAccountName   string
	BankAccountNumber string
	BankName          string
}

// Contact is a person attached to one or more clients. IsPrimary and Position belong to
// the link between the contact and one client, so they are only meaningful in that context.
type Contact struct {
	UUID       string
	LocalKey   string `json:",omitempty"` // stable local name of a contact made here (not XPM's)
	Name       string
	Salutation string
	Addressee  string
	Mobile     string
	Email      string
	Phone      string
	Position   string
	IsPrimary  bool
	IsDeleted  bool
}

// Note is a client note as XPM returns it in detailed lists.
type Note struct {
	Title     string
	Text      string
	Folder    string
	Tag       string
	Date      string
	CreatedBy string
}

// Relationship links a client to another client (Director, Shareholder, Trustee, …).
type Relationship struct {
	UUID           string
	Type           string
	RelatedClient  Ref
	NumberOfShares string
	Percentage     string
	StartDate      string // yyyy-mm-dd
	EndDate        string // yyyy-mm-dd
}

// Client is one XPM client record (individual, company, trust, partnership, …).
type Client struct {
	UUID                    string
	Name                    string
	Title                   string
	Gender                  string
	FirstName               string
	MiddleName              string
	LastName                string
	OtherName               string
	Email                   string
	DateOfBirth             string // yyyy-mm-dd, normalised from either XPM form
	DateOfDeath             string // yyyy-mm-dd
	PlaceOfBirthCity        string
	PlaceOfBirthCountryCode string
	Industry                string
	Address                 string
	City                    string
	Region                  string
	PostCode                string
	Country                 string
	PostalAddress           string
	PostalCity              string
	PostalRegion            string
	PostalPostCode          string
	PostalCountry           string
	Phone                   string
	Fax                     string
	Website                 string
	ReferralSource          string
	ExportCode              string
	ClientCode              string
	IsProspect              bool
	IsArchived              bool
	IsDeleted               bool
	AccountManager          Ref // the practice's "Partner"
	JobManager              Ref // the practice's "Manager"
	BillingClient           Ref
	Type                    BillingType
	Tax                     TaxDetails
	Contacts                []Contact
	Notes                   []Note
	Groups                  []Ref
	Relationships           []Relationship
	WebURL                  string
}

// Staff is one XPM staff member (a "team member" on the local side).
type Staff struct {
	UUID        string
	Name        string
	Email       string
	Phone       string
	Mobile      string
	Address     string
	PayrollCode string
	WebURL      string
}

// Group is an XPM client group.
type Group struct {
	UUID    string
	Name    string
	Taxable string
	Clients []Ref
	WebURL  string
}

// Connection is one Xero tenant the user granted access to (GET /connections).
type Connection struct {
	ID             string
	AuthEventID    string
	TenantID       string
	TenantType     string
	TenantName     string
	CreatedDateUTC time.Time
	UpdatedDateUTC time.Time
}
