package screens

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/model"
	"xpmsync/core/view"
)

// ChangedDialog is shown when a save is refused because someone else (another seat, or a sync)
// saved the client after the form was opened: it lists the fields they changed with their
// value and yours, and nothing is written until the user chooses.
type ChangedDialog struct {
	Rows       []ChangedRow
	KeepMine   *widget.Button // your values where you both changed a field; theirs elsewhere
	TakeTheirs *widget.Button // their values for every field they changed; your other edits kept
	EditAgain  *widget.Button // back to the form, now holding their values and your other edits
	dlg        dialog.Dialog
}

// ChangedRow is one field the other side changed since the form was opened.
type ChangedRow struct {
	Label  string
	Theirs string
	Yours  string
	Both   bool // you changed it too, to something else
}

// ChangedDlg is the open "changed by someone else" dialog (nil when none is open).
func (t *ClientsTab) ChangedDlg() *ChangedDialog { return t.changedDlg }

// clientField is one value the Edit form writes: a client field, or Partner/Manager by team
// member (the form edits the team member, not the XPM staff UUID).
type clientField struct {
	key, label string
	get        func(lc *view.LocalClient) string
	set        func(lc *view.LocalClient, from *view.LocalClient)
}

// formFields are the values the Edit form saves, in the form's order.
func formFields() []clientField {
	var out []clientField
	for _, f := range model.ClientFields {
		if f.Class == model.ClassStaffRole {
			continue
		}
		out = append(out, clientField{key: f.Key, label: f.Label,
			get: func(lc *view.LocalClient) string { return f.Get(&lc.Client) },
			set: func(lc, from *view.LocalClient) { f.Set(&lc.Client, f.Get(&from.Client)) }})
	}
	return append(out,
		clientField{key: "AccountManager", label: "Partner",
			get: func(lc *view.LocalClient) string { return idText(lc.PartnerStaffID) },
			set: func(lc, from *view.LocalClient) { lc.PartnerStaffID = from.PartnerStaffID }},
		clientField{key: "JobManager", label: "Manager",
			get: func(lc *view.LocalClient) string { return idText(lc.ManagerStaffID) },
			set: func(lc, from *view.LocalClient) { lc.ManagerStaffID = from.ManagerStaffID }})
}

func idText(id int64) string { return strconv.FormatInt(id, 10) }

// mergeEdits is what saving after the refusal writes: the client as it is now, with every field
// you edited put over it; where the other side changed the same field, keepMine decides.
func mergeEdits(base, mine, cur view.LocalClient, keepMine bool) view.LocalClient {
	out := cur
	out.Client.Contacts = cur.Client.Contacts // the form never edits contacts: theirs stand
	for _, f := range formFields() {
		was, yours, theirs := f.get(&base), f.get(&mine), f.get(&cur)
		if yours == was || yours == theirs {
			continue // you did not change it, or you both made the same change
		}
		if theirs != was && !keepMine {
			continue
		}
		f.set(&out, &mine)
	}
	return out
}

// changedRows lists the fields the other side changed since base was read.
func changedRows(base, mine, cur view.LocalClient, staff []view.TeamMember) []ChangedRow {
	var rows []ChangedRow
	for _, f := range formFields() {
		was, yours, theirs := f.get(&base), f.get(&mine), f.get(&cur)
		if theirs == was {
			continue
		}
		r := ChangedRow{Label: f.label, Theirs: shownValue(f.key, &cur, staff), Yours: shownValue(f.key, &mine, staff),
			Both: yours != was && yours != theirs}
		if yours == was {
			r.Yours = "not changed by you"
		}
		rows = append(rows, r)
	}
	return rows
}

// shownValue is a field's value in words (a team member's name for Partner and Manager).
func shownValue(key string, lc *view.LocalClient, staff []view.TeamMember) string {
	switch key {
	case "AccountManager":
		return staffName(staff, lc.PartnerStaffID)
	case "JobManager":
		return staffName(staff, lc.ManagerStaffID)
	}
	f, _ := model.FieldByKey(key)
	return orDash(f.Get(&lc.Client))
}

