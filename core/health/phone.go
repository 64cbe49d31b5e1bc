package health

import (
	"regexp"
	"strings"
	"unicode"

	"xpmsync/core/syncer"
)

// extension matches a trailing phone extension: "ext 12", "ext. 12", "extn 12", "x12", "#12".
var extension = regexp.MustCompile(`(?i)[\s,;]*(?:ext(?:ension|n)?\.?|x|#)\s*(\d{1,6})\s*$`)

// landlineNoise is what a landline may carry that a mobile may not: the "(0)" written inside
// international numbers ("+61 (0)2 9999 1234"), brackets round the area code, dots between groups.
var landlineNoise = strings.NewReplacer("(0)", "", "(", "", ")", "", ".", " ")

// splitExtension parses a phone number into the number and its extension.
func splitExtension(s string) (number, ext string) {
	if !strings.ContainsAny(s, "xX#") {
		return s, ""
	}
	if m := extension.FindStringSubmatchIndex(s); m != nil {
		return s[:m[0]], s[m[2]:m[3]]
	}
	return s, ""
}

// phoneProblem judges a landline the way contact validation judges a mobile, after allowing
// what is normal in a landline and not in a mobile: an extension, brackets round the area code
// ("(02) 9999 1234") and dots between groups. It returns the number in international form
// (with "x" and the extension) and "" when it is fine, or why it is not.
func phoneProblem(s, cc string) (key, reason string) {
	num, ext := splitExtension(strings.TrimSpace(s))
	num = landlineNoise.Replace(num)
	n, ok := syncer.NormalizeMobile(num, cc)
	if !ok {
		return "", numberReason(num)
	}
	if ext != "" {
		n += "x" + ext
	}
	return n, ""
}

// mobileProblem judges a mobile exactly as contact validation does (core/syncer).
func mobileProblem(s, cc string) (key, reason string) {
	n, ok := syncer.NormalizeMobile(s, cc)
	if ok {
		return n, ""
	}
	if _, ext := splitExtension(s); ext != "" {
		return "", "a mobile number has no extension; put the extension on a phone number"
	}
	return "", numberReason(s)
}

// numberReason says in plain words what is wrong with a number that failed validation.
func numberReason(s string) string {
	letters, digits := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	switch {
	case letters > 0:
		return "there are words in the number; put notes elsewhere"
	case strings.ContainsAny(s, "/,;"):
		return "more than one number in the field; keep one number per field"
	case digits < 8:
		return "too few digits for a full number (include the area code)"
	case digits > 15:
		return "too many digits for one number"
	default:
		return "the number has characters other than digits, spaces and hyphens"
	}
}
