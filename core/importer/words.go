package importer

import (
	"encoding/json"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// RelationshipTypes are XPM's relationship types (API reference §2.9), offered by the import form.
var RelationshipTypes = []string{"Director", "Shareholder", "Trustee", "Beneficiary", "Partner", "Settlor",
	"Associate", "Secretary", "Public Officer", "Husband", "Wife", "Spouse", "Parent Of", "Child Of",
	"Appointer", "Member", "Auditor", "Owner"}

// Relationship decodes a relationship item's XPM payload.
func Relationship(it store.ImportItem) (model.Relationship, error) {
	var r model.Relationship
	err := json.Unmarshal([]byte(it.Payload), &r)
	return r, err
}

// Contact decodes a contact item's XPM payload.
func Contact(it store.ImportItem) (model.Contact, error) {
	var c model.Contact
	err := json.Unmarshal([]byte(it.Payload), &c)
	return c, err
}

// Describe is the grey line under an item's name: what it is, with its shares, percentage and
// dates, or the contact's position and ways to reach them.
func Describe(it store.ImportItem) string {
	switch it.Kind {
	case store.ItemRelationship:
		r, err := Relationship(it)
		if err != nil {
			return it.Label
		}
		parts := []string{r.Type}
		if r.NumberOfShares != "" {
			parts = append(parts, r.NumberOfShares+" shares")
		}
		if r.Percentage != "" {
			parts = append(parts, strings.TrimSuffix(r.Percentage, "%")+"%")
		}
		switch {
		case r.StartDate != "" && r.EndDate != "":
			parts = append(parts, "from "+longDate(r.StartDate)+" to "+longDate(r.EndDate))
		case r.StartDate != "":
			parts = append(parts, "since "+longDate(r.StartDate))
		case r.EndDate != "":
			parts = append(parts, "until "+longDate(r.EndDate))
		}
		return strings.Join(parts, " · ")
	case store.ItemContact:
		c, err := Contact(it)
		if err != nil {
			return "Contact"
		}
		parts := []string{"Contact"}
		if c.Position != "" {
			parts[0] = "Contact · " + c.Position
		}
		for _, v := range []string{c.Email, c.Mobile, c.Phone} {
			if strings.TrimSpace(v) != "" {
				parts = append(parts, v)
			}
		}
		return strings.Join(parts, " · ")
	}
	return it.Label
}

func longDate(d string) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.Format("2 Jan 2006")
}
