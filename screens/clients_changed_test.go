package screens

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"xpmsync/core/model"
	"xpmsync/core/view"
)

// openEditThenOtherSeatSaves opens the Edit form on a client, then "another seat" saves the
// client (new phone and street address) before this form's Save, which changes phone and fax.
func openEditThenOtherSeatSaves(t *testing.T) (*clientsRig, *EditDialog, int64) {
	t.Helper()
	r := newClientsRig(t, true)
	id := r.localClient(t, model.Client{Name: "Tui Accounting Limited", Phone: "09 555 0100"}, "")
	r.tab.Reload()
	r.choose(t, "Tui Accounting Limited")
	test.Tap(r.tab.Detail.Edit)
	e := r.tab.EditDlg()
	if e == nil {
		t.Fatal("no edit form")
	}
	other, err := r.Store.Client(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	other.Client.Phone, other.Client.Address = "09 555 0111", "1 Queen Street"
	if err := r.Engine.SaveLocalClient(context.Background(), &other); err != nil {
		t.Fatal(err)
	}
	e.Entries["Phone"].SetText("09 555 0222")
	e.Entries["Fax"].SetText("09 555 0999")
	test.Tap(e.Save)
	return r, e, id
}

func (r *clientsRig) stored(t *testing.T, id int64) view.LocalClient {
	t.Helper()
	lc, err := r.Store.Client(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return lc
}

// A save from a form opened before another seat saved the client is not written: the user sees
// the fields the other seat changed, its value and theirs, and chooses.
func TestEditSavedMeanwhileShowsBothValuesAndKeepsMine(t *testing.T) {
	r, e, id := openEditThenOtherSeatSaves(t)
	c := r.tab.ChangedDlg()
	if c == nil {
		t.Fatalf("the save went through over the other seat's change (problem %q)", e.Problem.Text)
	}
	if got := r.stored(t, id); got.Client.Phone != "09 555 0111" || got.Client.Fax != "" {
		t.Fatalf("before choosing, the client holds phone %q fax %q; nothing of this form may be written yet", got.Client.Phone, got.Client.Fax)
	}
	rows := map[string]ChangedRow{}
	for _, row := range c.Rows {
		rows[row.Label] = row
	}
	if p := rows["Phone"]; p.Theirs != "09 555 0111" || p.Yours != "09 555 0222" || !p.Both {
		t.Errorf("Phone row %+v; want theirs 09 555 0111 against yours 09 555 0222, changed by both", p)
	}
	if a := rows["Street address"]; a.Theirs != "1 Queen Street" || a.Both || a.Yours != "not changed by you" {
		t.Errorf("Street address row %+v; want their new address, not changed by you", a)
	}
	if _, ok := rows["Fax"]; ok || len(c.Rows) != 2 {
		t.Errorf("rows %+v; want only the two fields the other seat changed", c.Rows)
	}
	test.Tap(c.KeepMine)
	waitFor(t, "the form closed", func() bool { return r.tab.EditDlg() == nil })
	got := r.stored(t, id)
	if got.Client.Phone != "09 555 0222" || got.Client.Fax != "09 555 0999" || got.Client.Address != "1 Queen Street" {
		t.Errorf("after Keep mine: phone %q fax %q address %q; want mine where both changed, theirs elsewhere",
			got.Client.Phone, got.Client.Fax, got.Client.Address)
	}
}

func TestEditSavedMeanwhileTakeTheirsKeepsMyOtherEdits(t *testing.T) {
	r, _, id := openEditThenOtherSeatSaves(t)
	c := r.tab.ChangedDlg()
	if c == nil {
		t.Fatal("no choice offered")
	}
	test.Tap(c.TakeTheirs)
	waitFor(t, "the form closed", func() bool { return r.tab.EditDlg() == nil })
	got := r.stored(t, id)
	if got.Client.Phone != "09 555 0111" || got.Client.Fax != "09 555 0999" || got.Client.Address != "1 Queen Street" {
		t.Errorf("after Take theirs: phone %q fax %q address %q; want their phone and address with my fax",
			got.Client.Phone, got.Client.Fax, got.Client.Address)
	}
}

func TestEditSavedMeanwhileEditAgainShowsTheirValuesInTheForm(t *testing.T) {
	r, e, id := openEditThenOtherSeatSaves(t)
	c := r.tab.ChangedDlg()
	if c == nil {
		t.Fatal("no choice offered")
	}
	test.Tap(c.EditAgain)
	if r.tab.EditDlg() != e || e.Entries["Phone"].Text != "09 555 0111" || e.Entries["Fax"].Text != "09 555 0999" || e.Entries["Address"].Text != "1 Queen Street" {
		t.Fatalf("the form holds phone %q fax %q address %q", e.Entries["Phone"].Text, e.Entries["Fax"].Text, e.Entries["Address"].Text)
	}
	e.Entries["Phone"].SetText("09 555 0333")
	test.Tap(e.Save)
	waitFor(t, "the form closed", func() bool { return r.tab.EditDlg() == nil })
	if got := r.stored(t, id); got.Client.Phone != "09 555 0333" || got.Client.Address != "1 Queen Street" {
		t.Errorf("after editing again: phone %q address %q", got.Client.Phone, got.Client.Address)
	}
}

// A postal address of several lines shows every line in the Edit form and is saved with its
// line breaks, not squeezed into one clipped line.
func TestEditFormShowsAndSavesEveryLineOfAnAddress(t *testing.T) {
	r := newClientsRig(t, true)
	id := r.localClient(t, model.Client{Name: "Kereama Family Trust", PostalAddress: "PO Box 8739\nChurch Lane"}, "")
	r.tab.Reload()
	r.choose(t, "Kereama Family Trust")
	test.Tap(r.tab.Detail.Edit)
	e := r.tab.EditDlg()
	if e == nil {
		t.Fatal("no edit form")
	}
	postal, name := e.Entries["PostalAddress"], e.Entries["Name"]
	if !postal.MultiLine || postal.Text != "PO Box 8739\nChurch Lane" {
		t.Fatalf("postal address entry: multi-line %v, text %q", postal.MultiLine, postal.Text)
	}
	line := fyne.MeasureText("PO Box", theme.TextSize(), fyne.TextStyle{}).Height
	if h := postal.MinSize().Height; h < 3*line || h <= name.MinSize().Height+line {
		t.Errorf("the postal address entry is %.0f px tall (a line of text is %.0f, the name entry %.0f): its lines would be clipped",
			h, line, name.MinSize().Height)
	}
	postal.SetText("PO Box 8739 \nChurch Lane\n\n  Kelburn  \n")
	test.Tap(e.Save)
	waitFor(t, "the form closed", func() bool { return r.tab.EditDlg() == nil })
	if got := r.stored(t, id).Client.PostalAddress; got != "PO Box 8739\nChurch Lane\nKelburn" {
		t.Errorf("saved postal address %q; want its three lines", got)
	}
}
