package importer_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"xpmsync/core/importer"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// A relationship entered by hand here is what Import review's "Link to existing" offers
// (seed 004); linking it gives it XPM's UUID and later imports never offer the XPM item again.
// Under To XPM the hand-made one reaches XPM itself and an import recognises it.
func TestHandMadeRelationshipIsOfferedForLinkToExisting(t *testing.T) {
	for _, dir := range []syncer.Direction{syncer.FromXPM, syncer.ToXPM} {
		t.Run(dir.String(), func(t *testing.T) { handMade(t, dir) })
	}
}

func handMade(t *testing.T, dir syncer.Direction) {
	ctx := context.Background()
	fake, api := xpmtest.Connect(t, xpmfake.Config{Clients: 60, Seed: 7, PMModule: true, DisableRateLimits: true},
		xpmtest.Quiet(), xpmtest.NoLimiter(),
		xpmtest.Retry(xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxAttempts: 6}))
	st, err := store.OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := syncer.SavePolicy(ctx, st, syncer.Policy{Direction: dir, Level: syncer.Everything, DefaultCountryCode: "61"}); err != nil {
		t.Fatal(err)
	}
	eng := syncer.New(st, api, syncer.Options{NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	// Two live clients not related in XPM yet.
	var a, b model.Client
	for _, c := range fake.Clients() {
		if c.IsArchived || c.IsDeleted {
			continue
		}
		if a.UUID == "" {
			a = c
		} else if b.UUID == "" {
			b = c
		}
	}
	aID, err := eng.ImportClient(ctx, a.UUID)
	must(t, err)
	bID, err := eng.ImportClient(ctx, b.UUID)
	must(t, err)
	relID, err := eng.SaveRelationship(ctx, store.LocalRelationship{ClientID: aID, RelatedClientID: bID, Type: "Trustee", StartDate: "2023-01-01"})
	must(t, err)
	if _, err := eng.FlushOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if dir == syncer.FromXPM {
		// Someone records the same relationship in XPM.
		must(t, fake.EditClient(a.UUID, func(c *model.Client) {
			c.Relationships = append(c.Relationships, model.Relationship{Type: "Trustee", RelatedClient: model.Ref{UUID: b.UUID}})
		}))
	}
	im := importer.New(st, func() importer.API { return api }, importer.Options{Logger: slog.New(slog.DiscardHandler)})
	if _, err := im.Run(ctx, []int64{aID}, nil); err != nil {
		t.Fatal(err)
	}
	items, err := im.Pending(ctx, aID)
	must(t, err)
	var trustee *store.ImportItem
	for i := range items {
		if items[i].Kind == store.ItemRelationship && items[i].Label == "Trustee" {
			trustee = &items[i]
		}
	}
	if dir == syncer.ToXPM {
		if trustee != nil {
			t.Fatalf("the relationship sent to XPM from here is offered as new: %+v", *trustee)
		}
		rels, _ := st.ClientRelationships(ctx, aID)
		if len(rels) != 1 || rels[0].XPMUUID == "" {
			t.Fatalf("local relationships after the import: %+v", rels)
		}
		return
	}
	if trustee == nil {
		t.Fatalf("XPM's trustee is not offered: %+v", items)
	}
	choices, err := im.LinkChoices(ctx, trustee.ID)
	must(t, err)
	if len(choices) != 1 || choices[0].ID != relID {
		t.Fatalf("Link to existing offers %+v, want the hand-made relationship %d", choices, relID)
	}
	must(t, im.Link(ctx, trustee.ID, relID))
	if _, err := im.Run(ctx, []int64{aID}, nil); err != nil {
		t.Fatal(err)
	}
	again, _ := im.Pending(ctx, aID)
	for _, it := range again {
		if it.XPMUUID == trustee.XPMUUID {
			t.Fatal("the linked item came back on the next import")
		}
	}
	rels, _ := st.ClientRelationships(ctx, aID)
	if len(rels) != 1 || rels[0].XPMUUID != trustee.XPMUUID {
		t.Fatalf("local relationships after linking: %+v", rels)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
