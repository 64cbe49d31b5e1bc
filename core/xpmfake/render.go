package xpmfake

import (
	"strings"

	"xpmsync/core/model"
)

// clientShape is how much of a client an endpoint shows.
type clientShape int

const (
	shapeBase     clientShape = iota // paged-list: no collections (OAS ClientBaseDto)
	shapeList                        // list/search without detailed: + Contacts
	shapeDetailed                    // detailed list, get, add, update: + Notes, Groups, Relationships
)

type clientView struct {
	shape        clientShape
	dobDateTime  bool // list gives DOB as yyyy-MM-ddT00:00:00, get as yyyy-MM-dd
	webURLInside bool // lists carry WebUrl in the client; get puts it beside the client
	pm           bool // practice-management module fields
}

// maskTax shows only the last three characters, as XPM does on read.
func maskTax(s string) string {
	if s == "" {
		return ""
	}
	n := len([]rune(s))
	if n <= 3 {
		return strings.Repeat("*", n)
	}
	return strings.Repeat("*", n-3) + string([]rune(s)[n-3:])
}

func isIndividual(c *model.Client) bool {
	bs := c.Tax.BusinessStructure
	return bs == "Individual" || bs == "Sole Trader" || c.FirstName != "" || c.LastName != ""
}

func writeClient(x *xw, c *model.Client, v clientView) {
	x.open("Client")
	x.el("UUID", c.UUID)
	x.el("Name", c.Name)
	x.el("Title", c.Title)
	x.el("Gender", c.Gender)
	if isIndividual(c) {
		x.el("FirstName", c.FirstName)
		x.el("MiddleName", c.MiddleName)
		x.el("LastName", c.LastName)
		x.el("OtherName", c.OtherName)
		dob := c.DateOfBirth
		if dob != "" && v.dobDateTime {
			dob += "T00:00:00"
		}
		x.el("DateOfBirth", dob)
		x.el("DateOfDeath", c.DateOfDeath)
		x.el("PlaceOfBirthCity", c.PlaceOfBirthCity)
		x.el("PlaceOfBirthCountryCode", c.PlaceOfBirthCountryCode)
	}
	x.el("Industry", c.Industry)
	x.el("Email", c.Email)
	x.el("Address", c.Address)
	x.el("City", c.City)
	x.el("Region", c.Region)
	x.el("PostCode", c.PostCode)
	x.el("Country", c.Country)
	x.el("PostalAddress", c.PostalAddress)
	x.el("PostalCity", c.PostalCity)
	x.el("PostalRegion", c.PostalRegion)
	x.el("PostalPostCode", c.PostalPostCode)
	x.el("PostalCountry", c.PostalCountry)
	x.el("Phone", c.Phone)
	x.el("Fax", c.Fax)
	x.el("Website", c.Website)
	x.el("ReferralSource", c.ReferralSource)
	x.el("ExportCode", c.ExportCode)
	x.el("ClientCode", c.ClientCode)
	x.yn("IsProspect", c.IsProspect)
	x.yn("IsArchived", c.IsArchived)
	x.yn("IsDeleted", c.IsDeleted)
	if c.AccountManager.UUID != "" {
		x.ref("AccountManager", c.AccountManager)
	}
	if v.pm && c.JobManager.UUID != "" {
		x.ref("JobManager", c.JobManager)
	}
	if c.BillingClient.UUID != "" {
		x.ref("BillingClient", c.BillingClient)
	}
	if c.Type.Name != "" {
		x.open("Type")
		x.el("Name", c.Type.Name)
		x.el("CostMarkup", c.Type.CostMarkup)
		x.el("PaymentTerm", c.Type.PaymentTerm)
		x.el("PaymentDay", c.Type.PaymentDay)
		x.close("Type")
	}
	if v.pm {
		writeTax(x, &c.Tax)
	}
	if v.webURLInside {
		x.el("WebUrl", clientWebURL(c.UUID))
	}
	if v.shape >= shapeList {
		writeList(x, "Contacts", c.Contacts, func(ct *model.Contact) { writeContact(x, ct, true) })
	}
	if v.shape >= shapeDetailed {
		writeNotes(x, c.Notes)
		writeList(x, "Groups", c.Groups, func(g *model.Ref) {
			x.open("Group")
			x.el("UUID", g.UUID)
			x.el("Name", g.Name)
			x.close("Group")
		})
		rels := c.Relationships
		if !v.pm {
			rels = nil // without the Practice Manager module XPM never lists them
		}
		writeList(x, "Relationships", rels, func(r *model.Relationship) { writeRelationship(x, r) })
	}
	x.close("Client")
}

