package demo

import (
	"testing"
	"time"

	"xpmsync/core/health"
)

// checkHealthTrend: every sync of the history left a Data health point, spread over the three
// days, and the emails filled in partway leave fewer email problems than just before.
func checkHealthTrend(t *testing.T, d built) {
	svc := &health.Service{St: d.st}
	tr, err := svc.Trend(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr) < d.sum.Syncs-d.sum.Failed {
		t.Errorf("trend has %d points, want one per successful sync (%d)", len(tr), d.sum.Syncs-d.sum.Failed)
	}
	days := map[string]bool{}
	for _, p := range tr {
		days[p.At.UTC().Format(time.DateOnly)] = true
	}
	if len(days) < 2 {
		t.Errorf("trend points fall on %d day(s), want the history's several: %v", len(days), days)
	}
	fixedAt := d.end.Add(-Span).Truncate(time.Minute).Add(52 * time.Hour)
	before, after := -1, -1
	for _, p := range tr {
		n := p.Counts[health.CheckNoEmail] + p.Counts[health.CheckBadEmail]
		if p.At.Before(fixedAt) {
			before = n
		} else if after < 0 {
			after = n
		}
	}
	if before < 0 || after < 0 || after >= before {
		t.Errorf("email problems around the fix: %d before, %d after; want fewer after", before, after)
	}
	fixed := d.sum.Clients[RoleHealthFixed]
	if len(fixed) != 2 {
		t.Fatalf("clients fixed from Data health: %v, want 2", fixed)
	}
	r, err := svc.Review(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Open {
		if f.Check != health.CheckNoEmail && f.Check != health.CheckBadEmail {
			continue
		}
		for _, c := range f.Clients {
			if c.Row.ID == fixed[0] || c.Row.ID == fixed[1] {
				t.Errorf("client %q still has an email problem after the fix: %s", c.Name, f.Reason)
			}
		}
	}
}
