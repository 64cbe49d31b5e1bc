package xpm

import (
	"strings"
	"time"
)

// dateLayouts are the shapes XPM uses for dates and datetimes (reference §8), tried in order.
var dateLayouts = []string{
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"20060102",
}

// parseDate reads any XPM date/datetime form; ok is false for text it does not recognise.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateOnly normalises a date or datetime to yyyy-mm-dd; unrecognised text is kept as sent so
// nothing a user typed into XPM is silently lost.
func dateOnly(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("2006-01-02")
	}
	return strings.TrimSpace(s)
}

// dateTime normalises a datetime to XPM's yyyy-mm-ddTHH:MM:SS (no zone), keeping unknown text.
func dateTime(s string) string {
	if t, ok := parseDate(s); ok {
		return t.Format("2006-01-02T15:04:05")
	}
	return strings.TrimSpace(s)
}

// yes reads XPM's Yes/No booleans (and tolerates true/1).
func yes(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "1", "y":
		return true
	}
	return false
}

// yesNo writes a boolean the way XPM bodies spell it.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// gstPeriodRead turns whatever XPM sent into the read names the model keeps.
func gstPeriodRead(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "monthly", "1 monthly":
		return "Monthly"
	case "2", "2 monthly", "two monthly", "bi-monthly":
		return "2 Monthly"
	case "6", "6 monthly", "six monthly":
		return "6 Monthly"
	}
	return strings.TrimSpace(s)
}

// gstPeriodWrite turns a read name into the 1/2/6 code XPM accepts on add/update.
func gstPeriodWrite(s string) string {
	switch gstPeriodRead(s) {
	case "Monthly":
		return "1"
	case "2 Monthly":
		return "2"
	case "6 Monthly":
		return "6"
	}
	return strings.TrimSpace(s)
}

// masked reports whether a TaxNumber is the masked read form ("******123"), which must never
// be written back: it would overwrite the real number.
func masked(s string) bool { return strings.Contains(s, "*") }