func writeTax(x *xw, t *model.TaxDetails) {
	x.el("TaxNumber", maskTax(t.TaxNumber))
	x.el("CompanyNumber", t.CompanyNumber)
	x.el("BusinessNumber", t.BusinessNumber)
	x.el("BranchNumber", t.BranchNumber)
	x.el("BusinessStructure", t.BusinessStructure)
	x.el("BalanceMonth", t.BalanceMonth)
	x.el("PrepareGST", orNo(t.PrepareGST))
	x.el("GSTRegistered", orNo(t.GSTRegistered))
	x.el("GSTPeriod", t.GSTPeriod)
	x.el("GSTBasis", t.GSTBasis)
	x.el("ProvisionalTaxBasis", t.ProvisionalTaxBasis)
	x.el("ProvisionalTaxRatio", t.ProvisionalTaxRatio)
	x.el("SignedTaxAuthority", orNo(t.SignedTaxAuthority))
	x.el("TaxAgent", t.TaxAgent)
	x.el("AgencyStatus", t.AgencyStatus)
	x.el("ReturnType", t.ReturnType)
	x.el("PrepareActivityStatement", orNo(t.PrepareActivityStatement))
	x.el("PrepareTaxReturn", orNo(t.PrepareTaxReturn))
	x.el("ActiveAtoClient", orNo(t.ActiveAtoClient))
	x.el("BankBSB", t.BankBSB)
	x.el("BankAccountName", t.BankAccountName)
	x.el("BankAccountNumber", t.BankAccountNumber)
	x.el("BankName", t.BankName)
}

// orNo: XPM shows unset Yes/No flags as No (real 3.0 captures).
func orNo(s string) string {
	if s == "" {
		return "No"
	}
	return s
}

func writeNotes(x *xw, notes []model.Note) {
	writeList(x, "Notes", notes, func(n *model.Note) {
		x.open("Note")
		x.el("Title", n.Title)
		x.el("Text", n.Text)
		x.el("Folder", n.Folder)
		x.el("Tag", n.Tag)
		x.el("Date", n.Date)
		x.el("CreatedBy", n.CreatedBy)
		x.close("Note")
	})
}

// writeContact writes a contact; linked adds the per-client IsPrimary and Position.
func writeContact(x *xw, c *model.Contact, linked bool) {
	x.open("Contact")
	x.el("UUID", c.UUID)
	x.el("Name", c.Name)
	x.el("Salutation", c.Salutation)
	x.el("Addressee", c.Addressee)
	x.el("Mobile", c.Mobile)
	x.el("Email", c.Email)
	x.el("Phone", c.Phone)
	x.yn("IsDeleted", c.IsDeleted)
	if linked && !c.IsDeleted {
		x.yn("IsPrimary", c.IsPrimary)
		x.el("Position", c.Position)
	}
	x.close("Contact")
}

func writeRelationship(x *xw, r *model.Relationship) {
	x.open("Relationship")
	x.el("UUID", r.UUID)
	x.el("Type", r.Type)
	x.ref("RelatedClient", r.RelatedClient)
	x.el("NumberOfShares", r.NumberOfShares)
	x.el("Percentage", r.Percentage)
	x.el("StartDate", r.StartDate)
	x.el("EndDate", r.EndDate)
	x.close("Relationship")
}

func writeStaff(x *xw, st *model.Staff) {
	x.open("Staff")
	x.el("UUID", st.UUID)
	x.el("Name", st.Name)
	x.el("Email", st.Email)
	x.el("Phone", st.Phone)
	x.el("Mobile", st.Mobile)
	x.el("Address", st.Address)
	x.el("PayrollCode", st.PayrollCode)
	x.close("Staff")
}

func writeGroup(x *xw, g *model.Group, detailed, pm bool) {
	x.open("Group")
	x.el("UUID", g.UUID)
	x.el("Name", g.Name)
	if pm {
		x.el("Taxable", orNo(g.Taxable))
	}
	if detailed {
		writeList(x, "Clients", g.Clients, func(c *model.Ref) { x.ref("Client", *c) })
	}
	x.close("Group")
}
