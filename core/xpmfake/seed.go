package xpmfake

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"xpmsync/core/model"
)

// fakeUser is the Xero user who signs in to the fake (the practice's first staff member, so
// staff linking by email has something to match).
type fakeUser struct {
	UserID, Sub, GivenName, FamilyName, Email string
}

// seeder builds a practice from one random stream, so the same seed gives the same data.
type seeder struct {
	s       *Server
	d       *data
	r       *rand.Rand
	ci      countryInfo
	n       int
	staff   []string
	seq     int
	created []string // client UUIDs in creation order
}

type person struct {
	First, Last, Gender, Title, DOB string
	Contact                         model.Contact
}

func seedData(s *Server) {
	d := newData(s.cfg.Seed)
	s.d = d
	r := rand.New(rand.NewPCG(uint64(s.cfg.Seed), 0xA11CE))
	cc := []string{"AU", "AU", "AU", "NZ", "NZ", "UK"}[r.IntN(6)]
	sd := &seeder{s: s, d: d, r: r, ci: countries[cc], n: s.cfg.Clients}
	s.practice = pick(r, practiceNames)
	s.tenantID = d.newUUID()
	s.connID = d.newUUID()
	sd.seedStaff()
	for len(d.order) < sd.n {
		switch k := r.IntN(100); {
		case k < 30:
			sd.individual()
		case k < 52:
			sd.family()
		case k < 68:
			sd.company()
		case k < 76:
			sd.partnership()
		case k < 90:
			sd.soleTrader()
		default:
			sd.superFund()
		}
	}
	sd.seedGroups()
	sd.seedStatuses()
	sd.seedProblems()
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func (sd *seeder) digits(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(byte('0' + sd.r.IntN(10)))
	}
	return b.String()
}

// asciiFold makes a name usable in an email address.
func asciiFold(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 127 {
			return -1
		}
		return r
	}, foldReplacer.Replace(strings.ToLower(s)))
}

var foldReplacer = strings.NewReplacer("ā", "a", "ē", "e", "ī", "i", "ō", "o", "ū", "u", "Ā", "A", "Ō", "O", "é", "e",
	"è", "e", "ë", "e", "ç", "c", "ö", "o", "ø", "o", "ü", "u", "á", "a", "í", "i", "ó", "o", "ú", "u",
	"ñ", "n", "'", "", " ", "", "-", "")

func (sd *seeder) seedStaff() {
	n := sd.s.cfg.Staff
	if n <= 0 {
		n = 5 + sd.r.IntN(11)
	}
	domain := asciiFold(strings.Fields(sd.s.practice)[0]) + "." + sd.ci.Domain
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		first := pick(sd.r, append(append([]string{}, femaleNames...), maleNames...))
		last := pick(sd.r, surnames)
		if seen[first+last] {
			i--
			continue
		}
		seen[first+last] = true
		st := sd.d.putStaff(model.Staff{
			Name:        first + " " + last,
			Email:       asciiFold(first) + "." + asciiFold(last) + "@" + domain,
			Phone:       sd.phone(),
			Mobile:      sd.mobile(),
			Address:     sd.street() + "\n" + pick(sd.r, sd.ci.Places).City,
			PayrollCode: fmt.Sprintf("P%03d", i+1),
		})
		if i == 0 {
			sd.s.user = fakeUser{UserID: sd.d.newUUID(), Sub: strings.ReplaceAll(sd.d.newUUID(), "-", ""),
				GivenName: first, FamilyName: last, Email: st.Email}
		}
		sd.staff = append(sd.staff, st.UUID)
	}
}

func (sd *seeder) phone() string {
	return fmt.Sprintf("%s %s %s", sd.ci.PhonePrefix, sd.digits(4), sd.digits(4))
}

func (sd *seeder) mobile() string {
	return fmt.Sprintf("%s%s %s %s", sd.ci.MobilePrefix, sd.digits(2), sd.digits(3), sd.digits(3))
}

func (sd *seeder) street() string {
	return fmt.Sprintf("%d %s", 1+sd.r.IntN(400), pick(sd.r, streetNames))
}

