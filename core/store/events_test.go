package store

import (
	"context"
	"testing"
	"time"

	"xpmsync/core/model"
)

func TestEventsFilterAndOrderNewestFirst(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	base := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	add := func(at time.Time, kind model.EventKind, result, client string) {
		t.Helper()
		if err := s.AddEvent(ctx, Event{At: at, Kind: kind, Result: result, ClientName: client}); err != nil {
			t.Fatal(err)
		}
	}
	// Fractions that lose trailing zeros (.5 vs .51) must still order by time.
	add(base.Add(500*time.Millisecond), "client_updated", "ok", "Bloggs Electrical Ltd")
	add(base.Add(510*time.Millisecond), "conflict", "warning", "Harbour View Trust")
	add(base, "sync_started", "", "")
	add(base.Add(-2*time.Hour), "client_created", "ok", "50% Off Ltd")
	add(base.Add(time.Second), "sync_failed", "failed", "")

	all, err := s.Events(ctx, EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range all {
		kinds = append(kinds, string(e.Kind))
	}
	want := []string{"sync_failed", "conflict", "client_updated", "sync_started", "client_created"}
	if len(kinds) != len(want) {
		t.Fatalf("kinds = %v", kinds)
	}
	// Inside one second the order is by time too, though ".51Z" sorts before ".5Z" as text.
	for i := range want {
		if kinds[i] != want[i] {
			t.Fatalf("order = %v, want %v", kinds, want)
		}
	}
	if all[len(all)-1].Result != "ok" || !all[0].At.Equal(base.Add(time.Second)) {
		t.Fatalf("oldest = %+v, newest = %+v", all[len(all)-1], all[0])
	}

	check := func(name string, q EventQuery, want ...string) {
		t.Helper()
		got, err := s.Events(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var ks []string
		for _, e := range got {
			ks = append(ks, string(e.Kind))
		}
		if len(ks) != len(want) {
			t.Fatalf("%s: got %v, want %v", name, ks, want)
		}
		for i := range want {
			if ks[i] != want[i] {
				t.Fatalf("%s: got %v, want %v", name, ks, want)
			}
		}
	}
	check("since", EventQuery{Since: base}, "sync_failed", "conflict", "client_updated", "sync_started")
	check("kinds", EventQuery{Kinds: []model.EventKind{"conflict", "client_created"}}, "conflict", "client_created")
	check("result", EventQuery{Result: "failed"}, "sync_failed")
	check("client", EventQuery{Client: "harbour"}, "conflict")
	check("client with percent", EventQuery{Client: "50%"}, "client_created")
	check("percent is literal", EventQuery{Client: "%"}, "client_created")
	check("limit", EventQuery{Limit: 2}, "sync_failed", "conflict")
}

func TestPruneEventsKeepsRecentOnes(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	cutoff := time.Date(2026, 10, 28, 0, 0, 0, 0, time.UTC)
	for _, at := range []time.Time{cutoff.Add(-time.Hour), cutoff.Add(-1500 * time.Millisecond), cutoff.Add(300 * time.Millisecond), cutoff.Add(time.Hour)} {
		if err := s.AddEvent(ctx, Event{At: at, Kind: "client_updated"}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneEvents(ctx, cutoff)
	if err != nil || n != 2 {
		t.Fatalf("pruned %d, %v; want 2", n, err)
	}
	left, _ := s.Events(ctx, EventQuery{})
	if len(left) != 2 || left[1].At.Before(cutoff) {
		t.Fatalf("left = %+v", left)
	}
}

func TestRunsSinceAndReviewCount(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return now })
	for i, status := range []string{"ok", "failed", "ok"} {
		now = now.Add(time.Hour)
		id, err := s.StartRun(ctx, "delta", "schedule")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.FinishRun(ctx, Run{ID: id, Status: status, Changes: i}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.StartRun(ctx, "full", "manual"); err != nil { // still running: not listed
		t.Fatal(err)
	}
	runs, err := s.RunsSince(ctx, time.Date(2026, 11, 27, 11, 30, 0, 0, time.UTC))
	if err != nil || len(runs) != 2 || runs[0].Status != "failed" || runs[1].Status != "ok" || runs[1].Changes != 2 {
		t.Fatalf("runs = %+v, %v", runs, err)
	}

	if n, err := s.ReviewCount(ctx); err != nil || n != 0 {
		t.Fatalf("review = %d, %v", n, err)
	}
	id, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Kereama & Co"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Other"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `UPDATE clients SET review = 'conflict' WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ReviewCount(ctx); err != nil || n != 1 {
		t.Fatalf("review = %d, %v; want 1", n, err)
	}
}
