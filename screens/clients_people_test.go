package screens

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/model"
	"xpmsync/core/view"
)

// linkedPair makes two local clients linked to XPM clients under To XPM + Everything and shows
// the first.
func (r *clientsRig) linkedPair(t *testing.T) (a, b model.Client, aID, bID int64) {
	t.Helper()
	r.SavePolicy(t, view.Policy{Direction: view.ToXPM, Level: view.Everything, DefaultCountryCode: "61"})
	a = r.xpmClient(t, model.Client{Name: "Aroha Holdings Ltd"})
	b = r.xpmClient(t, model.Client{Name: "Bridget Aroha"})
	aID = r.localClient(t, model.Client{Name: a.Name}, a.UUID)
	bID = r.localClient(t, model.Client{Name: b.Name}, b.UUID)
	r.tab.Reload()
	r.choose(t, a.Name)
	return a, b, aID, bID
}

func TestContactAddedHereIsValidatedAsTypedAndReachesXPM(t *testing.T) {
	r := newClientsRig(t, true)
	a, _, aID, _ := r.linkedPair(t)
	d := r.tab.Detail
	if d.AddContact == nil || !d.AddContact.Visible() {
		t.Fatal("no Add contact button on a linked client under To XPM")
	}
	test.Tap(d.AddContact)
	f := d.ContactFormOpen()
	if f == nil || !f.Save.Disabled() {
		t.Fatal("the empty form can be saved")
	}
	test.Type(f.Entries["Name"], "Ana Silva")
	test.Type(f.Entries["Email"], "ana@example")
	test.Type(f.Entries["Mobile"], "0412 345 678 (work)")
	if !f.Problems["Email"].Visible() || !f.Problems["Mobile"].Visible() || !f.Save.Disabled() {
		t.Fatalf("email %q / mobile %q problems not shown beside the fields, or Save is on", f.Problems["Email"].Text, f.Problems["Mobile"].Text)
	}
	f.Entries["Email"].SetText("ana@example.com")
	f.Entries["Mobile"].SetText("0412 345 678")
	if f.Problems["Email"].Visible() || f.Problems["Mobile"].Visible() || f.Save.Disabled() {
		t.Fatal("a valid contact still shows problems or cannot be saved")
	}
	test.Tap(f.Primary)
	test.Tap(f.Save)
	r.Engine.Wait()
	x, ok := r.Fake.Client(a.UUID)
	i := slices.IndexFunc(x.Contacts, func(c model.Contact) bool { return c.Name == "Ana Silva" })
	if !ok || i < 0 || x.Contacts[i].Mobile != "+61412345678" || !x.Contacts[i].IsPrimary {
		t.Fatalf("XPM contacts: %+v", x.Contacts)
	}
	lc, _ := r.Store.Client(context.Background(), aID)
	if len(lc.Client.Contacts) != 1 || lc.Client.Contacts[0].UUID != x.Contacts[i].UUID {
		t.Fatalf("local contacts: %+v", lc.Client.Contacts)
	}
}

// Under From XPM a linked client's contacts are shown read-only, with the reason.
func TestContactsOfALinkedClientAreReadOnlyFromXPM(t *testing.T) {
	r := newClientsRig(t, true)
	a, _, _, _ := r.linkedPair(t)
	r.SavePolicy(t, view.Policy{Direction: view.FromXPM, Level: view.Everything, DefaultCountryCode: "61"})
	r.tab.Detail.AddContact = nil
	r.tab.Detail.reshow()
	waitFor(t, "the read-only line", func() bool { return r.tab.Detail.cur.ContactsReadOnly != "" })
	if r.tab.Detail.AddContact != nil {
		t.Errorf("Add contact offered for %s under From XPM", a.Name)
	}
	if !containsText(r.tab.Detail.contacts, "come from XPM") {
		t.Error("no line saying why the contacts cannot be edited")
	}
}

