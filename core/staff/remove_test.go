package staff

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Someone added by mistake can be taken back before the 24 hours are up: XPM never gets them,
// and the history says so.
func TestCancelCreateStopsTheTwentyFourHourRule(t *testing.T) {
	api := &memXPM{}
	svc, st, clk := newService(t, api)
	ctx := context.Background()
	m, err := svc.AddMember(ctx, Member{Name: "Zoe Prendergast", Email: "zoe@k.nz"})
	if err != nil {
		t.Fatal(err)
	}
	if got := events(t, st, EventAdded); len(got) != 1 || !strings.Contains(got[0], "creates them in XPM in 24 h") {
		t.Fatalf("added events = %q", got)
	}
	clk.t = clk.t.Add(3 * time.Hour)
	if err := svc.CancelCreate(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	clk.t = clk.t.Add(48 * time.Hour)
	if n, err := svc.RunDue(ctx, clk.t); err != nil || n != 0 || api.adds != 0 {
		t.Fatalf("RunDue after cancelling: created %d, adds %d, err %v", n, api.adds, err)
	}
	// Editing them does not bring the creation back.
	if _, err := svc.EditMember(ctx, m.ID, Member{Name: "Zoe Prendergast", Email: "zoe.p@k.nz"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RunDue(ctx, clk.t.Add(48*time.Hour)); err != nil || api.adds != 0 {
		t.Fatalf("an edit re-planned the creation: adds %d, err %v", api.adds, err)
	}
	b, _ := svc.Board(ctx)
	if got := b.Rows[0].Status; !strings.Contains(got, "not to be created in XPM") {
		t.Fatalf("status = %q", got)
	}
	if got := events(t, st, EventCreateCancelled); len(got) != 1 || !strings.Contains(got[0], "XPM gets nothing") || !strings.Contains(got[0], "in 21 h") {
		t.Fatalf("cancel events = %q", got)
	}
	// They still link by email once XPM has them.
	api.staff = append(api.staff, model.Staff{UUID: "x-zoe", Name: "Zoe P", Email: "zoe.p@k.nz"})
	if err := svc.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if got := member(t, st, m.ID); got.XPMUUID != "x-zoe" {
		t.Fatalf("not linked by email after cancelling: %+v", got)
	}
	if err := svc.CancelCreate(ctx, m.ID); err == nil {
		t.Fatal("cancelling for a linked member was accepted")
	}
}

func TestRemoveMemberSaysWhatXPMGets(t *testing.T) {
	api := &memXPM{staff: []model.Staff{{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"}}}
	svc, st, _ := newService(t, api)
	ctx := context.Background()
	ann, _ := svc.AddMember(ctx, Member{Name: "Ann", Email: "ann@k.nz"})
	zoe, _ := svc.AddMember(ctx, Member{Name: "Zoe", Email: "zoe@k.nz"})
	lc := &store.LocalClient{Client: model.Client{Name: "Kereama Trust"}, PartnerStaffID: ann.ID}
	if _, err := st.InsertClient(ctx, lc); err != nil {
		t.Fatal(err)
	}

	r, err := svc.RemovalOf(ctx, ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.XPMEffect(); !strings.Contains(got, "XPM keeps staff member Ann Lee") || !strings.Contains(got, "1 client has them as Partner or Manager") {
		t.Fatalf("linked effect = %q", got)
	}
	if err := svc.RemoveMember(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.TeamMember(ctx, ann.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Ann still there: %v", err)
	}
	if got, _ := st.Client(ctx, lc.ID); got.PartnerStaffID != 0 || got.Client.Name != "Kereama Trust" {
		t.Fatalf("client after removing its partner = %+v", got)
	}

	r, _ = svc.RemovalOf(ctx, zoe.ID)
	if got := r.XPMEffect(); !strings.Contains(got, "XPM will not get Zoe") {
		t.Fatalf("pending effect = %q", got)
	}
	if err := svc.RemoveMember(ctx, zoe.ID); err != nil {
		t.Fatal(err)
	}
	if n, err := svc.RunDue(ctx, time.Now().Add(72*time.Hour)); err != nil || n != 0 || api.adds != 0 {
		t.Fatalf("a removed member was created: %d, %v", n, err)
	}
	if got := events(t, st, EventRemoved); len(got) != 2 || !strings.Contains(got[0], "Ann removed") || !strings.Contains(got[1], "XPM will not get Zoe") {
		t.Fatalf("removed events = %q", got)
	}
}

// A member whose add went out without an answer stays until the next check settles it: removing
// them would lose the only way to find the person XPM may have created.
func TestRemoveWaitsForAnUnconfirmedAdd(t *testing.T) {
	svc, st, clk := newService(t, &memXPM{})
	ctx := context.Background()
	m, _ := svc.AddMember(ctx, Member{Name: "Mere", Email: "mere@k.nz"})
	if err := st.MarkStaffCreateSent(ctx, m.ID, clk.t); err != nil {
		t.Fatal(err)
	}
	if err := svc.RemoveMember(ctx, m.ID); err == nil || !strings.Contains(err.Error(), "still confirming") {
		t.Fatalf("remove = %v", err)
	}
	if err := svc.CancelCreate(ctx, m.ID); err == nil {
		t.Fatal("cancelling an add already sent was accepted")
	}
}
