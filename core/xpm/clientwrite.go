package xpm

import (
	"fmt"
	"slices"
	"strings"

	"xpmsync/core/model"
)

// clientWrite lists every element client.api/add and update accept (docs §2.5 plus the OAS
// extras), in the documented order, with where the value lives in the model.
var clientWrite = []struct {
	name string
	get  func(*model.Client) string
}{
	{"Name", func(c *model.Client) string { return c.Name }},
	{"Title", func(c *model.Client) string { return c.Title }},
	{"Gender", func(c *model.Client) string { return c.Gender }},
	{"Email", func(c *model.Client) string { return c.Email }},
	{"Address", func(c *model.Client) string { return c.Address }},
	{"City", func(c *model.Client) string { return c.City }},
	{"Region", func(c *model.Client) string { return c.Region }},
	{"PostCode", func(c *model.Client) string { return c.PostCode }},
	{"Country", func(c *model.Client) string { return c.Country }},
	{"PostalAddress", func(c *model.Client) string { return c.PostalAddress }},
	{"PostalCity", func(c *model.Client) string { return c.PostalCity }},
	{"PostalRegion", func(c *model.Client) string { return c.PostalRegion }},
	{"PostalPostCode", func(c *model.Client) string { return c.PostalPostCode }},
	{"PostalCountry", func(c *model.Client) string { return c.PostalCountry }},
	{"Phone", func(c *model.Client) string { return c.Phone }},
	{"Fax", func(c *model.Client) string { return c.Fax }},
	{"WebSite", func(c *model.Client) string { return c.Website }},
	{"ReferralSource", func(c *model.Client) string { return c.ReferralSource }},
	{"ExportCode", func(c *model.Client) string { return c.ExportCode }},
	{"ClientCode", func(c *model.Client) string { return c.ClientCode }},
	{"IsProspect", func(c *model.Client) string {
		if c.IsProspect {
			return "Yes"
		}
		return "" // only sent when set: xpm_ruby dropped it from its schema (reference §2.5)
	}},
	{"AccountManagerUUID", func(c *model.Client) string { return c.AccountManager.UUID }},
	{"BillingClientUUID", func(c *model.Client) string { return c.BillingClient.UUID }},
	{"FirstName", func(c *model.Client) string { return c.FirstName }},
	{"MiddleName", func(c *model.Client) string { return c.MiddleName }},
	{"LastName", func(c *model.Client) string { return c.LastName }},
	{"OtherName", func(c *model.Client) string { return c.OtherName }},
	{"DateOfBirth", func(c *model.Client) string { return c.DateOfBirth }},
	{"DateOfDeath", func(c *model.Client) string { return c.DateOfDeath }},
	{"PlaceOfBirthCity", func(c *model.Client) string { return c.PlaceOfBirthCity }},
	{"PlaceOfBirthCountryCode", func(c *model.Client) string { return c.PlaceOfBirthCountryCode }},
	{"Industry", func(c *model.Client) string { return c.Industry }},
	{"JobManagerUUID", func(c *model.Client) string { return c.JobManager.UUID }},
	{"TaxNumber", func(c *model.Client) string { return c.Tax.TaxNumber }},
	{"CompanyNumber", func(c *model.Client) string { return c.Tax.CompanyNumber }},
	{"BusinessNumber", func(c *model.Client) string { return c.Tax.BusinessNumber }},
	{"BranchNumber", func(c *model.Client) string { return c.Tax.BranchNumber }},
	{"BusinessStructure", func(c *model.Client) string { return c.Tax.BusinessStructure }},
	{"BalanceMonth", func(c *model.Client) string { return c.Tax.BalanceMonth }},
	{"PrepareGST", func(c *model.Client) string { return c.Tax.PrepareGST }},
	{"GSTRegistered", func(c *model.Client) string { return c.Tax.GSTRegistered }},
	{"GSTPeriod", func(c *model.Client) string { return c.Tax.GSTPeriod }},
	{"GSTBasis", func(c *model.Client) string { return c.Tax.GSTBasis }},
	{"ProvisionalTaxBasis", func(c *model.Client) string { return c.Tax.ProvisionalTaxBasis }},
	{"ProvisionalTaxRatio", func(c *model.Client) string { return c.Tax.ProvisionalTaxRatio }},
	{"SignedTaxAuthority", func(c *model.Client) string { return c.Tax.SignedTaxAuthority }},
	{"TaxAgent", func(c *model.Client) string { return c.Tax.TaxAgent }},
	{"AgencyStatus", func(c *model.Client) string { return c.Tax.AgencyStatus }},
	{"ReturnType", func(c *model.Client) string { return c.Tax.ReturnType }},
	{"PrepareActivityStatement", func(c *model.Client) string { return c.Tax.PrepareActivityStatement }},
	{"PrepareTaxReturn", func(c *model.Client) string { return c.Tax.PrepareTaxReturn }},
	{"ActiveAtoClient", func(c *model.Client) string { return c.Tax.ActiveAtoClient }},
	{"BankBSB", func(c *model.Client) string { return c.Tax.BankBSB }},
	{"BankAccountName", func(c *model.Client) string { return c.Tax.BankAccountName }},
	{"BankAccountNumber", func(c *model.Client) string { return c.Tax.BankAccountNumber }},
	{"BankName", func(c *model.Client) string { return c.Tax.BankName }},
}

