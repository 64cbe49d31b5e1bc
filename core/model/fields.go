package model

// FieldClass says which sync rules a client field follows (seed 000 "What information is
// synced in Everything?"), so the engine, the Sync Settings tab and the Clients tab agree.
type FieldClass int

const (
	// ClassName is the client name: synced at level Everything and Client name only.
	ClassName FieldClass = iota
	// ClassEverything is synced only at level Everything: address, postal address, phone, fax.
	ClassEverything
	// ClassFromXPM only ever flows from XPM, whatever the direction (group, website, tax
	// registration, company structure, and every detail the article does not list).
	ClassFromXPM
	// ClassStaffRole (Partner/Manager) syncs both ways whatever the direction, when the
	// staff member is linked (seed 001).
	ClassStaffRole
)

// ClientField is one syncable scalar field of a client.
type ClientField struct {
	Key   string // XPM read element name; stable key in SQLite (field history, baselines)
	Label string // words a bookkeeper knows
	Write string // XPM element name for add/update ("" = read-only through the API)
	Class FieldClass
	Get   func(*Client) string
	Set   func(*Client, string)
}

// ClientFields lists the client's syncable scalar fields in display order.
var ClientFields = []ClientField{
	{"Name", "Name", "Name", ClassName, func(c *Client) string { return c.Name }, func(c *Client, v string) { c.Name = v }},
	{"Address", "Street address", "Address", ClassEverything, func(c *Client) string { return c.Address }, func(c *Client, v string) { c.Address = v }},
	{"City", "City", "City", ClassEverything, func(c *Client) string { return c.City }, func(c *Client, v string) { c.City = v }},
	{"Region", "Region", "Region", ClassEverything, func(c *Client) string { return c.Region }, func(c *Client, v string) { c.Region = v }},
	{"PostCode", "Postcode", "PostCode", ClassEverything, func(c *Client) string { return c.PostCode }, func(c *Client, v string) { c.PostCode = v }},
	{"Country", "Country", "Country", ClassEverything, func(c *Client) string { return c.Country }, func(c *Client, v string) { c.Country = v }},
	{"PostalAddress", "Postal address", "PostalAddress", ClassEverything, func(c *Client) string { return c.PostalAddress }, func(c *Client, v string) { c.PostalAddress = v }},
	{"PostalCity", "Postal city", "PostalCity", ClassEverything, func(c *Client) string { return c.PostalCity }, func(c *Client, v string) { c.PostalCity = v }},
	{"PostalRegion", "Postal region", "PostalRegion", ClassEverything, func(c *Client) string { return c.PostalRegion }, func(c *Client, v string) { c.PostalRegion = v }},
	{"PostalPostCode", "Postal postcode", "PostalPostCode", ClassEverything, func(c *Client) string { return c.PostalPostCode }, func(c *Client, v string) { c.PostalPostCode = v }},
	{"PostalCountry", "Postal country", "PostalCountry", ClassEverything, func(c *Client) string { return c.PostalCountry }, func(c *Client, v string) { c.PostalCountry = v }},
	{"Phone", "Phone", "Phone", ClassEverything, func(c *Client) string { return c.Phone }, func(c *Client, v string) { c.Phone = v }},
	{"Fax", "Fax", "Fax", ClassEverything, func(c *Client) string { return c.Fax }, func(c *Client, v string) { c.Fax = v }},
	{"Email", "Email", "Email", ClassFromXPM, func(c *Client) string { return c.Email }, func(c *Client, v string) { c.Email = v }},
	{"Website", "Website", "WebSite", ClassFromXPM, func(c *Client) string { return c.Website }, func(c *Client, v string) { c.Website = v }},
	{"Title", "Title", "Title", ClassFromXPM, func(c *Client) string { return c.Title }, func(c *Client, v string) { c.Title = v }},
	{"FirstName", "First name", "FirstName", ClassFromXPM, func(c *Client) string { return c.FirstName }, func(c *Client, v string) { c.FirstName = v }},
	{"LastName", "Last name", "LastName", ClassFromXPM, func(c *Client) string { return c.LastName }, func(c *Client, v string) { c.LastName = v }},
	{"DateOfBirth", "Date of birth", "DateOfBirth", ClassFromXPM, func(c *Client) string { return c.DateOfBirth }, func(c *Client, v string) { c.DateOfBirth = v }},
	{"Gender", "Gender", "Gender", ClassFromXPM, func(c *Client) string { return c.Gender }, func(c *Client, v string) { c.Gender = v }},
	{"ClientCode", "Client code", "ClientCode", ClassFromXPM, func(c *Client) string { return c.ClientCode }, func(c *Client, v string) { c.ClientCode = v }},
	{"BusinessStructure", "Company structure", "BusinessStructure", ClassFromXPM, func(c *Client) string { return c.Tax.BusinessStructure }, func(c *Client, v string) { c.Tax.BusinessStructure = v }},
	{"BusinessNumber", "Business number", "BusinessNumber", ClassFromXPM, func(c *Client) string { return c.Tax.BusinessNumber }, func(c *Client, v string) { c.Tax.BusinessNumber = v }},
	{"CompanyNumber", "Company number", "CompanyNumber", ClassFromXPM, func(c *Client) string { return c.Tax.CompanyNumber }, func(c *Client, v string) { c.Tax.CompanyNumber = v }},
	{"GSTRegistered", "GST registered", "GSTRegistered", ClassFromXPM, func(c *Client) string { return c.Tax.GSTRegistered }, func(c *Client, v string) { c.Tax.GSTRegistered = v }},
	{"AccountManager", "Partner", "AccountManagerUUID", ClassStaffRole, func(c *Client) string { return c.AccountManager.UUID }, func(c *Client, v string) { c.AccountManager = Ref{UUID: v} }},
	{"JobManager", "Manager", "JobManagerUUID", ClassStaffRole, func(c *Client) string { return c.JobManager.UUID }, func(c *Client, v string) { c.JobManager = Ref{UUID: v} }},
}

// FieldByKey finds a client field by its Key.
func FieldByKey(key string) (ClientField, bool) {
	for _, f := range ClientFields {
		if f.Key == key {
			return f, true
		}
	}
	return ClientField{}, false
}

// ContactField is one syncable scalar field of a contact (level Everything).
type ContactField struct {
	Key   string
	Label string
	Get   func(*Contact) string
	Set   func(*Contact, string)
}

// ContactFields are the contact fields seed 000 lists under Everything.
var ContactFields = []ContactField{
	{"Name", "Name", func(c *Contact) string { return c.Name }, func(c *Contact, v string) { c.Name = v }},
	{"Email", "Email", func(c *Contact) string { return c.Email }, func(c *Contact, v string) { c.Email = v }},
	{"Phone", "Phone", func(c *Contact) string { return c.Phone }, func(c *Contact, v string) { c.Phone = v }},
	{"Mobile", "Mobile", func(c *Contact) string { return c.Mobile }, func(c *Contact, v string) { c.Mobile = v }},
	{"Salutation", "Salutation", func(c *Contact) string { return c.Salutation }, func(c *Contact, v string) { c.Salutation = v }},
}