// A relationship XPM refuses (here: no Practice Manager module) stays local, marked with
// XPM's reason in plain words.
func TestRelationshipEnteredHereRefusedByXPMStaysMarked(t *testing.T) {
	r := newClientsRig(t, true)
	_, b, aID, _ := r.linkedPair(t)
	d := r.tab.Detail
	test.Tap(d.AddRelation)
	f := d.RelationshipFormOpen()
	if f == nil {
		t.Fatal("no relationship form")
	}
	f.Type.SetSelected("Director")
	test.Type(f.Find, "Bridget")
	if f.Related.Selected != b.Name {
		t.Fatalf("related = %q, options %v", f.Related.Selected, f.Related.Options)
	}
	if !f.Percent.Disabled() {
		t.Error("a director's percentage can be typed; XPM takes one only for partners")
	}
	f.Type.SetSelected("Partner")
	test.Type(f.Percent, "50")
	f.Type.SetSelected("Director") // changed mind after typing a percentage
	if !f.Problems["Percentage"].Visible() || !f.Save.Disabled() {
		t.Fatal("a director with a percentage is not refused as typed")
	}
	f.Percent.SetText("")
	f.Start.SetText("2024-07-01")
	if f.Save.Disabled() {
		t.Fatalf("valid relationship cannot be saved: %v", f.Problems)
	}
	test.Tap(f.Save)
	r.Engine.Wait()
	rels, _ := r.Store.ClientRelationships(context.Background(), aID)
	if len(rels) != 1 || rels[0].XPMUUID != "" {
		t.Fatalf("local relationships: %+v", rels)
	}
	d.reshow()
	if len(d.cur.Outbox.Refused) != 1 || !strings.Contains(d.cur.Outbox.Refused[0], "Practice Manager module") {
		t.Fatalf("refused: %q", d.cur.Outbox.Refused)
	}
	if !containsText(d.relations, "XPM did not take the relationship Director") {
		t.Error("the refusal is not shown on the Relationships tab")
	}
}

// containsText reports whether a label anywhere inside o shows text.
func containsText(o fyne.CanvasObject, text string) bool {
	switch w := o.(type) {
	case *widget.Label:
		return strings.Contains(w.Text, text)
	case *fyne.Container:
		for _, c := range w.Objects {
			if containsText(c, text) {
				return true
			}
		}
	}
	return false
}

// A blank client made here and linked to a full XPM client: every row is preset to fill here,
// and sending a blank over XPM's value asks first, naming the fields.
func TestSyncDialogNeverPresetsABlankOverXPM(t *testing.T) {
	r := newClientsRig(t, true)
	r.SavePolicy(t, view.Policy{Direction: view.ToXPM, Level: view.Everything, DefaultCountryCode: "61"})
	x := r.xpmClient(t, model.Client{Name: "Kauri Builders Ltd", Address: "12 Kauri Rd", City: "Whangarei", PostCode: "0110",
		Phone: "09 430 1111", Fax: "09 430 2222"})
	r.localClient(t, model.Client{Name: "Kauri Builders Ltd"}, x.UUID)
	r.tab.Reload()
	r.choose(t, x.Name)
	test.Tap(r.tab.Detail.Sync)
	dlg := r.tab.SyncDlg()
	if dlg == nil || len(dlg.Rows) < 5 {
		t.Fatal("no sync dialog with the differing fields")
	}
	for _, row := range dlg.Rows {
		if row.ToXPM {
			t.Errorf("%s is preset Here >> XPM though here is blank", row.Diff.Field.Label)
		}
	}
	test.Tap(dlg.Row("Phone").Check)
	test.Tap(dlg.Row("Phone").Dir)
	test.Tap(dlg.Apply)
	if dlg.clearConfirm == nil || r.tab.SyncDlg() == nil {
		t.Fatal("a blank sent over XPM's phone was not confirmed first")
	}
	if got, _ := r.Fake.Client(x.UUID); got.Phone != "09 430 1111" {
		t.Fatalf("XPM phone %q before the confirmation", got.Phone)
	}
	r.tab.applySyncWith(dlg, map[string]bool{"Phone": true}) // the user pressed "Clear in XPM"
	r.Engine.Wait()
	if got, _ := r.Fake.Client(x.UUID); got.Phone != "" || got.Fax != "09 430 2222" || got.City != "Whangarei" {
		t.Fatalf("after the confirmed clear XPM has phone %q fax %q city %q", got.Phone, got.Fax, got.City)
	}
}

// On a linked client the always-from-XPM fields are read-only in the edit form (seed 000);
// on a client not linked they can be typed.
func TestEditFormKeepsXPMOnlyFieldsReadOnlyOnLinkedClients(t *testing.T) {
	r := newClientsRig(t, true)
	r.linkedPair(t)
	test.Tap(r.tab.Detail.Edit)
	e := r.tab.EditDlg()
	if e == nil {
		t.Fatal("no edit form")
	}
	for _, key := range []string{"Website", "BusinessNumber", "CompanyNumber", "BusinessStructure", "Email"} {
		if en := e.Entries[key]; en == nil || !en.Disabled() {
			t.Errorf("%s can be edited on a linked client", key)
		}
	}
	if e.Entries["Phone"].Disabled() || e.Entries["Name"].Disabled() {
		t.Error("synced fields are read-only")
	}
	e.dlg.Hide()
	r.tab.onAdd()
	if e := r.tab.EditDlg(); e.Entries["Website"].Disabled() {
		t.Error("a new client's website cannot be typed")
	}
}
