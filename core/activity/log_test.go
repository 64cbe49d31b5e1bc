package activity

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
)

func newLog(t *testing.T, now *time.Time) (*Log, *store.Store) {
	t.Helper()
	st := storetest.Open(t)
	st.SetClock(func() time.Time { return *now })
	l := New(st)
	l.SetLocation(time.UTC)
	return l, st
}

func addEvent(t *testing.T, st *store.Store, e store.Event) {
	t.Helper()
	if err := st.AddEvent(context.Background(), e); err != nil {
		t.Fatal(err)
	}
}

func TestRecentShowsOnlyThePast72HoursWithFilters(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	l, st := newLog(t, &now)
	ctx := context.Background()
	addEvent(t, st, store.Event{At: now.Add(-73 * time.Hour), Kind: "client_updated", ClientName: "Too Old Ltd"})
	addEvent(t, st, store.Event{At: now.Add(-71 * time.Hour), Kind: "client_updated", ClientName: "Bloggs Electrical Ltd", Details: "Updated from XPM: email"})
	addEvent(t, st, store.Event{At: now.Add(-2 * time.Hour), Kind: "conflict", Result: "warning", ClientName: "Harbour View Trust"})
	addEvent(t, st, store.Event{At: now.Add(-time.Hour), Kind: "sync_failed", Result: "failed", Details: "XPM did not answer"})
	addEvent(t, st, store.Event{At: now.Add(-time.Minute), Kind: "staff_created", ClientName: ""})

	names := func(f Filter) []string {
		t.Helper()
		evs, err := l.Recent(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range evs {
			out = append(out, string(e.Kind)+":"+e.ClientName)
		}
		return out
	}
	eq := func(got []string, want ...string) {
		t.Helper()
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	eq(names(Filter{}), "staff_created:", "sync_failed:", "conflict:Harbour View Trust", "client_updated:Bloggs Electrical Ltd")
	eq(names(Filter{Group: GroupSyncs}), "sync_failed:")
	eq(names(Filter{Group: GroupStaff}), "staff_created:")
	eq(names(Filter{Group: GroupPush})) // nothing of that kind: empty, not everything
	eq(names(Filter{Result: "warning"}), "conflict:Harbour View Trust")
	eq(names(Filter{Client: "BLOGGS"}), "client_updated:Bloggs Electrical Ltd")
	eq(names(Filter{Group: GroupUpdated, Client: "harbour"}))

	// Time moves on: the Bloggs update drops out of the window.
	now = now.Add(2 * time.Hour)
	eq(names(Filter{Group: GroupUpdated}))
}

func TestPruneDeletesEventsOlderThan30Days(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	l, st := newLog(t, &now)
	ctx := context.Background()
	addEvent(t, st, store.Event{At: now.Add(-31 * 24 * time.Hour), Kind: "client_updated"})
	addEvent(t, st, store.Event{At: now.Add(-29 * 24 * time.Hour), Kind: "client_created"})
	if err := l.PruneJob(ctx, now); err != nil {
		t.Fatal(err)
	}
	left, err := st.Events(ctx, store.EventQuery{})
	if err != nil || len(left) != 1 || left[0].Kind != "client_created" {
		t.Fatalf("left = %+v, %v", left, err)
	}
	// The job prunes once an hour: a day passing counts, a minute does not.
	addEvent(t, st, store.Event{At: now.Add(-40 * 24 * time.Hour), Kind: "client_updated"})
	if err := l.PruneJob(ctx, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if left, _ = st.Events(ctx, store.EventQuery{}); len(left) != 2 {
		t.Fatalf("pruned again within the hour: %d left", len(left))
	}
	now = now.Add(24 * time.Hour)
	if err := l.PruneJob(ctx, now); err != nil {
		t.Fatal(err)
	}
	if left, _ = st.Events(ctx, store.EventQuery{}); len(left) != 1 {
		t.Fatalf("left %d after a day", len(left))
	}
}

func TestHourlyCountsSyncResultsPerHour(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 30, 0, 0, time.UTC)
	l, st := newLog(t, &now)
	ctx := context.Background()
	clock := now
	st.SetClock(func() time.Time { return clock })
	run := func(at time.Time, status string) {
		t.Helper()
		clock = at
		id, err := st.StartRun(ctx, "delta", "schedule")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.FinishRun(ctx, store.Run{ID: id, Status: status}); err != nil {
			t.Fatal(err)
		}
	}
	run(now.Add(-80*time.Hour), "ok")                         // before the window
	run(time.Date(2026, 11, 24, 13, 5, 0, 0, time.UTC), "ok") // first bucket
	run(time.Date(2026, 11, 27, 9, 10, 0, 0, time.UTC), "failed")
	run(time.Date(2026, 11, 27, 9, 50, 0, 0, time.UTC), "failed")
	run(time.Date(2026, 11, 27, 9, 55, 0, 0, time.UTC), "ok")
	run(time.Date(2026, 11, 27, 12, 1, 0, 0, time.UTC), "ok")
	run(time.Date(2026, 11, 27, 12, 2, 0, 0, time.UTC), "cancelled") // neither colour
	clock = now

	b, err := l.Hourly(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 72 {
		t.Fatalf("%d buckets", len(b))
	}
	if !b[71].Start.Equal(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)) || !b[0].Start.Equal(time.Date(2026, 11, 24, 13, 0, 0, 0, time.UTC)) {
		t.Fatalf("first %v, last %v", b[0].Start, b[71].Start)
	}
	total := 0
	for _, x := range b {
		total += x.OK + x.Failed
	}
	if total != 5 || b[0].OK != 1 || b[68].Failed != 2 || b[68].OK != 1 || b[71].OK != 1 || b[71].Failed != 0 {
		t.Fatalf("buckets wrong: total %d, first %+v, 09:00 %+v, 12:00 %+v", total, b[0], b[68], b[71])
	}
}

func TestHourlyFollowsTheLocalHourInHalfHourZones(t *testing.T) {
	now := time.Date(2026, 11, 27, 3, 45, 0, 0, time.UTC) // 14:15 in Adelaide (+10:30)
	l, _ := newLog(t, &now)
	adelaide := time.FixedZone("ACDT", 10*3600+1800)
	l.SetLocation(adelaide)
	b, err := l.Hourly(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	last := b[len(b)-1].Start
	if last.Hour() != 14 || last.Minute() != 0 {
		t.Fatalf("last bucket starts %v, want 14:00 local", last)
	}
}

func TestWriteCSVIsSafeForSpreadsheets(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	l, st := newLog(t, &now)
	addEvent(t, st, store.Event{At: now.Add(-time.Hour), Kind: "client_updated", ClientName: "=HYPERLINK(\"http://x\")", XPMUUID: "u1",
		Details: "Updated from XPM: name, email"})
	addEvent(t, st, store.Event{At: now.Add(-100 * time.Hour), Kind: "client_updated", ClientName: "Too old"})
	var buf bytes.Buffer
	if err := l.WriteCSV(context.Background(), &buf, Filter{}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || strings.Join(rows[0], ",") != strings.Join(CSVHeader, ",") {
		t.Fatalf("rows = %q", rows)
	}
	r := rows[1]
	if r[0] != "2026-11-27 11:00:00" || r[1] != "Client updated" || r[2] != "'=HYPERLINK(\"http://x\")" || r[3] != "Done" || r[4] != "Updated from XPM: name, email" || r[5] != "u1" {
		t.Fatalf("row = %q", r)
	}
}

func TestGroupsAndLabels(t *testing.T) {
	cases := map[string]string{"sync_started": GroupSyncs, "push_sent": GroupPush, "staff_linked": GroupStaff,
		"client_merged": GroupReview, "import_item_linked": GroupImport,
		"gone_check_skipped": GroupSyncs, "validation_failed": GroupInvalid, "mystery": GroupOther}
	for kind, want := range cases {
		if got := GroupOf(kind); got != want {
			t.Errorf("GroupOf(%s) = %s, want %s", kind, got, want)
		}
	}
	if Label("client_updated") != "Client updated" || Label("staff_renamed") != "Staff renamed" {
		t.Fatalf("labels: %q %q", Label("client_updated"), Label("staff_renamed"))
	}
}

func TestWaitingCountsImportsAndFlaggedClients(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	l, st := newLog(t, &now)
	ctx := context.Background()
	w, err := l.Waiting(ctx)
	if err != nil || w != (Waiting{}) {
		t.Fatalf("empty store: %+v, %v", w, err)
	}
	id, err := st.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: "Kereama & Co"}})
	if err != nil {
		t.Fatal(err)
	}
	stamp := now.Format(time.RFC3339)
	for _, q := range []string{
		`UPDATE clients SET review = 'archived' WHERE id = ?`,
		`INSERT INTO import_items(client_id, kind, xpm_uuid, name, payload, first_seen_at, seen_at) VALUES(?, 'contact', 'k1', 'Mere', '{}', '` + stamp + `', '` + stamp + `')`,
		`INSERT INTO import_items(client_id, kind, xpm_uuid, name, payload, state, first_seen_at, seen_at) VALUES(?, 'contact', 'k2', 'Tane', '{}', 'ignored', '` + stamp + `', '` + stamp + `')`,
	} {
		if _, err := st.DB().ExecContext(ctx, q, id); err != nil {
			t.Fatal(err)
		}
	}
	if w, err = l.Waiting(ctx); err != nil || w != (Waiting{Imports: 1, Clients: 1}) {
		t.Fatalf("waiting = %+v, %v (an ignored item does not wait)", w, err)
	}
}