// address fills street and postal addresses; postal ones are often multi-line.
func (sd *seeder) address(c *model.Client) {
	p := pick(sd.r, sd.ci.Places)
	c.Address = sd.street()
	if sd.r.IntN(5) == 0 {
		c.Address = fmt.Sprintf("Unit %d\n%s", 1+sd.r.IntN(30), c.Address)
	}
	c.City, c.Region, c.PostCode, c.Country = p.City, p.Region, p.PostCode, sd.ci.Name
	switch k := sd.r.IntN(10); {
	case k < 5:
		c.PostalAddress = c.Address
		c.PostalCity, c.PostalRegion, c.PostalPostCode = p.City, p.Region, p.PostCode
	case k < 8:
		q := pick(sd.r, sd.ci.Places)
		c.PostalAddress = fmt.Sprintf("PO Box %d\n%s", 1+sd.r.IntN(9000), pick(sd.r, streetNames))
		c.PostalCity, c.PostalRegion, c.PostalPostCode = q.City, q.Region, q.PostCode
	default:
		c.PostalAddress = fmt.Sprintf("c/- %s\nLevel %d\n%s", sd.s.practice, 1+sd.r.IntN(12), sd.street())
		c.PostalCity, c.PostalRegion, c.PostalPostCode = p.City, p.Region, p.PostCode
	}
	c.PostalCountry = sd.ci.Name
}

