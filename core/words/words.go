// Package words holds the wording every part of the window shares — numbers with thousands
// separators, "5 min ago", "1 client" / "2 clients", how a sync run ended, when the next one is,
// the tray's and the status bar's lines — so the status bar, the tabs, the tray and the banner
// say the same thing the same way. It imports no other package of the app and no Fyne: callers
// hand it plain values. A failure's own words come from core/problem.
package words

import (
	"fmt"
	"time"

	"github.com/dustin/go-humanize"
)

// Thousands writes n with thousands separators ("15,000"); every int, the smallest included.
func Thousands(n int) string { return humanize.Comma(int64(n)) }

// Count words a number of things as people say it: "1 client", "1,204 clients".
func Count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return Thousands(n) + " " + thing + "s"
}

// Ago says how long ago t was, in the words of a status line.
func Ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return Plural(int(d/time.Minute), "min") + " ago"
	case d < 48*time.Hour:
		return Plural(int(d/time.Hour), "hour") + " ago"
	default:
		return Plural(int(d/(24*time.Hour)), "day") + " ago"
	}
}

// Plural is "1 client" or "3 clients" ("min" stays "min").
func Plural(n int, unit string) string {
	if n == 1 || unit == "min" {
		return fmt.Sprintf("%d %s", n, unit)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
