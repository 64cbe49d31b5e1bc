package app

import "testing"

// The outbox's word in the status bar fits its share of the bar at 1,200 pixels and says
// first what needs the practice: changes XPM refused.
func TestOutboxWordsAreShort(t *testing.T) {
	for _, c := range []struct {
		open, failed int
		want         string
	}{
		{0, 0, ""},
		{1, 0, "1 change to send"},
		{12, 0, "12 changes to send"},
		{3, 2, "2 changes not sent to XPM"},
	} {
		if got := outboxWords(c.open, c.failed); got != c.want || len(got) > 26 {
			t.Errorf("outboxWords(%d, %d) = %q, want %q", c.open, c.failed, got, c.want)
		}
	}
}
