package view

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RelationshipTypes are XPM's relationship types (API reference §2.9).
var RelationshipTypes = []string{"Director", "Shareholder", "Trustee", "Beneficiary", "Partner", "Settlor", "Associate",
	"Secretary", "Public Officer", "Husband", "Wife", "Spouse", "Parent Of", "Child Of", "Appointer", "Member", "Auditor", "Owner"}

// TakesShares reports whether XPM accepts a number of shares for a relationship type.
func TakesShares(typ string) bool { return typ == "Shareholder" || typ == "Owner" }

// TakesPercentage reports whether XPM accepts a percentage for a relationship type (partners).
func TakesPercentage(typ string) bool { return typ == "Partner" }

var sharesRe = regexp.MustCompile(`^\d+$`)

// RelationshipProblems checks a relationship by XPM's own rules: a type XPM knows, another
// client to relate to, shares only for a shareholder or owner, a percentage only for a partner,
// dates as yyyy-mm-dd with the end not before the start.
func RelationshipProblems(r LocalRelationship) (LocalRelationship, map[string]string) {
	p := map[string]string{}
	r.NumberOfShares, r.Percentage = strings.TrimSpace(r.NumberOfShares), strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(r.Percentage), "%"))
	r.StartDate, r.EndDate = strings.TrimSpace(r.StartDate), strings.TrimSpace(r.EndDate)
	if !slices.Contains(RelationshipTypes, r.Type) {
		p["Type"] = "Choose one of XPM's relationship types."
	}
	switch {
	case r.RelatedClientID == 0 && (r.ID == 0 || r.RelatedName == ""):
		p["Related"] = "Choose the client this one is related to."
	case r.RelatedClientID == r.ClientID:
		p["Related"] = "A client cannot be related to itself."
	}
	relValueProblems(r, p)
	relDateProblems(r, p)
	return r, p
}

func relValueProblems(r LocalRelationship, p map[string]string) {
	if r.NumberOfShares != "" && !TakesShares(r.Type) {
		p["NumberOfShares"] = "Only a shareholder or owner has shares in XPM."
	} else if r.NumberOfShares != "" && !sharesRe.MatchString(r.NumberOfShares) {
		p["NumberOfShares"] = "Shares are a whole number, like 1000."
	}
	if r.Percentage == "" {
		return
	}
	if !TakesPercentage(r.Type) {
		p["Percentage"] = "Only a partner has a percentage in XPM."
	} else if f, err := strconv.ParseFloat(r.Percentage, 64); err != nil || f < 0 || f > 100 {
		p["Percentage"] = "A percentage is a number from 0 to 100, like 25 or 12.5."
	}
}

func relDateProblems(r LocalRelationship, p map[string]string) {
	start, okS := relDate(r.StartDate)
	end, okE := relDate(r.EndDate)
	if !okS {
		p["StartDate"] = "Dates are written yyyy-mm-dd, like 2024-07-01."
	}
	if !okE {
		p["EndDate"] = "Dates are written yyyy-mm-dd, like 2025-06-30."
	}
	if okS && okE && !start.IsZero() && !end.IsZero() && end.Before(start) {
		p["EndDate"] = "The end date is before the start date."
	}
}

func relDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}
