package health

import (
	"strings"

	"xpmsync/core/syncer"
)

// refs names the records at the given indexes for a finding.
func refs(d *Data, idx ...int) []ClientRef {
	out := make([]ClientRef, len(idx))
	for i, x := range idx {
		r := &d.Records[x]
		out[i] = ClientRef{Row: r.Row, Name: r.Name, UUID: r.UUID, WebURL: r.WebURL, Local: r.Local()}
	}
	return out
}

// single makes a finding about one client and one value.
func single(d *Data, idx int, check, field, value, reason string) Finding {
	return Finding{Check: check, Clients: refs(d, idx), Field: field, Value: value, Reason: reason,
		Fingerprint: fingerprint(check, field, value)}
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }

// missing reports the gaps of one client. Prospects are not expected to be complete yet.
func missing(d *Data, idx int, out []Finding) []Finding {
	r := &d.Records[idx]
	if r.Prospect {
		return out
	}
	hasEmail, hasPhone := !blank(r.Email), !blank(r.Phone)
	for _, c := range r.Contacts {
		hasEmail = hasEmail || !blank(c.Email)
		hasPhone = hasPhone || !blank(c.Phone) || !blank(c.Mobile)
	}
	if !hasEmail {
		out = append(out, single(d, idx, CheckNoEmail, "Email", "", "no email address on the client or its contacts"))
	}
	if !hasPhone {
		out = append(out, single(d, idx, CheckNoPhone, "Phone", "", "no phone or mobile number on the client or its contacts"))
	}
	if blank(r.Postal) {
		out = append(out, single(d, idx, CheckNoPostal, "Postal address", "", "the postal address is empty"))
	}
	if !r.Partner.Set {
		out = append(out, single(d, idx, CheckNoPartner, "Partner", "", "no Partner is chosen"))
	}
	if !r.Manager.Set {
		out = append(out, single(d, idx, CheckNoManager, "Manager", "", "no Manager is chosen"))
	}
	return out
}

// malformed reports the badly formed values of one client and its contacts, judged by the same
// rules and default country code as contact validation.
func malformed(d *Data, idx int, out []Finding) []Finding {
	r := &d.Records[idx]
	cc := d.CountryCode
	if !blank(r.Email) && !syncer.ValidEmail(r.Email) {
		out = append(out, single(d, idx, CheckBadEmail, "Email", r.Email, emailReason(r.Email)))
	}
	if !blank(r.Phone) {
		if _, why := phoneProblem(r.Phone, cc); why != "" {
			out = append(out, single(d, idx, CheckBadPhone, "Phone", r.Phone, why))
		}
	}
	for _, c := range r.Contacts {
		out = contactFormat(d, idx, c, out)
	}
	if why := postcodeProblem(r.PostCode, r.Country, cc); why != "" {
		out = append(out, single(d, idx, CheckBadPostcode, "Post code", r.PostCode, why))
	}
	if why := postcodeProblem(r.PostalCode, r.PostalCtry, cc); why != "" && r.PostalCode != r.PostCode {
		out = append(out, single(d, idx, CheckBadPostcode, "Postal post code", r.PostalCode, why))
	}
	return out
}

func contactFormat(d *Data, idx int, c Contact, out []Finding) []Finding {
	who := strings.TrimSpace(c.Name)
	if who == "" {
		who = "unnamed contact"
	}
	if !blank(c.Email) && !syncer.ValidEmail(c.Email) {
		out = append(out, single(d, idx, CheckBadEmail, "Email of "+who, c.Email, emailReason(c.Email)))
	}
	if !blank(c.Mobile) {
		if _, why := mobileProblem(c.Mobile, d.CountryCode); why != "" {
			out = append(out, single(d, idx, CheckBadMobile, "Mobile of "+who, c.Mobile, why))
		}
	}
	if !blank(c.Phone) {
		if _, why := phoneProblem(c.Phone, d.CountryCode); why != "" {
			out = append(out, single(d, idx, CheckBadPhone, "Phone of "+who, c.Phone, why))
		}
	}
	return out
}

// emailReason says in plain words what is wrong with an address ValidEmail refused.
func emailReason(s string) string {
	s = strings.TrimSpace(s)
	at := strings.Count(s, "@")
	switch {
	case strings.ContainsAny(s, ",; ") && at > 1:
		return "more than one address in the field; keep one address per field"
	case strings.ContainsAny(s, " ()<>\""):
		return "there are notes or spaces in the address; put notes elsewhere"
	case at == 0:
		return "there is no @ in the address"
	case at > 1:
		return "there is more than one @ in the address"
	case !strings.Contains(s[strings.LastIndexByte(s, '@'):], "."):
		return "the part after @ is not a full domain (like example.com)"
	default:
		return "the address is not a valid email address"
	}
}

// inconsistent reports a client whose links disagree with each other. An XPM client not
// imported has XPM's own staff, so only local clients can name someone XPM does not know.
func inconsistent(d *Data, idx int, out []Finding) []Finding {
	r := &d.Records[idx]
	if !r.Local() {
		return out
	}
	if r.Partner.Set && !r.Partner.Linked {
		out = append(out, single(d, idx, CheckPartnerUnlink, "Partner", r.Partner.Name,
			staffName(r.Partner)+" is not linked to an XPM staff member (link them on the Staff Linking tab)"))
	}
	if r.Manager.Set && !r.Manager.Linked {
		out = append(out, single(d, idx, CheckManagerUnlink, "Manager", r.Manager.Name,
			staffName(r.Manager)+" is not linked to an XPM staff member (link them on the Staff Linking tab)"))
	}
	if r.XPMArchive && !r.Archived {
		out = append(out, single(d, idx, CheckArchivedLinked, "Archived", "archived in XPM",
			"the XPM client is archived but this local client is still active; unlink it or archive it here"))
	}
	return out
}

func staffName(s Staff) string {
	if strings.TrimSpace(s.Name) == "" {
		return "this person"
	}
	return s.Name
}
