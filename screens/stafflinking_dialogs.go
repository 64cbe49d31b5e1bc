package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/staff"
	"xpmsync/core/view"
)

func (t *StaffTab) window() fyne.Window {
	if t.Window != nil {
		return t.Window
	}
	if ws := fyne.CurrentApp().Driver().AllWindows(); len(ws) > 0 {
		return ws[0]
	}
	return nil
}

func (t *StaffTab) onAdd() { t.openMember(view.TeamMember{}) }

func (t *StaffTab) onEdit(row *StaffRow) { t.openMember(row.member) }

// openMember shows the add/edit form; m.ID 0 adds a new team member.
func (t *StaffTab) openMember(m view.TeamMember) {
	t.editing = m.ID
	t.MemberName = widget.NewEntry()
	t.MemberName.SetText(m.Name)
	t.MemberName.SetPlaceHolder("Ann Lee")
	t.MemberEmail = widget.NewEntry()
	t.MemberEmail.SetText(m.Email)
	t.MemberEmail.SetPlaceHolder("ann@yourpractice.co.nz")
	t.MemberPhone = widget.NewEntry()
	t.MemberPhone.SetText(m.Phone)
	t.MemberMobile = widget.NewEntry()
	t.MemberMobile.SetText(m.Mobile)
	t.MemberError = widget.NewLabel("")
	t.MemberError.Importance = widget.DangerImportance
	t.MemberError.Wrapping = fyne.TextWrapWord
	t.MemberError.Hide()

	title, save := "Add team member", "Add"
	hint := "Same email as their XPM staff record links them at once. Anyone XPM does not have is created there 24 hours after you add them, unless you link them by hand first."
	if m.ID != 0 {
		title, save = "Edit "+m.Name, "Save"
		hint = "Changing the email to one an XPM staff member has links them by email."
	}
	note := widget.NewLabel(hint)
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	form := widget.NewForm(
		widget.NewFormItem("Name", t.MemberName),
		widget.NewFormItem("Email", t.MemberEmail),
		widget.NewFormItem("Phone", t.MemberPhone),
		widget.NewFormItem("Mobile", t.MemberMobile),
	)
	t.MemberSave = widget.NewButtonWithIcon(save, theme.ConfirmIcon(), t.onMemberSave)
	t.MemberSave.Importance = widget.HighImportance
	cancel := widget.NewButton("Cancel", func() { t.closeDialog() })
	buttons := container.NewHBox(layout.NewSpacer(), cancel, t.MemberSave)
	t.MemberRemove = widget.NewButtonWithIcon("Remove…", theme.DeleteIcon(), t.onRemove)
	t.MemberRemove.Importance = widget.DangerImportance
	if m.ID != 0 {
		buttons.Objects = append([]fyne.CanvasObject{t.MemberRemove}, buttons.Objects...)
	}
	body := container.NewVBox(form, note, t.MemberError, buttons)
	t.showDialog(title, body, fyne.NewSize(480, 0))
	if c := fyne.CurrentApp(); c != nil && t.window() != nil {
		t.window().Canvas().Focus(t.MemberName) // type the name at once
	}
}

func (t *StaffTab) showDialog(title string, body fyne.CanvasObject, size fyne.Size) {
	w := t.window()
	if w == nil {
		return
	}
	d := dialog.NewCustomWithoutButtons(title, body, w)
	if size.Width > 0 {
		d.Resize(fyne.NewSize(size.Width, max(size.Height, body.MinSize().Height+80)))
	}
	t.dlg = d
	d.Show()
}

func (t *StaffTab) closeDialog() {
	if t.dlg != nil {
		t.dlg.Hide()
		t.dlg = nil
	}
}

