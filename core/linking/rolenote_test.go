package linking_test

import (
	"context"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// A Partner chosen from a team member who is not linked to XPM staff cannot sync (seed 001);
// the client's detail says so, and says nothing once the person is linked.
func TestDetailExplainsUnlinkedPartner(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	jo, err := r.st.AddTeamMember(ctx, store.TeamMember{Name: "Jo Kereama", Email: "jo@practice.example"})
	if err != nil {
		t.Fatal(err)
	}
	lc := store.LocalClient{Client: model.Client{Name: "Harbour View Trust"}, PartnerStaffID: jo}
	if _, err := r.st.InsertClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	det, err := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: lc.ID})
	if err != nil {
		t.Fatal(err)
	}
	if det.Partner != "Jo Kereama" || len(det.RoleNotes) != 1 || !strings.Contains(det.RoleNotes[0], "Jo") ||
		!strings.Contains(det.RoleNotes[0], "will not sync") {
		t.Fatalf("partner %q, notes %q", det.Partner, det.RoleNotes)
	}
}

// With To XPM as the source of truth, the Sync dialog proposes sending local values to XPM.
func TestDetailProposesTheSourceOfTruthDirection(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	lc := store.LocalClient{Client: model.Client{Name: "Direction Test Ltd"}}
	if _, err := r.st.InsertClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	key := store.RowKey{Kind: store.KindLocal, ID: lc.ID}
	if det, _ := r.svc.DetailOf(ctx, key); det.PushByDefault {
		t.Fatal("From XPM (the default) proposes pushing to XPM")
	}
	p := syncer.DefaultPolicy()
	p.Direction = syncer.ToXPM
	if err := syncer.SavePolicy(ctx, r.st, p); err != nil {
		t.Fatal(err)
	}
	if det, _ := r.svc.DetailOf(ctx, key); !det.PushByDefault {
		t.Fatal("To XPM does not propose pushing to XPM")
	}
}