// onChangedSince answers a save refused because the client changed since the form was opened.
// When the other side changed nothing the form shows, your edits are saved over the client as
// it is now (nothing of theirs is lost); otherwise the user sees both values and chooses.
func (t *ClientsTab) onChangedSince(e *EditDialog, mine, cur view.LocalClient) {
	rows := changedRows(e.lc, mine, cur, e.staff)
	if len(rows) == 0 {
		merged := mergeEdits(e.lc, mine, cur, true)
		e.lc = cur
		t.commitEdit(e, merged, nil)
		return
	}
	t.showChanged(e, mine, cur, rows)
}

func (t *ClientsTab) showChanged(e *EditDialog, mine, cur view.LocalClient, rows []ChangedRow) {
	c := &ChangedDialog{Rows: rows}
	// One grid per row, so each row is as tall as its own values.
	grid := container.NewVBox(container.NewGridWithColumns(3, bold("Field"), bold("Their value (saved now)"), bold("Your value")))
	for _, r := range rows {
		yours := wrapped(r.Yours)
		if r.Both {
			yours.Importance = widget.DangerImportance
		}
		grid.Add(container.NewGridWithColumns(3, widget.NewLabel(r.Label), wrapped(r.Theirs), yours))
	}
	intro := wrapped("Someone else (another seat, or a sync with XPM) saved " + cur.Client.Name +
		" after you opened it. Nothing of yours is saved yet. Choose which values to keep; the other fields you edited are saved either way.")
	body := container.NewBorder(intro, nil, nil, nil, container.NewVScroll(grid))
	custom := dialog.NewCustomWithoutButtons("Changed since you opened it", body, t.window())
	c.dlg = custom
	// mergeEdits measures "your edits" from what the form loaded: keep that base for the choice.
	base := e.lc
	c.KeepMine = widget.NewButtonWithIcon("Keep mine", theme.ConfirmIcon(), func() {
		c.dlg.Hide()
		t.changedDlg = nil
		e.lc = cur
		t.commitEdit(e, mergeEdits(base, mine, cur, true), nil)
	})
	c.TakeTheirs = widget.NewButtonWithIcon("Take theirs", theme.ContentUndoIcon(), func() {
		c.dlg.Hide()
		t.changedDlg = nil
		e.lc = cur
		t.commitEdit(e, mergeEdits(base, mine, cur, false), nil)
	})
	c.EditAgain = widget.NewButtonWithIcon("Edit again", theme.DocumentCreateIcon(), func() {
		c.dlg.Hide()
		t.changedDlg = nil
		t.reEdit(e, mergeEdits(base, mine, cur, false), cur)
	})
	c.KeepMine.Importance = widget.HighImportance
	custom.SetButtons([]fyne.CanvasObject{c.EditAgain, c.TakeTheirs, c.KeepMine})
	c.dlg.Resize(fyne.NewSize(640, 420))
	t.changedDlg = c
	e.Problem.SetText("Not saved yet: " + cur.Client.Name + " was changed since you opened it.")
	e.Problem.Show()
	c.dlg.Show()
}

// reEdit puts the form back in front of the user holding their values and your other edits,
// measured from the client as it is now, so the next Save is checked against it.
func (t *ClientsTab) reEdit(e *EditDialog, values, cur view.LocalClient) {
	e.lc = cur
	for _, f := range model.ClientFields {
		if en, ok := e.Entries[f.Key]; ok {
			en.SetText(f.Get(&values.Client))
		}
	}
	e.Partner.SetSelected(staffName(e.staff, values.PartnerStaffID))
	e.Manager.SetSelected(staffName(e.staff, values.ManagerStaffID))
	e.Problem.SetText("The form now holds the values saved meanwhile, with your other edits. Check them and press Save.")
	e.Problem.Importance = widget.WarningImportance
	e.Problem.Show()
	e.Save.Enable()
}
