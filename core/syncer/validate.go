package syncer

import (
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// derivedPrefix marks a contact made from a client's own details because the client had no
// valid contact (seed 002's priority order). It is never sent to XPM.
const derivedPrefix = "client:"

// IsDerivedContact reports whether a contact was made from its client's own details.
func IsDerivedContact(c model.Contact) bool { return strings.HasPrefix(c.UUID, derivedPrefix) }

// contactProblem says why a contact cannot be imported ("" = valid), and the field at fault.
func contactProblem(c model.Contact, cc string) (field, value, reason string) {
	switch {
	case strings.TrimSpace(c.Name) == "":
		return "Name", c.Name, "the contact has no name"
	case strings.TrimSpace(c.Email) == "":
		return "Email", c.Email, "the contact has no email address"
	case !ValidEmail(c.Email):
		return "Email", c.Email, "the email address is not valid (remove any notes or extra characters)"
	}
	if _, ok := NormalizeMobile(c.Mobile, cc); !ok {
		return "Mobile", c.Mobile, "the mobile number is not valid (digits and spaces only; put notes elsewhere)"
	}
	return "", "", ""
}

// cleanContact returns the contact as stored locally: trimmed, mobile in international form.
func cleanContact(c model.Contact, cc string) model.Contact {
	c.Name = strings.TrimSpace(c.Name)
	c.Email = strings.TrimSpace(c.Email)
	c.Mobile, _ = NormalizeMobile(c.Mobile, cc)
	return c
}

// selectContacts applies seed 002 to an XPM client's contacts: the valid contacts are
// imported; invalid ones are reported; when none is valid, the client's own name, email and
// phone make one contact. A contact made that way earlier is kept (no longer updated) once a
// real contact appears, as the article's FAQ says.
func selectContacts(x *model.Client, cc string, existing []model.Contact) ([]model.Contact, []store.SyncIssue) {
	var out []model.Contact
	var issues []store.SyncIssue
	for _, c := range x.Contacts {
		if c.IsDeleted {
			continue
		}
		if field, value, reason := contactProblem(c, cc); reason != "" {
			issues = append(issues, store.SyncIssue{Record: "contact", XPMUUID: c.UUID, Name: c.Name, Field: field, Value: value, Reason: reason})
			continue
		}
		out = append(out, cleanContact(c, cc))
	}
	derivedID := derivedPrefix + x.UUID
	if len(out) > 0 {
		for _, e := range existing {
			if e.UUID == derivedID {
				out = append(out, e) // stale from now on
			}
		}
		return out, issues
	}
	d := model.Contact{UUID: derivedID, Name: x.Name, Email: x.Email, Phone: x.Phone, IsPrimary: true}
	if field, value, reason := contactProblem(d, cc); reason != "" {
		issues = append(issues, store.SyncIssue{Record: "client", XPMUUID: x.UUID, Name: x.Name, Field: field, Value: value,
			Reason: "no valid contact, and the client's own details cannot stand in: " + reason})
		return nil, issues
	}
	return []model.Contact{cleanContact(d, cc)}, issues
}