// ClientWriteElements lists the element names UpdateClient accepts as keys.
func ClientWriteElements() []string {
	out := make([]string, len(clientWrite))
	for i, w := range clientWrite {
		out[i] = w.name
	}
	return out
}

// writeValue converts a model value to what XPM accepts for the element.
func writeValue(name, v string) string {
	switch name {
	case "DateOfBirth":
		return dateOnly(v)
	case "GSTPeriod":
		return gstPeriodWrite(v)
	case "IsProspect":
		if v != "" {
			return yesNo(yes(v))
		}
	}
	return v
}

// addClientBody is the client.api/add body: only set fields (omitted = XPM's default), never
// a masked TaxNumber, contacts inline.
func addClientBody(c model.Client) []byte {
	var w xmlBody
	w.open("Client")
	for _, f := range clientWrite {
		v := f.get(&c)
		if f.name == "TaxNumber" && masked(v) {
			continue
		}
		w.opt(f.name, writeValue(f.name, v))
	}
	if len(c.Contacts) > 0 {
		w.open("Contacts")
		for _, ct := range c.Contacts {
			w.open("Contact")
			w.elem("Name", ct.Name)
			w.elem("IsPrimary", yesNo(ct.IsPrimary))
			w.opt("Salutation", ct.Salutation)
			w.opt("Addressee", ct.Addressee)
			w.opt("Phone", ct.Phone)
			w.opt("Mobile", ct.Mobile)
			w.opt("Email", ct.Email)
			w.opt("Position", ct.Position)
			w.close("Contact")
		}
		w.close("Contacts")
	}
	w.close("Client")
	return w.bytes()
}

// writeName resolves a key to its write element: the element itself, the model's read key
// ("Website", "AccountManager"), case-insensitively.
func writeName(key string) (string, bool) {
	if f, ok := model.FieldByKey(key); ok && f.Write != "" {
		key = f.Write
	}
	for _, f := range clientWrite {
		if strings.EqualFold(f.name, key) {
			return f.name, true
		}
	}
	switch strings.ToLower(key) {
	case "jobmanager":
		return "JobManagerUUID", true
	case "billingclient":
		return "BillingClientUUID", true
	}
	return "", false
}

// updateClientBody sends UUID, Name and exactly the given fields, in documented order.
func updateClientBody(uuid, name string, set map[string]string) ([]byte, error) {
	if uuid == "" {
		return nil, fmt.Errorf("no client UUID")
	}
	vals := map[string]string{}
	var unknown []string
	for k, v := range set {
		n, ok := writeName(k)
		if !ok {
			unknown = append(unknown, k)
			continue
		}
		if n == "TaxNumber" && masked(v) {
			return nil, fmt.Errorf("refusing to write the masked tax number %q back to XPM", v)
		}
		vals[n] = v
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, fmt.Errorf("fields XPM cannot update: %s", strings.Join(unknown, ", "))
	}
	if v, ok := vals["Name"]; ok {
		name = v
	}
	if name == "" {
		return nil, fmt.Errorf("XPM requires the client name on update")
	}
	var w xmlBody
	w.open("Client")
	w.elem("UUID", uuid)
	w.elem("Name", name)
	for _, f := range clientWrite {
		if v, ok := vals[f.name]; ok && f.name != "Name" {
			w.elem(f.name, writeValue(f.name, v))
		}
	}
	w.close("Client")
	return w.bytes(), nil
}
