package importer_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"xpmsync/core/importer"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// TestEndToEndAgainstTheFakeOverLoopback syncs a seeded practice with the practice-management
// module on, picks a client whose people and entities XPM records, and imports it twice with
// decisions in between: nothing is duplicated and only undecided items come back.
func TestEndToEndAgainstTheFakeOverLoopback(t *testing.T) {
	ctx := context.Background()
	fake, api := xpmtest.Connect(t, xpmfake.Config{Clients: 80, Seed: 7, PMModule: true, DisableRateLimits: true},
		xpmtest.Quiet(), xpmtest.NoLimiter(),
		xpmtest.Retry(xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxAttempts: 6}))
	st := storetest.Open(t)
	eng := syncer.New(st, api, syncer.Options{NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	var co model.Client
	for _, c := range fake.Clients() {
		if len(c.Relationships) >= 3 && !c.IsArchived && !c.IsDeleted {
			co = c
			break
		}
	}
	if co.UUID == "" {
		t.Fatal("the seeded practice has no client with three relationships")
	}
	id, err := eng.ImportClient(ctx, co.UUID)
	if err != nil {
		t.Fatal(err)
	}
	person := co.Relationships[0].RelatedClient
	personID, err := eng.ImportClient(ctx, person.UUID)
	if err != nil {
		t.Fatal(err)
	}
	// The practice changed the client's phone here; the import puts XPM's back, as it warned.
	lc, _ := st.Client(ctx, id)
	lc.Client.Phone = "000"
	if err := st.UpdateClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}

	im := importer.New(st, func() importer.API { return api }, importer.Options{Logger: slog.New(slog.DiscardHandler)})
	sum, err := im.Run(ctx, []int64{id}, nil)
	if err != nil || len(sum.Failed()) != 0 {
		t.Fatalf("import: %+v, %v", sum, err)
	}
	lc, _ = st.Client(ctx, id)
	if lc.Client.Phone != co.Phone {
		t.Fatalf("phone after import %q, XPM has %q", lc.Client.Phone, co.Phone)
	}
	items, err := im.Pending(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rels := 0
	for _, it := range items {
		if it.Kind == store.ItemRelationship {
			rels++
		} else {
			t.Errorf("contact %q offered though the sync already brought it over", it.Name)
		}
	}
	if rels != len(co.Relationships) {
		t.Fatalf("%d relationships offered, XPM has %d", rels, len(co.Relationships))
	}
	if sum.Clients[0].Present != len(co.Contacts) {
		t.Errorf("%d contacts found already here, XPM has %d", sum.Clients[0].Present, len(co.Contacts))
	}

	// Import the first, ignore the second, leave the rest.
	first, second := items[0], items[1]
	if err := im.Import(ctx, first.ID, importer.DefaultForm(first)); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Ignore(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	local, _ := st.ClientRelationships(ctx, id)
	if len(local) != 1 || local[0].XPMUUID != first.XPMUUID {
		t.Fatalf("local people after one import: %+v", local)
	}
	if r, _ := importer.Relationship(first); r.RelatedClient.UUID == person.UUID && local[0].RelatedClientID != personID {
		t.Errorf("imported %s points at client %d, want the local %s (%d)", first.Name, local[0].RelatedClientID, person.Name, personID)
	}

	// Second import against XPM: the imported one is not offered, the ignored one is, nothing doubles.
	if _, err := im.Run(ctx, []int64{id}, nil); err != nil {
		t.Fatal(err)
	}
	again, _ := im.Pending(ctx, id)
	if len(again) != len(items)-1 {
		t.Fatalf("second import offers %d items, want %d", len(again), len(items)-1)
	}
	for _, it := range again {
		if it.XPMUUID == first.XPMUUID {
			t.Fatal("the imported item came back")
		}
	}
	if local, _ = st.ClientRelationships(ctx, id); len(local) != 1 {
		t.Fatalf("second import duplicated people: %+v", local)
	}
	evs, _ := st.Events(ctx, store.EventQuery{Since: time.Now().Add(-72 * time.Hour), Client: lc.Client.Name})
	kinds := map[model.EventKind]int{}
	for _, e := range evs {
		kinds[e.Kind]++
	}
	if kinds[importer.KindStarted] != 2 || kinds[importer.KindFinished] != 2 || kinds[importer.KindImported] != 1 || kinds[importer.KindIgnored] != 1 {
		t.Fatalf("events in the 72-hour view: %v", kinds)
	}
}
