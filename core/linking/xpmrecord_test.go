package linking_test

import (
	"context"
	"fmt"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// The detail's "As recorded in XPM" relationships are XPM's, whatever the practice has entered
// here: adding one here must not make XPM's own look gone.
func TestXPMRelationshipsStayXPMsBesideTheOnesEnteredHere(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	spouse := model.Relationship{UUID: "rel-spouse", Type: "Spouse", RelatedClient: model.Ref{UUID: "x-fatima", Name: "Fatima O'Brien"}}
	x := model.Client{UUID: "x-emily", Name: "Emily O'Brien", Relationships: []model.Relationship{spouse}}
	if _, err := r.st.UpsertXPMClients(ctx, 1, []model.Client{x}); err != nil {
		t.Fatal(err)
	}
	emily, err := r.st.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: "Emily O'Brien"}, XPMUUID: "x-emily", LinkHow: "import"})
	if err != nil {
		t.Fatal(err)
	}
	builders := r.local(t, model.Client{Name: "Kōwhai Builders Pty Ltd"})
	if _, err := r.st.InsertRelationshipTx(ctx, r.st.DB(), store.LocalRelationship{ClientID: emily, RelatedClientID: builders,
		RelatedName: "Kōwhai Builders Pty Ltd", Type: "Shareholder", NumberOfShares: "100"}); err != nil {
		t.Fatal(err)
	}
	d, err := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: emily})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(d.Relationships); len(d.Relationships) != 1 || d.Relationships[0].UUID != "rel-spouse" {
		t.Errorf("As recorded in XPM: %s, want only XPM's Spouse — Fatima O'Brien", got)
	}
	if len(d.People) != 1 || d.People[0].Type != "Shareholder" {
		t.Errorf("Recorded here: %+v, want the Shareholder entered here", d.People)
	}
}