func (sd *seeder) newPerson(last string) person {
	p := person{Last: last}
	if p.Last == "" {
		p.Last = pick(sd.r, surnames)
	}
	if sd.r.IntN(2) == 0 {
		p.First, p.Gender, p.Title = pick(sd.r, femaleNames), "Female", pick(sd.r, []string{"Ms", "Mrs", "Miss", "Dr"})
	} else {
		p.First, p.Gender, p.Title = pick(sd.r, maleNames), "Male", pick(sd.r, []string{"Mr", "Mr", "Dr"})
	}
	if sd.r.IntN(25) == 0 {
		p.Gender, p.Title = "", "Mx"
	}
	p.DOB = time.Date(1940+sd.r.IntN(65), time.Month(1+sd.r.IntN(12)), 1+sd.r.IntN(28), 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	email := asciiFold(p.First) + "." + asciiFold(p.Last) + "@" + pick(sd.r, []string{"gmail.com", "outlook.com", "xtra.co.nz", "bigpond.com", "icloud.com"})
	mobile := sd.mobile()
	switch k := sd.r.IntN(100); {
	case k < 2:
		email = asciiFold(p.First) + "@@example"
	case k < 4:
		email = asciiFold(p.First) + "@gmail"
	case k < 5:
		email = email + "; accounts@example.com"
	case k < 12:
		email = ""
	}
	switch k := sd.r.IntN(100); {
	case k < 2:
		mobile = fmt.Sprintf("%s11 111 111 (%s)", sd.ci.MobilePrefix, p.First)
	case k < 3:
		mobile = "after 5pm only"
	case k < 4:
		mobile = mobile + " / " + sd.phone()
	case k < 10:
		mobile = ""
	}
	p.Contact = model.Contact{UUID: sd.d.newUUID(), Name: p.First + " " + p.Last, Salutation: p.First,
		Addressee: p.Title + " " + p.First + " " + p.Last, Email: email, Mobile: mobile}
	if sd.r.IntN(4) == 0 {
		p.Contact.Phone = sd.phone()
	}
	return p
}

// extraContacts adds staff-of-the-client contacts; a few have no name at all.
func (sd *seeder) extraContacts(c *model.Client, domain string, n int) {
	positions := []string{"Office Manager", "Bookkeeper", "Accounts Payable", "Director", "Owner", "PA", "0", ""}
	if domain == "" {
		positions = []string{"Spouse", "Daughter", "Son", "Power of Attorney", "Financial Adviser", ""}
	}
	for i := 0; i < n; i++ {
		p := sd.newPerson("")
		ct := p.Contact
		ct.Position = pick(sd.r, positions)
		if domain != "" && sd.r.IntN(2) == 0 && ct.Email != "" {
			ct.Email = asciiFold(p.First) + "@" + domain
		}
		if sd.r.IntN(50) == 0 {
			ct.Name, ct.Salutation, ct.Addressee = "", "", ""
			ct.Email = "accounts@" + domain
		}
		c.Contacts = append(c.Contacts, ct)
	}
}

// base fills what every client has; kind is XPM's BusinessStructure.
func (sd *seeder) base(name, kind string) model.Client {
	sd.seq++
	c := model.Client{Name: name}
	sd.address(&c)
	c.Phone = sd.phone()
	if sd.r.IntN(10) == 0 {
		c.Fax = sd.phone()
	}
	prefix := strings.ToUpper(asciiFold(name))
	if len(prefix) > 3 {
		prefix = prefix[:3]
	}
	c.ClientCode = fmt.Sprintf("%s%04d", prefix, sd.seq)
	c.ReferralSource = pick(sd.r, []string{"", "", "Website", "Referral", "Bank manager", "Existing client"})
	if sd.r.IntN(10) != 0 {
		c.AccountManager = model.Ref{UUID: sd.staff[sd.r.IntN(max(1, len(sd.staff)/3))]}
		c.JobManager = model.Ref{UUID: pick(sd.r, sd.staff)}
	}
	c.Type = model.BillingType{Name: pick(sd.r, []string{"Standard", "Fixed Fee", "Time & Materials"}),
		CostMarkup: pick(sd.r, []string{"0.00", "10.00", "30.00"}), PaymentTerm: pick(sd.r, []string{"DayOfMonth", "WithinDays"}),
		PaymentDay: pick(sd.r, []string{"7", "14", "20"})}
	t := &c.Tax
	t.BusinessStructure = kind
	t.TaxNumber = sd.digits(sd.ci.TaxDigits)
	t.BalanceMonth = sd.ci.BalanceMonth
	t.GSTRegistered, t.PrepareGST = "No", "No"
	if kind != "Individual" && sd.r.IntN(3) != 0 {
		t.GSTRegistered, t.PrepareGST = "Yes", "Yes"
		t.GSTPeriod = pick(sd.r, []string{"Monthly", "2 Monthly", "6 Monthly"})
		t.GSTBasis = pick(sd.r, []string{"Invoice", "Payment", "Hybrid"})
	}
	if kind != "Individual" {
		t.BusinessNumber = sd.digits(sd.ci.BusinessDigits)
	}
	switch sd.ci.Code {
	case "NZ":
		t.SignedTaxAuthority = pick(sd.r, []string{"Yes", "No"})
		t.AgencyStatus = pick(sd.r, []string{"With EOT", "Without EOT", "Unlinked"})
		t.ReturnType = map[string]string{"Individual": "IR3", "Company": "IR4", "Trust": "IR6", "Partnership": "IR7", "Sole Trader": "IR3", "Superannuation Fund": "IR6"}[kind]
		t.ProvisionalTaxBasis = pick(sd.r, []string{"", "Standard Option", "Estimate Option", "Ratio Option"})
	case "AU":
		t.PrepareActivityStatement = t.GSTRegistered
		t.PrepareTaxReturn = "Yes"
		t.ActiveAtoClient = "Yes"
	}
	sd.notes(&c)
	if sd.r.IntN(50) == 0 {
		c.IsProspect = true
	}
	return c
}

func (sd *seeder) notes(c *model.Client) {
	n := sd.r.IntN(3)
	for i := 0; i < n; i++ {
		target := 200 + sd.r.IntN(1300)
		var b strings.Builder
		for b.Len() < target {
			if b.Len() > 0 {
				b.WriteString(pick(sd.r, []string{" ", " ", "\n"}))
			}
			b.WriteString(pick(sd.r, noteSentences))
		}
		date := time.Date(2022+sd.r.IntN(4), time.Month(1+sd.r.IntN(12)), 1+sd.r.IntN(28), 8+sd.r.IntN(10), sd.r.IntN(60), 0, 0, time.UTC)
		author := ""
		if len(sd.staff) > 0 {
			author = sd.d.staff[pick(sd.r, sd.staff)].Name
		}
		c.Notes = append(c.Notes, model.Note{Title: pick(sd.r, noteTitles), Text: b.String(),
			Date: date.Format("2006-01-02T15:04:05"), CreatedBy: author, Tag: pick(sd.r, []string{"", "", "Tax", "General"})})
	}
}

// add stores a client unless the requested count is reached; it reports whether it did.
func (sd *seeder) add(c *model.Client) bool {
	if len(sd.d.order) >= sd.n {
		return false
	}
	if len(c.Contacts) > 5 {
		c.Contacts = c.Contacts[:5]
	}
	ago := time.Duration(1+sd.r.IntN(2*365*24)) * time.Hour
	rec := sd.d.put(*c, sd.s.clock.Now().Add(-ago).Truncate(time.Second))
	c.UUID = rec.c.UUID
	sd.created = append(sd.created, c.UUID)
	return true
}

func (sd *seeder) individualClient(p person) model.Client {
	c := sd.base(p.First+" "+p.Last, "Individual")
	c.FirstName, c.LastName, c.Title, c.Gender, c.DateOfBirth = p.First, p.Last, p.Title, p.Gender, p.DOB
	if sd.r.IntN(8) == 0 {
		c.OtherName = pick(sd.r, []string{"Bob", "Jules", "Kiri", "Sam"})
	}
	c.Email = p.Contact.Email
	me := p.Contact
	me.IsPrimary = true
	c.Contacts = []model.Contact{me}
	sd.extraContacts(&c, "", sd.r.IntN(4))
	return c
}

func (sd *seeder) individual() {
	p := sd.newPerson("")
	c := sd.individualClient(p)
	sd.add(&c)
}

func rel(typ, related string) model.Relationship {
	return model.Relationship{Type: typ, RelatedClient: model.Ref{UUID: related}}
}

// family builds a person, often a spouse, their company and family trust, sharing contacts:
// the director is a contact on her company and on the family trust (same contact UUID).
func (sd *seeder) family() {
	a := sd.newPerson("")
	ca := sd.individualClient(a)
	if !sd.add(&ca) {
		return
	}
	members := []string{ca.UUID}
	var b person
	var cb model.Client
	if sd.r.IntN(10) < 6 {
		b = sd.newPerson(a.Last)
		cb = sd.individualClient(b)
		cb.Address, cb.City, cb.Region, cb.PostCode = ca.Address, ca.City, ca.Region, ca.PostCode
		cb.Relationships = []model.Relationship{rel("Spouse", ca.UUID)}
		if !sd.add(&cb) {
			return
		}
		members = append(members, cb.UUID)
	}
	domain := asciiFold(a.Last) + "." + sd.ci.Domain
	if sd.r.IntN(2) == 0 {
		co := sd.base(a.Last+" Holdings "+sd.ci.Company, "Company")
		co.Tax.CompanyNumber = sd.digits(sd.ci.CompanyDigits)
		co.Email = "admin@" + domain
		co.Website = "https://www." + domain
		dir := a.Contact
		dir.Position, dir.IsPrimary = "Director", true
		co.Contacts = []model.Contact{dir}
		sd.extraContacts(&co, domain, 1+sd.r.IntN(3))
		shares := []string{"100", "50", "500", "1000"}
		co.Relationships = []model.Relationship{rel("Director", ca.UUID)}
		sh := rel("Shareholder", ca.UUID)
		sh.NumberOfShares = pick(sd.r, shares)
		sh.StartDate = fmt.Sprintf("%d-07-01", 2005+sd.r.IntN(18))
		co.Relationships = append(co.Relationships, sh)
		if cb.UUID != "" {
			sb := rel("Shareholder", cb.UUID)
			sb.NumberOfShares = sh.NumberOfShares
			co.Relationships = append(co.Relationships, sb, rel("Secretary", cb.UUID))
			sp := b.Contact
			sp.Position = "Secretary"
			co.Contacts = append(co.Contacts, sp)
		}
		if sd.add(&co) {
			members = append(members, co.UUID)
			if sd.r.IntN(3) == 0 {
				sd.d.clients[ca.UUID].c.BillingClient = model.Ref{UUID: co.UUID}
			}
		}
	}
	if sd.r.IntN(10) < 4 {
		tr := sd.base("The "+a.Last+" Family Trust", "Trust")
		tr.Name = pick(sd.r, []string{"The " + a.Last + " Family Trust", a.Last + " Family Trust", a.First + " & " + a.Last + " Trust"})
		trustee := a.Contact
		trustee.Position, trustee.IsPrimary = "Trustee", true
		tr.Contacts = []model.Contact{trustee}
		tr.Relationships = []model.Relationship{rel("Trustee", ca.UUID), rel("Beneficiary", ca.UUID), rel("Appointer", ca.UUID)}
		if cb.UUID != "" {
			tr.Relationships = append(tr.Relationships, rel("Trustee", cb.UUID), rel("Beneficiary", cb.UUID))
			tc := b.Contact
			tc.Position = "Trustee"
			tr.Contacts = append(tr.Contacts, tc)
		}
		sd.extraContacts(&tr, "", sd.r.IntN(3))
		if sd.add(&tr) {
			members = append(members, tr.UUID)
		}
	}
	if len(members) > 1 && sd.r.IntN(10) < 6 {
		g := sd.d.newUUID()
		sd.d.groups[g] = &groupRec{UUID: g, Name: a.Last + " Family", Taxable: "No"}
		sd.d.groupOrder = append(sd.d.groupOrder, g)
		for _, m := range members {
			sd.d.addMember(g, m)
		}
	}
}

func (sd *seeder) tradingName() string {
	if sd.r.IntN(4) == 0 {
		return pick(sd.r, surnames) + " & " + pick(sd.r, surnames) + " " + pick(sd.r, businessTrades)
	}
	return pick(sd.r, businessWords) + " " + pick(sd.r, businessTrades)
}

func (sd *seeder) company() {
	name := sd.tradingName()
	co := sd.base(name+" "+sd.ci.Company, "Company")
	co.Tax.CompanyNumber = sd.digits(sd.ci.CompanyDigits)
	domain := asciiFold(strings.Fields(name)[0]) + "." + sd.ci.Domain
	co.Email = pick(sd.r, []string{"info@", "accounts@", "admin@"}) + domain
	if sd.r.IntN(2) == 0 {
		co.Website = "www." + domain
	}
	sd.extraContacts(&co, domain, 1+sd.r.IntN(5))
	co.Contacts[0].IsPrimary = true
	sd.add(&co)
}

func (sd *seeder) partnership() {
	n := 2 + sd.r.IntN(2)
	var partners []person
	var ids []string
	for i := 0; i < n; i++ {
		p := sd.newPerson("")
		c := sd.individualClient(p)
		if !sd.add(&c) {
			return
		}
		partners, ids = append(partners, p), append(ids, c.UUID)
	}
	name := partners[0].Last + " & " + partners[1].Last
	if n == 3 {
		name = partners[0].Last + ", " + partners[1].Last + " & " + partners[2].Last
	}
	pc := sd.base(name+" "+pick(sd.r, businessTrades), "Partnership")
	pct := []string{"50", "50"}
	if n == 3 {
		pct = []string{"40", "30", "30"}
	}
	for i, p := range partners {
		ct := p.Contact
		ct.Position, ct.IsPrimary = "Partner", i == 0
		pc.Contacts = append(pc.Contacts, ct)
		r := rel("Partner", ids[i])
		r.Percentage = pct[i]
		pc.Relationships = append(pc.Relationships, r)
	}
	sd.extraContacts(&pc, asciiFold(partners[0].Last)+"."+sd.ci.Domain, sd.r.IntN(2))
	sd.add(&pc)
}

func (sd *seeder) soleTrader() {
	p := sd.newPerson("")
	c := sd.individualClient(p)
	c.Tax.BusinessStructure = "Sole Trader"
	c.Name = p.First + " " + p.Last + " t/as " + sd.tradingName()
	c.Tax.BusinessNumber = sd.digits(sd.ci.BusinessDigits)
	if sd.r.IntN(2) == 0 {
		c.Tax.GSTRegistered, c.Tax.PrepareGST, c.Tax.GSTPeriod = "Yes", "Yes", "2 Monthly"
	}
	sd.add(&c)
}

func (sd *seeder) superFund() {
	a := sd.newPerson("")
	ca := sd.individualClient(a)
	if !sd.add(&ca) {
		return
	}
	name, kind := a.Last+" Superannuation Fund", "Superannuation Fund"
	if sd.ci.Code != "AU" {
		name, kind = a.Last+" Charitable Trust", "Trust"
	}
	f := sd.base(name, kind)
	t := a.Contact
	t.Position, t.IsPrimary = "Trustee", true
	f.Contacts = []model.Contact{t}
	sd.extraContacts(&f, "", 1+sd.r.IntN(2))
	f.Relationships = []model.Relationship{rel("Trustee", ca.UUID), rel("Member", ca.UUID)}
	sd.add(&f)
}

func (sd *seeder) seedGroups() {
	if len(sd.created) == 0 {
		return
	}
	n := min(len(groupThemes), max(3, len(sd.created)/200))
	for i := 0; i < n; i++ {
		g := sd.d.newUUID()
		sd.d.groups[g] = &groupRec{UUID: g, Name: groupThemes[i], Taxable: pick(sd.r, []string{"Yes", "No"})}
		sd.d.groupOrder = append(sd.d.groupOrder, g)
		for j := 0; j < 5+sd.r.IntN(26); j++ {
			sd.d.addMember(g, pick(sd.r, sd.created))
		}
	}
}

// seedStatuses archives about 3% and deletes about 1% of the clients — at least one of
// each once there are ten clients, so every seeded practice exercises both flags.
func (sd *seeder) seedStatuses() {
	n := len(sd.created)
	if n < 10 {
		return
	}
	archive := max(1, (n*3+50)/100)
	del := max(1, (n+50)/100)
	order := sd.r.Perm(n)
	for i, idx := range order[:archive+del] {
		rec := sd.d.clients[sd.created[idx]]
		if i < archive {
			rec.c.IsArchived = true
		} else {
			rec.c.IsDeleted = true
		}
	}
}
