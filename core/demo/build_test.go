package demo

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"xpmsync/core/activity"
	"xpmsync/core/importer"
	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/staff"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// services are the engine parts the tabs use, over the demo's database, as the app wires them.
type services struct {
	st    *store.Store
	link  *linking.Service
	staff *staff.Service
	imp   *importer.Importer
	log   *activity.Log
}

func (d built) services() services {
	eng := syncer.New(d.st, d.api, syncer.Options{NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	return services{
		st:    d.st,
		link:  linking.New(d.st, func() linking.API { return d.api }, eng),
		staff: staff.New(d.st, func() staff.API { return d.api }),
		imp:   importer.New(d.st, func() importer.API { return d.api }, importer.Options{}),
		log:   activity.New(d.st),
	}
}

// One build, many checks: each feature the demo shows is the engine's own output.
func TestLivedInPracticeShowsEveryFeature(t *testing.T) {
	d := buildDemo(t, 500)
	svc := d.services()
	t.Logf("built in %s: %+v", d.sum.Took, d.sum)
	t.Run("clients flagged for review, nothing deleted", func(t *testing.T) { checkReview(t, d, svc) })
	t.Run("differences and the duplicate warning", func(t *testing.T) { checkClients(t, d, svc) })
	t.Run("team members linked every way and one waiting", func(t *testing.T) { checkStaff(t, d, svc) })
	t.Run("import review and the sync summary", func(t *testing.T) { checkImports(t, d, svc) })
	t.Run("72 hours of history with a recovered failure streak", func(t *testing.T) { checkHistory(t, d, svc) })
	t.Run("outbox sent after the outage", func(t *testing.T) { checkOutbox(t, d) })
	t.Run("data health trend over the three days, lower after the fixes", func(t *testing.T) { checkHealthTrend(t, d) })
}

func rows(t *testing.T, svc services, f store.RowFilter) []store.ClientRow {
	t.Helper()
	keys, err := svc.st.ClientRowKeys(t.Context(), store.RowQuery{Filter: f})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := svc.link.ClientRowsByKeys(t.Context(), keys)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func local(t *testing.T, d built, role string) store.LocalClient {
	t.Helper()
	ids := d.sum.Clients[role]
	if len(ids) == 0 {
		t.Fatalf("no client plays %q", role)
	}
	lc, err := d.st.Client(d.ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	return lc
}

func checkReview(t *testing.T, d built, svc services) {
	reasons := map[string]int{}
	for _, r := range rows(t, svc, store.FilterReview) {
		lc, err := d.st.Client(d.ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		reasons[lc.Review]++
	}
	if reasons["conflict"] != 1 || reasons["merged"] != 1 || reasons["archived"] != 1 {
		t.Fatalf("clients flagged for review by reason = %v; want one conflict, one merged, one archived", reasons)
	}
	if n := len(rows(t, svc, store.FilterConflict)); n != 1 {
		t.Errorf("Conflicts filter shows %d clients", n)
	}
	c := local(t, d, RoleConflict)
	hist, err := d.st.History(d.ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	kept := false
	for _, h := range hist {
		kept = kept || (h.Source == "conflict" && strings.Contains(h.Old+h.New, "09 555 0101"))
	}
	if !kept || c.Client.Phone != "09 555 0199" {
		t.Errorf("conflict: phone %q (From XPM should win), history %+v", c.Client.Phone, hist)
	}
	for _, role := range []string{RoleMerged, RoleArchived} {
		lc := local(t, d, role)
		if lc.Client.Name == "" || len(lc.Client.Contacts) == 0 {
			t.Errorf("%s client lost its data: %+v", role, lc.Client)
		}
	}
}

func checkClients(t *testing.T, d built, svc services) {
	differ := rows(t, svc, store.FilterDifferences)
	if len(differ) < 3 {
		t.Fatalf("%d clients with differences, want the 3 edited here since the last sync", len(differ))
	}
	det, err := svc.link.DetailOf(d.ctx, store.RowKey{Kind: store.KindLocal, ID: d.sum.Clients[RoleDiffers][0]})
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Diffs) == 0 || det.Diffs[0].XPM == det.Diffs[0].Local {
		t.Errorf("differing client shows differences %+v", det.Diffs)
	}
	dup := local(t, d, RoleDuplicate)
	found, err := svc.link.FindDuplicates(d.ctx, dup)
	if err != nil || len(found) == 0 || dup.XPMUUID != "" {
		t.Errorf("likely duplicate %q: duplicates %+v, %v, linked %q", dup.Client.Name, found, err, dup.XPMUUID)
	}
	if n := len(rows(t, svc, store.FilterXPMOnly)); n < 2 {
		t.Errorf("%d XPM clients not imported, want the new ones left to pick", n)
	}
	if n := len(rows(t, svc, store.FilterLocal)); n < 3 {
		t.Errorf("%d local-only clients", n)
	}
	withPartner := 0
	for _, r := range rows(t, svc, store.FilterLinked) {
		lc, err := d.st.Client(d.ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if lc.PartnerStaffID != 0 && lc.ManagerStaffID != 0 {
			withPartner++
		}
	}
	if withPartner < 300 {
		t.Errorf("only %d linked clients have a Partner and a Manager", withPartner)
	}
}

func checkStaff(t *testing.T, d built, svc services) {
	b, err := svc.staff.Board(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	how := map[string]int{}
	waiting := ""
	for _, r := range b.Rows {
		how[r.Member.LinkHow]++
		if !r.Member.Linked() && !r.Member.CreateDue.IsZero() {
			waiting = r.Status
		}
	}
	if how[store.LinkImport] < 2 || how[store.LinkEmail] != 1 || how[store.LinkManual] != 1 || how[store.LinkCreated] != 1 {
		t.Errorf("team members by link = %v", how)
	}
	if waiting != "Will be created in XPM in 19 h" {
		t.Errorf("waiting member's status = %q", waiting)
	}
}

func checkImports(t *testing.T, d built, svc services) {
	n, err := svc.imp.PendingCount(d.ctx)
	if err != nil || n < 3 {
		t.Fatalf("%d items wait in Import review (%v)", n, err)
	}
	owner := d.sum.Clients[RoleLinkToExisting][0]
	items, err := d.st.ImportItems(d.ctx, owner, store.ItemNew)
	if err != nil {
		t.Fatal(err)
	}
	offered := false
	for _, it := range items {
		choices, err := svc.imp.LinkChoices(d.ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range choices {
			offered = offered || (it.Kind == store.ItemRelationship && c.ID == d.sum.Clients[RoleHandMade][0])
		}
	}
	if !offered {
		t.Errorf("no relationship waiting in Import review offers the hand-made one for Link to existing (%d items)", len(items))
	}
	var csv bytes.Buffer
	if err := syncer.WriteSummaryCSV(d.ctx, d.st, &csv); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"accounts@@", "call after 5pm", "see file"} {
		if !strings.Contains(csv.String(), want) {
			t.Errorf("sync summary does not list the contact with %q", want)
		}
	}
}

func checkHistory(t *testing.T, d built, svc services) {
	evs, err := svc.log.Recent(d.ctx, activity.Filter{Group: activity.GroupSyncs})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, e := range evs {
		kinds[string(e.Kind)]++
	}
	if kinds["sync_failed"] != 3 || kinds["sync_finished"] < 70 {
		t.Errorf("sync history = %v", kinds)
	}
	runs, err := d.st.RunsSince(d.ctx, d.end.Add(-Span))
	if err != nil {
		t.Fatal(err)
	}
	trig := map[string]int{}
	for _, r := range runs {
		trig[r.Trigger+"/"+r.Kind+"/"+r.Status]++
	}
	if trig["nightly/full/ok"] != 3 || trig["schedule/delta/ok"] < 60 || trig["schedule/delta/failed"] != 3 {
		t.Errorf("runs by trigger/kind/status = %v", trig)
	}
	if d.sum.Alerts != 1 || d.sum.Cleared != 1 {
		t.Errorf("alerts raised %d, cleared %d; want the streak's one alert, cleared by the recovery", d.sum.Alerts, d.sum.Cleared)
	}
	buckets, err := svc.log.Hourly(d.ctx)
	if err != nil {
		t.Fatal(err)
	}
	busy := 0
	for _, b := range buckets {
		if b.OK > 0 {
			busy++
		}
	}
	if busy < 70 {
		t.Errorf("only %d of the chart's 72 hours have a sync", busy)
	}
}

func checkOutbox(t *testing.T, d built) {
	open, failed, err := d.st.OutboxCounts(d.ctx)
	if err != nil || open != 0 || failed != 0 {
		t.Fatalf("outbox: %d open, %d failed, %v", open, failed, err)
	}
	lc := local(t, d, RoleOutbox)
	if x, ok := d.fake.Client(lc.XPMUUID); !ok || x.Name != lc.Client.Name {
		t.Errorf("the client created during the outage is not in XPM: %q → %+v", lc.XPMUUID, x)
	}
	evs, err := d.st.Events(d.ctx, store.EventQuery{Client: lc.Client.Name})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[model.EventKind]bool{}
	for _, e := range evs {
		seen[e.Kind] = true
	}
	if !seen["push_queued"] || !seen["push_failed"] || !seen["client_linked"] {
		t.Errorf("the outage client's history: %v", seen)
	}
}
