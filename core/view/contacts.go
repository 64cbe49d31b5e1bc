package view

import (
	"net/mail"
	"strings"

	"xpmsync/core/model"
)

// ValidEmail reports whether s is one plain email address and nothing else: a note such as
// "jo@example.com (home)" makes it invalid, as seed 002 says.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t<>()\",;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// NormalizeMobile turns a mobile number into international form (+ and digits). Spaces and
// hyphens are ignored; a local number (leading 0, or no calling code) takes the default
// country code; anything else — letters, brackets, notes like "(Leanne)" — is invalid.
// An empty number is valid and stays empty.
func NormalizeMobile(s, countryCode string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	n, ok := mobileDigits(s)
	if !ok {
		return "", false
	}
	switch {
	case strings.HasPrefix(n, "+"):
		n = n[1:]
	case strings.HasPrefix(n, "00"):
		n = n[2:]
	case strings.HasPrefix(n, "0"):
		n = countryCode + n[1:]
	default:
		n = countryCode + n
	}
	if len(n) < 8 || len(n) > 15 || strings.HasPrefix(n, "0") {
		return "", false
	}
	return "+" + n, true
}

// mobileDigits keeps the digits and a leading +, skipping spaces and hyphens; anything else
// makes the number invalid.
func mobileDigits(s string) (string, bool) {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '\u00a0':
		case r == '+' && i == 0:
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	return b.String(), true
}

// ContactProblems checks a contact as seed 002 does, as the user types: a name is required,
// an email must be one valid address, a mobile must be a number (it is normalised with the
// default country code). It returns the contact as it will be saved and the problems by field.
func ContactProblems(c model.Contact, countryCode string) (model.Contact, map[string]string) {
	p := map[string]string{}
	c.Name, c.Email = strings.TrimSpace(c.Name), strings.TrimSpace(c.Email)
	c.Salutation, c.Addressee = strings.TrimSpace(c.Salutation), strings.TrimSpace(c.Addressee)
	c.Phone, c.Position = strings.TrimSpace(c.Phone), strings.TrimSpace(c.Position)
	if c.Name == "" {
		p["Name"] = "A contact needs a name."
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		p["Email"] = "This is not one email address (like name@example.com, with no notes)."
	}
	if m, ok := NormalizeMobile(c.Mobile, countryCode); ok {
		c.Mobile = m
	} else {
		p["Mobile"] = "This is not a mobile number (digits and spaces only; put notes elsewhere)."
	}
	return c, p
}
