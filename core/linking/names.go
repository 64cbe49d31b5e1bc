package linking

import (
	"net/mail"
	"strings"
	"unicode"
)

// NormalizeName is a client name with case, punctuation and "&"/"and" ignored: "O'Brien & Co.
// Ltd", "obrien co ltd" and "OBrien and Co Ltd" are the same client name for the duplicate check.
func NormalizeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '&':
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	out := words[:0]
	for _, w := range words {
		if w != "and" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// NormalizeEmail is an email compared case-insensitively, without surrounding spaces.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// legalWords are the words a practice adds or drops from a client's name without it being
// another client; a partial match ignores them.
var legalWords = map[string]bool{"ltd": true, "limited": true, "pty": true, "inc": true, "co": true, "company": true,
	"the": true, "trust": true, "family": true, "partnership": true, "and": true, "holdings": true, "group": true}

// coreName is the normalized name without legal words, for partial matches.
func coreName(s string) string {
	var kept []string
	for _, w := range strings.Fields(NormalizeName(s)) {
		if !legalWords[w] {
			kept = append(kept, w)
		}
	}
	return strings.Join(kept, " ")
}

// ValidEmail reports whether s is one plain email address and nothing else.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t<>()\",;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// ValidPhone reports whether s looks like a phone number: digits with spaces, dashes, dots,
// brackets and one leading +, and at least six digits.
func ValidPhone(s string) bool {
	s = strings.TrimSpace(s)
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		case r == '+' && i == 0:
		default:
			return false
		}
	}
	return digits >= 6 && digits <= 20
}

// Problems lists what is wrong with a client before it is saved, by field key (empty = fine):
// a name is required; an email and phone, when given, must be valid.
func Problems(name, email, phone, fax string) map[string]string {
	p := map[string]string{}
	if strings.TrimSpace(name) == "" {
		p["Name"] = "A client needs a name."
	}
	if strings.TrimSpace(email) != "" && !ValidEmail(email) {
		p["Email"] = "This is not an email address (one address only, like name@example.com)."
	}
	if strings.TrimSpace(phone) != "" && !ValidPhone(phone) {
		p["Phone"] = "This is not a phone number (digits, spaces, dashes, brackets and a leading +)."
	}
	if strings.TrimSpace(fax) != "" && !ValidPhone(fax) {
		p["Fax"] = "This is not a fax number (digits, spaces, dashes, brackets and a leading +)."
	}
	return p
}
