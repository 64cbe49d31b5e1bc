package xpmfake

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"xpmsync/core/model"
)

// writeField is one element client.api/add and update accept. set returns an error
// description for an invalid value ("" when accepted).
type writeField struct {
	elems []string // accepted spellings; the first is canonical
	pm    bool     // practice-management module only
	set   func(s *Server, c *model.Client, v string) string
}

func str(f func(c *model.Client) *string) func(*Server, *model.Client, string) string {
	return func(_ *Server, c *model.Client, v string) string { *f(c) = v; return "" }
}

func yesNo(name string, f func(c *model.Client) *string) func(*Server, *model.Client, string) string {
	return func(_ *Server, c *model.Client, v string) string {
		if v != "" && v != "Yes" && v != "No" {
			return "Invalid " + name + " value, expected Yes or No"
		}
		*f(c) = v
		return ""
	}
}

func oneOf(name string, allowed []string, f func(c *model.Client) *string) func(*Server, *model.Client, string) string {
	return func(_ *Server, c *model.Client, v string) string {
		if v != "" && !slices.Contains(allowed, v) {
			return "Invalid " + name + " value"
		}
		*f(c) = v
		return ""
	}
}

var months = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

var decimalRe = regexp.MustCompile(`^-?\d+(\.\d+)?$`)

