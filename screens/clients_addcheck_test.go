package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/model"
)

func TestAddClientOffersLikelyDuplicates(t *testing.T) {
	r := newClientsRig(t, true)
	x := r.xpmClient(t, model.Client{Name: "Dubois Superannuation Fund"})
	here := r.localClient(t, model.Client{Name: "Dubois Superannuation Fund"}, "")
	r.tab.Reload()
	ctx := context.Background()
	count := func() int { n, _ := r.Store.ClientCount(ctx); return n }
	before := count()

	// Open that client: nothing is saved, the existing client is shown.
	test.Tap(r.tab.AddBtn)
	test.Type(r.tab.EditDlg().Entries["Name"], "dubois superannuation fund")
	test.Tap(r.tab.EditDlg().Save)
	ld := r.tab.LikelyDlg()
	if ld == nil || len(ld.Likely.Local) != 1 || len(ld.Likely.XPM) != 1 || len(ld.Links) != 1 {
		t.Fatalf("likely matches not offered: %+v", ld)
	}
	test.Tap(ld.Opens[0])
	if r.tab.EditDlg() != nil || r.tab.LikelyDlg() != nil || count() != before {
		t.Fatalf("open that client saved or left the form open (clients %d → %d)", before, count())
	}
	waitFor(t, "existing client shown", func() bool { return r.tab.Detail.cur.Key.ID == here })

	// Link to it: the new client is saved and linked to the XPM client, not duplicated.
	test.Tap(r.tab.AddBtn)
	test.Type(r.tab.EditDlg().Entries["Name"], "Dubois Superannuation Fund")
	test.Tap(r.tab.EditDlg().Save)
	test.Tap(r.tab.LikelyDlg().Links[0])
	if count() != before+1 {
		t.Fatalf("clients %d, want %d", count(), before+1)
	}
	linked, err := r.Store.LinkedClientIDs(ctx)
	if err != nil || linked[x.UUID] == 0 || linked[x.UUID] == here {
		t.Fatalf("XPM client linked to %d (err %v), want the new client", linked[x.UUID], err)
	}

	// Renaming another client to a used name is checked too; an untouched name is not.
	other := r.localClient(t, model.Client{Name: "Harbour Cafe"}, "")
	r.tab.Reload()
	r.tab.OpenClient(other)
	waitFor(t, "other shown", func() bool { return r.tab.Detail.Title.Text == "Harbour Cafe" })
	test.Tap(r.tab.Detail.Edit)
	test.Tap(r.tab.EditDlg().Save)
	if r.tab.LikelyDlg() != nil || r.tab.EditDlg() != nil {
		t.Fatal("a save that kept the name was checked for duplicates")
	}
	test.Tap(r.tab.Detail.Edit)
	r.tab.EditDlg().Entries["Name"].SetText("DUBOIS Superannuation Fund")
	test.Tap(r.tab.EditDlg().Save)
	if r.tab.LikelyDlg() == nil {
		t.Fatal("rename to an existing name not checked")
	}
	test.Tap(r.tab.LikelyDlg().AddAnyway)
	if r.tab.EditDlg() != nil {
		t.Fatal("Add anyway did not save")
	}
	// The save says what becomes of it: this client is not linked, so it stays here.
	if n := r.tab.Detail.Notice.Text; !strings.Contains(n, "Kept here only — this client is not linked to XPM") {
		t.Errorf("save notice %q does not say where the change goes", n)
	}
}

// A client here linked to the XPM client that matches too is one client: offered once, under
// the name typed with "and" for "&".
func TestAddClientOffersALinkedMatchOnce(t *testing.T) {
	r := newClientsRig(t, true)
	x := r.xpmClient(t, model.Client{Name: "Ana & Dubois Trust"})
	here := r.localClient(t, model.Client{Name: "Ana & Dubois Trust"}, x.UUID)
	r.tab.Reload()
	test.Tap(r.tab.AddBtn)
	test.Type(r.tab.EditDlg().Entries["Name"], "Ana and Dubois Trust")
	test.Tap(r.tab.EditDlg().Save)
	ld := r.tab.LikelyDlg()
	if ld == nil || len(ld.Likely.Local) != 1 || ld.Likely.Local[0].ID != here {
		t.Fatalf("the client here was not offered: %+v", ld)
	}
	if len(ld.Opens) != 1 || len(ld.Links) != 0 {
		t.Errorf("%d open and %d link buttons; want the one client offered once", len(ld.Opens), len(ld.Links))
	}
}
