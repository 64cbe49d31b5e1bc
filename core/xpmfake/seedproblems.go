package xpmfake

import (
	"slices"
	"strings"

	"xpmsync/core/model"
)

// seedProblems re-enters a handful of clients the way a busy practice does — a person entered
// again surname first, a company entered again as "and" without its legal ending, a director
// entered again as a new contact with another mobile — so the demo's Data health view always
// has duplicates to show beside the gaps and bad values the seed already has. Only stand-alone
// individuals (no relationships, no groups, nobody relating to them) are rewritten, so the
// number of clients and every relationship stay as they were.
func (sd *seeder) seedProblems() {
	if len(sd.created) < 50 {
		return
	}
	spare := sd.spareIndividuals()
	people, companies := sd.originals()
	n := min(len(spare)/3, max(1, len(sd.created)/150))
	for i := 0; i < n && i < len(people) && i < len(companies); i++ {
		sd.reenterPerson(spare[3*i], people[len(people)-1-i])
		sd.reenterCompany(spare[3*i+1], companies[i])
		sd.reenterContact(spare[3*i+2], companies[len(companies)-1-i])
	}
}

// spareIndividuals are active individual clients nothing else refers to, newest first.
func (sd *seeder) spareIndividuals() []*clientRec {
	referred := map[string]bool{}
	for _, r := range sd.d.rels {
		referred[r.RelatedUUID], referred[r.ClientUUID] = true, true
	}
	for _, rec := range sd.d.clients {
		referred[rec.c.BillingClient.UUID] = true
	}
	var out []*clientRec
	for _, id := range slices.Backward(sd.created) {
		rec := sd.d.clients[id]
		c := &rec.c
		if referred[id] || len(rec.groups) > 0 || c.IsArchived || c.IsDeleted || c.Tax.BusinessStructure != "Individual" ||
			len(rec.links) == 0 || !rec.links[0].IsPrimary {
			continue
		}
		out = append(out, rec)
	}
	return out
}

// originals are active individuals and companies, oldest first, to be entered again.
func (sd *seeder) originals() (people, companies []*clientRec) {
	for _, id := range sd.created {
		rec := sd.d.clients[id]
		switch {
		case rec.c.IsArchived || rec.c.IsDeleted:
		case rec.c.Tax.BusinessStructure == "Individual" && rec.c.FirstName != "" && rec.c.Email != "":
			people = append(people, rec)
		case rec.c.Tax.BusinessStructure == "Company" && len(rec.links) > 0 && rec.links[0].IsPrimary:
			companies = append(companies, rec)
		}
	}
	// A name with "&" shows best how a re-entered name drifts ("Smith & Jones", "Smith and Jones").
	slices.SortStableFunc(companies, func(a, b *clientRec) int {
		return strings.Count(b.c.Name, " & ") - strings.Count(a.c.Name, " & ")
	})
	return people, companies
}

// reenterPerson makes dst the same person as src, written "Surname, Given".
func (sd *seeder) reenterPerson(dst, src *clientRec) {
	c, o := &dst.c, &src.c
	c.Name = o.LastName + ", " + o.FirstName
	c.FirstName, c.LastName, c.DateOfBirth, c.Gender, c.Title = o.FirstName, o.LastName, o.DateOfBirth, o.Gender, o.Title
	c.Email = strings.ToUpper(o.Email[:1]) + o.Email[1:]
	c.Tax.TaxNumber = o.Tax.TaxNumber
}

// reenterCompany makes dst the company src again: "&" written "and", no legal ending, and the
// same email — but no Partner, as a hurried second entry would have.
func (sd *seeder) reenterCompany(dst, src *clientRec) {
	c, o := &dst.c, &src.c
	name := strings.TrimSpace(strings.TrimSuffix(o.Name, sd.ci.Company))
	c.Name = strings.ReplaceAll(name, " & ", " and ")
	c.FirstName, c.LastName, c.DateOfBirth, c.Gender, c.Title, c.OtherName = "", "", "", "", "", ""
	c.Email, c.Phone, c.Tax = o.Email, o.Phone, o.Tax
	c.AccountManager = model.Ref{}
}

// reenterContact makes dst's primary contact a second record of src's primary contact — the
// same name and email, another mobile — so one person is primary on two clients with different
// details.
func (sd *seeder) reenterContact(dst, src *clientRec) {
	from := sd.d.contacts[src.links[0].UUID]
	to := sd.d.contacts[dst.links[0].UUID]
	if from == nil || to == nil || from.Name == "" || from.Email == "" {
		return
	}
	to.Name, to.Salutation, to.Addressee, to.Email = from.Name, from.Salutation, from.Addressee, from.Email
	to.Mobile = sd.mobile()
	dst.c.Name = from.Name + " t/as " + sd.tradingName()
	dst.c.Tax.BusinessStructure = "Sole Trader"
}