var writeFields = []writeField{
	{[]string{"Name"}, false, str(func(c *model.Client) *string { return &c.Name })},
	{[]string{"Title"}, false, str(func(c *model.Client) *string { return &c.Title })},
	{[]string{"Gender"}, false, oneOf("Gender", []string{"Male", "Female"}, func(c *model.Client) *string { return &c.Gender })},
	{[]string{"FirstName"}, false, str(func(c *model.Client) *string { return &c.FirstName })},
	{[]string{"MiddleName"}, false, str(func(c *model.Client) *string { return &c.MiddleName })},
	{[]string{"LastName"}, false, str(func(c *model.Client) *string { return &c.LastName })},
	{[]string{"OtherName"}, false, str(func(c *model.Client) *string { return &c.OtherName })},
	{[]string{"Email"}, false, str(func(c *model.Client) *string { return &c.Email })},
	{[]string{"DateOfBirth"}, false, func(_ *Server, c *model.Client, v string) string {
		if v == "" {
			c.DateOfBirth = ""
			return ""
		}
		d := strings.TrimSuffix(v, "T00:00:00")
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return "Invalid DateOfBirth, expected yyyy-MM-dd"
		}
		c.DateOfBirth = d
		return ""
	}},
	{[]string{"Address"}, false, str(func(c *model.Client) *string { return &c.Address })},
	{[]string{"City"}, false, str(func(c *model.Client) *string { return &c.City })},
	{[]string{"Region"}, false, str(func(c *model.Client) *string { return &c.Region })},
	{[]string{"PostCode"}, false, str(func(c *model.Client) *string { return &c.PostCode })},
	{[]string{"Country"}, false, str(func(c *model.Client) *string { return &c.Country })},
	{[]string{"PostalAddress"}, false, str(func(c *model.Client) *string { return &c.PostalAddress })},
	{[]string{"PostalCity"}, false, str(func(c *model.Client) *string { return &c.PostalCity })},
	{[]string{"PostalRegion"}, false, str(func(c *model.Client) *string { return &c.PostalRegion })},
	{[]string{"PostalPostCode"}, false, str(func(c *model.Client) *string { return &c.PostalPostCode })},
	{[]string{"PostalCountry"}, false, str(func(c *model.Client) *string { return &c.PostalCountry })},
	{[]string{"Phone"}, false, str(func(c *model.Client) *string { return &c.Phone })},
	{[]string{"Fax"}, false, str(func(c *model.Client) *string { return &c.Fax })},
	{[]string{"WebSite", "Website"}, false, str(func(c *model.Client) *string { return &c.Website })},
	{[]string{"ReferralSource"}, false, str(func(c *model.Client) *string { return &c.ReferralSource })},
	{[]string{"ExportCode"}, false, str(func(c *model.Client) *string { return &c.ExportCode })},
	{[]string{"ClientCode"}, false, str(func(c *model.Client) *string { return &c.ClientCode })},
	{[]string{"Industry"}, false, str(func(c *model.Client) *string { return &c.Industry })},
	{[]string{"PlaceOfBirthCity"}, false, str(func(c *model.Client) *string { return &c.PlaceOfBirthCity })},
	{[]string{"PlaceOfBirthCountryCode"}, false, str(func(c *model.Client) *string { return &c.PlaceOfBirthCountryCode })},
	{[]string{"DateOfDeath"}, false, func(_ *Server, c *model.Client, v string) string {
		d := strings.TrimSuffix(v, "T00:00:00")
		if d != "" {
			if _, err := time.Parse("2006-01-02", d); err != nil {
				return "Invalid DateOfDeath, expected yyyy-MM-dd"
			}
		}
		c.DateOfDeath = d
		return ""
	}},
	{[]string{"AccountManagerUUID"}, false, func(s *Server, c *model.Client, v string) string {
		if v != "" && s.d.staff[v] == nil {
			return "Invalid staff identifier for AccountManagerUUID"
		}
		c.AccountManager = model.Ref{UUID: v}
		return ""
	}},
	{[]string{"BillingClientUUID"}, false, func(s *Server, c *model.Client, v string) string {
		if v != "" && (s.d.clients[v] == nil || s.d.clients[v].c.IsDeleted || v == c.UUID) {
			return "Invalid client identifier for BillingClientUUID"
		}
		c.BillingClient = model.Ref{UUID: v}
		return ""
	}},
	{[]string{"JobManagerUUID"}, true, func(s *Server, c *model.Client, v string) string {
		if v != "" && s.d.staff[v] == nil {
			return "Invalid staff identifier for JobManagerUUID"
		}
		c.JobManager = model.Ref{UUID: v}
		return ""
	}},
	{[]string{"TaxNumber"}, true, func(_ *Server, c *model.Client, v string) string {
		if strings.Contains(v, "*") {
			return "Invalid TaxNumber"
		}
		c.Tax.TaxNumber = v
		return ""
	}},
	{[]string{"CompanyNumber"}, true, str(func(c *model.Client) *string { return &c.Tax.CompanyNumber })},
	{[]string{"BusinessNumber"}, true, str(func(c *model.Client) *string { return &c.Tax.BusinessNumber })},
	{[]string{"BranchNumber"}, true, str(func(c *model.Client) *string { return &c.Tax.BranchNumber })},
	{[]string{"BusinessStructure"}, true, str(func(c *model.Client) *string { return &c.Tax.BusinessStructure })},
	{[]string{"BalanceMonth"}, true, func(_ *Server, c *model.Client, v string) string {
		if v == "" {
			c.Tax.BalanceMonth = ""
			return ""
		}
		if i := slices.Index(months, v); i >= 0 {
			c.Tax.BalanceMonth = strconv.Itoa(i + 1)
			return ""
		}
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 12 {
			c.Tax.BalanceMonth = strconv.Itoa(n)
			return ""
		}
		return "Invalid BalanceMonth"
	}},
	{[]string{"PrepareGST"}, true, yesNo("PrepareGST", func(c *model.Client) *string { return &c.Tax.PrepareGST })},
	{[]string{"GSTRegistered"}, true, yesNo("GSTRegistered", func(c *model.Client) *string { return &c.Tax.GSTRegistered })},
	{[]string{"GSTPeriod"}, true, func(_ *Server, c *model.Client, v string) string {
		names := map[string]string{"": "", "1": "Monthly", "2": "2 Monthly", "6": "6 Monthly"}
		name, ok := names[v]
		if !ok {
			return "Invalid GSTPeriod, expected 1, 2 or 6"
		}
		c.Tax.GSTPeriod = name
		return ""
	}},
	{[]string{"GSTBasis"}, true, oneOf("GSTBasis", []string{"Invoice", "Payment", "Hybrid"}, func(c *model.Client) *string { return &c.Tax.GSTBasis })},
	{[]string{"ProvisionalTaxBasis"}, true, oneOf("ProvisionalTaxBasis", []string{"Standard Option", "Estimate Option", "Ratio Option"}, func(c *model.Client) *string { return &c.Tax.ProvisionalTaxBasis })},
	{[]string{"ProvisionalTaxRatio"}, true, func(_ *Server, c *model.Client, v string) string {
		if v != "" && !decimalRe.MatchString(v) {
			return "Invalid ProvisionalTaxRatio"
		}
		c.Tax.ProvisionalTaxRatio = v
		return ""
	}},
	{[]string{"SignedTaxAuthority"}, true, yesNo("SignedTaxAuthority", func(c *model.Client) *string { return &c.Tax.SignedTaxAuthority })},
	{[]string{"TaxAgent"}, true, str(func(c *model.Client) *string { return &c.Tax.TaxAgent })},
	{[]string{"AgencyStatus"}, true, oneOf("AgencyStatus", []string{"With EOT", "Without EOT", "Unlinked"}, func(c *model.Client) *string { return &c.Tax.AgencyStatus })},
	{[]string{"ReturnType"}, true, oneOf("ReturnType", []string{"IR3", "IR3NR", "IR4", "IR6", "IR7", "IR9", "PTS"}, func(c *model.Client) *string { return &c.Tax.ReturnType })},
	{[]string{"PrepareActivityStatement"}, true, yesNo("PrepareActivityStatement", func(c *model.Client) *string { return &c.Tax.PrepareActivityStatement })},
	{[]string{"PrepareTaxReturn"}, true, yesNo("PrepareTaxReturn", func(c *model.Client) *string { return &c.Tax.PrepareTaxReturn })},
	{[]string{"ActiveAtoClient"}, true, yesNo("ActiveAtoClient", func(c *model.Client) *string { return &c.Tax.ActiveAtoClient })},
	{[]string{"BankBSB"}, true, str(func(c *model.Client) *string { return &c.Tax.BankBSB })},
	{[]string{"BankAccountName"}, true, str(func(c *model.Client) *string { return &c.Tax.BankAccountName })},
	{[]string{"BankAccountNumber"}, true, str(func(c *model.Client) *string { return &c.Tax.BankAccountNumber })},
	{[]string{"BankName"}, true, str(func(c *model.Client) *string { return &c.Tax.BankName })},
}

