package syncer_test

import (
	"fmt"
	"slices"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// A relationship added here joins the ones XPM already holds for the client: none of those is
// removed, by the send or by the syncs after it.
func TestAddingARelationshipKeepsXPMsOthers(t *testing.T) {
	r := newPeopleRig(t)
	var owner, other store.LocalClient
	var before []model.Relationship
	for _, lc := range r.linked() {
		x, _ := r.fake.Client(lc.XPMUUID)
		if len(x.Relationships) > 0 && owner.ID == 0 {
			owner, before = lc, x.Relationships
		} else if other.ID == 0 {
			other = lc
		}
	}
	if owner.ID == 0 || other.ID == 0 {
		t.Fatal("no linked client with relationships in XPM to add to")
	}
	_, err := r.eng.SaveRelationship(r.ctx, store.LocalRelationship{ClientID: owner.ID, RelatedClientID: other.ID, Type: "Shareholder",
		NumberOfShares: "100"})
	must(t, err)
	r.flush()
	check := func(when string) {
		t.Helper()
		x, _ := r.fake.Client(owner.XPMUUID)
		for _, b := range before {
			if !slices.ContainsFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == b.UUID }) {
				t.Fatalf("%s: XPM lost %s — %s; it holds %+v", when, b.Type, b.RelatedClient.Name, x.Relationships)
			}
		}
		if len(x.Relationships) != len(before)+1 {
			t.Fatalf("%s: XPM holds %d relationships, want %d", when, len(x.Relationships), len(before)+1)
		}
	}
	check("after the send")
	for _, kind := range []syncer.Kind{syncer.Delta, syncer.Full} {
		if _, err := r.eng.Sync(r.ctx, kind, syncer.TriggerCLI, nil); err != nil {
			t.Fatal(err)
		}
		check(fmt.Sprintf("after a %v sync", kind))
	}
}
