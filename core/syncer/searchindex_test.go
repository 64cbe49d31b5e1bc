package syncer_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpmfake"
)

// unfound lists the Clients-list rows that a search for their own name does not find.
func unfound(t *testing.T, st *store.Store) (rows int, missed []string) {
	t.Helper()
	ctx := context.Background()
	all, err := st.ClientRows(ctx, store.RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range all {
		hits, err := st.ClientRows(ctx, store.RowQuery{Text: r.Name})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(hits, func(h store.ClientRow) bool { return h.Key() == r.Key() }) {
			missed = append(missed, r.Name)
		}
	}
	return len(all), missed
}

// A first import that the practice cancels midway leaves every client it stored findable by
// name, and the next sync finds the rest: no client is in the list but missing from search.
func TestFirstImportLeavesEveryClientFindable(t *testing.T) {
	ctx := context.Background()
	_, api := startFake(t, xpmfake.Config{Clients: 120, Seed: 7, PMModule: true, DisableRateLimits: true})
	pol := syncer.Policy{Direction: syncer.FromXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"}
	st := openStore(t, pol)
	opts := syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true, BatchSize: 20}
	eng := syncer.New(st, api, opts)

	// The practice cancels the first import once a few batches are in.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_, err := eng.Sync(cctx, syncer.Full, syncer.TriggerSchedule, func(p syncer.Progress) {
		if p.Done >= 40 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("the cancelled import succeeded")
	}
	stored, missed := unfound(t, st)
	if stored == 0 {
		t.Fatal("the broken-off import stored nothing: nothing to look for")
	}
	if len(missed) > 0 {
		t.Fatalf("after an import that broke off, %d of %d stored rows are not found by name: %v", len(missed), stored, missed)
	}

	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerSchedule, nil); err != nil {
		t.Fatal(err)
	}
	rows, missed := unfound(t, st)
	if rows < 100 || len(missed) > 0 {
		t.Fatalf("after a clean sync %d of %d rows are not found by name: %v", len(missed), rows, missed)
	}
}
