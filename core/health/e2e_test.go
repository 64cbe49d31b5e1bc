package health_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"xpmsync/core/health"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// TestDemoPracticeShowsProblemsAfterASync syncs the demo practice from the fake XPM with the
// health trend hooked in: the sync records one trend point, and the review finds the clients
// the seed entered twice, one person with two different mobiles, and the seed's gaps.
func TestDemoPracticeShowsProblemsAfterASync(t *testing.T) {
	ctx := context.Background()
	fake, api := xpmtest.Connect(t, xpmfake.Config{Clients: 300, Seed: 1, DisableRateLimits: true}, xpmtest.Quiet(), xpmtest.NoLimiter())
	st := storetest.Open(t) // SQLite, or PostgreSQL when the run asks for it
	svc := &health.Service{St: st}
	eng := syncer.New(st, api, syncer.Options{NoAutoPush: true, Logger: slog.New(slog.DiscardHandler), AfterSync: svc.AfterSync})
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	pts, err := svc.Trend(ctx)
	if err != nil || len(pts) != 1 || pts[0].Total == 0 {
		t.Fatalf("trend after one sync = %+v, %v; want one point with findings", pts, err)
	}
	r, err := svc.Review(ctx)
	if err != nil {
		t.Fatal(err)
	}
	byCheck := map[string][]health.Finding{}
	for _, f := range r.Open {
		byCheck[f.Check] = append(byCheck[f.Check], f)
	}
	if pts[0].Total != len(r.Open) {
		t.Errorf("trend total %d, review %d open findings", pts[0].Total, len(r.Open))
	}
	surnameFirst, andCompany := false, false
	for _, f := range byCheck[health.CheckDuplicate] {
		for _, c := range f.Clients {
			surnameFirst = surnameFirst || strings.Contains(c.Name, ", ")
			andCompany = andCompany || strings.Contains(c.Name, " and ")
		}
	}
	if !surnameFirst || !andCompany {
		t.Errorf("the seeded re-entries were not all found (surname first %v, company with \"and\" %v): %d duplicate groups",
			surnameFirst, andCompany, len(byCheck[health.CheckDuplicate]))
	}
	for _, c := range []string{health.CheckContactDiffers, health.CheckBadEmail, health.CheckNoPartner, health.CheckBadMobile} {
		if len(byCheck[c]) == 0 {
			t.Errorf("no %s findings in the demo practice", c)
		}
	}
	for _, f := range byCheck[health.CheckDuplicate] {
		t.Log(f.Clients[0].Name, "~", f.Clients[1].Name, ":", f.Reason)
	}
	// Besides the seeded re-entries, only clients of one name (two families' "Patel
	// Superannuation Fund", with no tax numbers to tell them apart) may be grouped.
	if dups := len(byCheck[health.CheckDuplicate]); dups > 12 {
		t.Errorf("%d duplicate groups in 300 clients: too many false alarms", dups)
	}
	for _, f := range byCheck[health.CheckDuplicate] {
		a, b := f.Clients[0].Name, f.Clients[1].Name
		if !strings.Contains(f.Reason, "same name") && !strings.Contains(f.Reason, "number") {
			t.Errorf("%q ~ %q grouped only by %s", a, b, f.Reason)
		}
	}
	if len(fake.Clients()) != 300 {
		t.Errorf("the seed's problems changed the number of clients to %d", len(fake.Clients()))
	}
}