// applyClient copies the writable elements of n onto c. Omitted elements stay unchanged
// (or are cleared when replace is set); empty elements clear. Read-only elements are ignored.
// Caller holds s.mu.
func (s *Server) applyClient(c *model.Client, n *node, replace bool) string {
	for _, f := range writeFields {
		if f.pm && !s.cfg.PMModule {
			continue
		}
		v, present := "", false
		for _, e := range f.elems {
			if v, present = n.value(e); present {
				break
			}
		}
		if !present {
			if !replace || f.elems[0] == "Name" {
				continue
			}
			v = ""
		}
		if desc := f.set(s, c, v); desc != "" {
			return desc
		}
	}
	return ""
}

// contactFromNode reads a <Contact> for add/update; IsPrimary is Yes/No.
func contactFromNode(ct *model.Contact, n *node, replace bool) (string, bool) {
	fields := []struct {
		name string
		dst  *string
	}{{"Name", &ct.Name}, {"Salutation", &ct.Salutation}, {"Addressee", &ct.Addressee}, {"Mobile", &ct.Mobile},
		{"Email", &ct.Email}, {"Phone", &ct.Phone}, {"Position", &ct.Position}}
	for _, f := range fields {
		if v, ok := n.value(f.name); ok {
			*f.dst = v
		} else if replace {
			*f.dst = ""
		}
	}
	if v, ok := n.value("IsPrimary"); ok {
		switch v {
		case "Yes":
			ct.IsPrimary = true
		case "No", "":
			ct.IsPrimary = false
		default:
			return "Invalid IsPrimary value, expected Yes or No", false
		}
	}
	return "", true
}
