package health

import (
	"regexp"
	"strings"
)

// postcodeRules are the post code shapes of the countries the practices are in.
var postcodeRules = map[string]struct {
	re   *regexp.Regexp
	want string
}{
	"AU": {regexp.MustCompile(`^\d{4}$`), "four digits"},
	"NZ": {regexp.MustCompile(`^\d{4}$`), "four digits"},
	"UK": {regexp.MustCompile(`^(?i)[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$`), "like SW1A 1AA"},
	"US": {regexp.MustCompile(`^\d{5}(-\d{4})?$`), "five digits (or ZIP+4)"},
	"CA": {regexp.MustCompile(`^(?i)[A-Z]\d[A-Z] ?\d[A-Z]\d$`), "like K1A 0B1"},
}

// countryCodes maps the ways a country is written to its code.
var countryCodes = map[string]string{
	"australia": "AU", "au": "AU", "aus": "AU",
	"new zealand": "NZ", "nz": "NZ", "nzl": "NZ", "aotearoa": "NZ", "aotearoa new zealand": "NZ",
	"united kingdom": "UK", "uk": "UK", "gb": "UK", "great britain": "UK", "england": "UK", "scotland": "UK", "wales": "UK",
	"united states": "US", "usa": "US", "us": "US", "united states of america": "US",
	"canada": "CA", "ca": "CA",
}

// callingCountry is the country a practice's default calling code stands for.
var callingCountry = map[string]string{"61": "AU", "64": "NZ", "44": "UK", "1": "US"}

// countryOf resolves the country an address names, or the practice's own when it names none.
// An unknown country gives "": its post codes are not judged.
func countryOf(country, cc string) string {
	c := strings.Join(strings.Fields(fold(country)), " ")
	if c == "" {
		return callingCountry[cc]
	}
	return countryCodes[c]
}

// postcodeProblem says why a post code does not fit its country ("" = fine or not judged).
func postcodeProblem(code, country, cc string) string {
	code = strings.TrimSpace(code)
	if code == "" {
		return ""
	}
	rule, ok := postcodeRules[countryOf(country, cc)]
	if !ok || rule.re.MatchString(code) {
		return ""
	}
	name := strings.TrimSpace(country)
	if name == "" {
		name = "the practice's country"
	}
	return "a post code in " + name + " is " + rule.want
}
