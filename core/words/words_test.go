package words

import (
	"math"
	"testing"
	"time"
)

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 999: "999", 1000: "1,000", 15000: "15,000", -1204: "-1,204", 1234567: "1,234,567",
		math.MinInt: "-9,223,372,036,854,775,808", math.MaxInt: "9,223,372,036,854,775,807",
	} {
		if got := Thousands(n); got != want {
			t.Errorf("Thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCount(t *testing.T) {
	if got := Count(1, "client"); got != "1 client" {
		t.Errorf("%q", got)
	}
	if got := Count(1204, "client"); got != "1,204 clients" {
		t.Errorf("%q", got)
	}
	if got := Count(0, "contact"); got != "0 contacts" {
		t.Errorf("%q", got)
	}
}

func TestAgo(t *testing.T) {
	now := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	for d, want := range map[time.Duration]string{
		10 * time.Second: "just now", time.Minute: "1 min ago", 5 * time.Minute: "5 min ago",
		time.Hour: "1 hour ago", 3 * time.Hour: "3 hours ago", 72 * time.Hour: "3 days ago",
	} {
		if got := Ago(now.Add(-d), now); got != want {
			t.Errorf("Ago(-%v) = %q, want %q", d, got, want)
		}
	}
	if got := Ago(time.Time{}, now); got != "never" {
		t.Errorf("zero time: %q", got)
	}
}