func (t *StaffTab) onMemberSave() {
	in := staff.Member{Name: t.MemberName.Text, Email: t.MemberEmail.Text, Phone: t.MemberPhone.Text, Mobile: t.MemberMobile.Text}
	id := t.editing
	t.MemberSave.Disable()
	background(t.bg, func() (view.TeamMember, error) {
		if id == 0 {
			return t.core.AddMember(t.ctx, in)
		}
		return t.core.EditMember(t.ctx, id, in)
	}, func(m view.TeamMember, err error) {
		t.MemberSave.Enable()
		if err != nil {
			// Keep the form open with what was typed, and say what to fix.
			t.MemberError.SetText(sentence(err.Error()))
			t.MemberError.Show()
			return
		}
		t.closeDialog()
		verb := "added"
		if id != 0 {
			verb = "saved"
		}
		switch {
		case m.Linked():
			t.say(fmt.Sprintf("%s %s and linked by email to their XPM staff record.", m.Name, verb), widget.SuccessImportance)
		case !m.CreateDue.IsZero():
			t.say(fmt.Sprintf("%s %s. XPM has nobody with this email, so they will be created in XPM %s unless you link them by hand first or choose Don't create in XPM.",
				m.Name, verb, staff.Until(m.CreateDue, m.UpdatedAt)), widget.SuccessImportance)
		default:
			t.say(fmt.Sprintf("%s %s.", m.Name, verb), widget.SuccessImportance)
		}
		t.Reload()
	})
}

// onImport refreshes XPM's staff list when connected, then offers the unlinked XPM staff.
func (t *StaffTab) onImport() {
	t.ImportButton.Disable()
	background(t.bg, func() (staff.Board, error) {
		rerr := t.core.Refresh(t.ctx)
		b, err := t.core.Board(t.ctx)
		if err != nil {
			return b, err
		}
		return b, rerr
	}, func(b staff.Board, rerr error) {
		t.ImportButton.Enable()
		if b.Now.IsZero() { // the board itself could not be read
			t.say("Could not read the team: "+rerr.Error(), widget.DangerImportance)
			return
		}
		t.show(b)
		note := ""
		if rerr != nil {
			note = notConnected(rerr)
		}
		if len(b.Options) == 0 {
			msg := "Every XPM staff member is already linked to a team member."
			if b.XPMStaff == 0 {
				msg = "No XPM staff known yet. Once XPM answers (connect on the Connection tab if needed) and a sync runs, their staff appear here."
			}
			t.say(join(msg, note), widget.WarningImportance)
			return
		}
		t.say(note, widget.WarningImportance)
		t.openImport(b.Options)
	})
}

func join(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}

func (t *StaffTab) openImport(opts []staff.Option) {
	t.importIDs = map[string]string{}
	labels := make([]string, 0, len(opts))
	for _, o := range opts {
		labels = append(labels, o.Label)
		t.importIDs[o.Label] = o.UUID
	}
	t.ImportChoice = widget.NewCheckGroup(labels, nil)
	t.ImportSave = widget.NewButtonWithIcon("Import and link", theme.DownloadIcon(), t.onImportSave)
	t.ImportSave.Importance = widget.HighImportance
	t.ImportSave.Disable()
	t.ImportChoice.OnChanged = func(sel []string) {
		if len(sel) == 0 {
			t.ImportSave.Disable()
		} else {
			t.ImportSave.Enable()
		}
	}
	all := widget.NewButton("Select all", func() { t.ImportChoice.SetSelected(labels) })
	cancel := widget.NewButton("Cancel", func() { t.closeDialog() })
	note := widget.NewLabel("These XPM staff are not linked to anyone. Each one you choose becomes a team member linked to them; someone here with the same email is linked instead of added twice.")
	note.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(t.ImportChoice)
	scroll.SetMinSize(fyne.NewSize(0, min(float32(len(labels))*36+8, 320)))
	body := container.NewBorder(note, container.NewHBox(all, layout.NewSpacer(), cancel, t.ImportSave), nil, nil, scroll)
	t.showDialog("Import from XPM", body, fyne.NewSize(520, 0))
}

func (t *StaffTab) onImportSave() {
	var uuids []string
	for _, l := range t.ImportChoice.Selected {
		uuids = append(uuids, t.importIDs[l])
	}
	t.closeDialog()
	t.act(func(ctx context.Context) (string, error) {
		n, err := t.core.Import(ctx, uuids)
		if err != nil {
			return "", err
		}
		if n == 1 {
			return "Imported 1 XPM staff member; they are linked.", nil
		}
		return fmt.Sprintf("Imported %d XPM staff members; they are linked.", n), nil
	}, "Could not import from XPM")
}
