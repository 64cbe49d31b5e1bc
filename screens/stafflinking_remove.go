package screens

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/staff"
)

// confirm asks before a change that cannot be taken back, saying what XPM will and won't get.
// The widgets stay on the tab so tests can read the words and press the button.
func (t *StaffTab) confirm(title, text, yes string, do func()) {
	t.ConfirmText = widget.NewLabel(text)
	t.ConfirmText.Wrapping = fyne.TextWrapWord
	t.ConfirmYes = widget.NewButtonWithIcon(yes, theme.DeleteIcon(), func() {
		t.closeDialog()
		do()
	})
	t.ConfirmYes.Importance = widget.DangerImportance
	keep := widget.NewButton("Keep", func() { t.closeDialog() })
	body := container.NewVBox(t.ConfirmText, container.NewHBox(layout.NewSpacer(), keep, t.ConfirmYes))
	t.showDialog(title, body, fyne.NewSize(500, 0))
}

// onRemove reads what removing the member being edited would do, then asks.
func (t *StaffTab) onRemove() {
	id := t.editing
	t.closeDialog()
	background(t.bg, func() (staff.Removal, error) { return t.core.RemovalOf(t.ctx, id) }, func(r staff.Removal, err error) {
		if err != nil {
			t.say("Could not read this team member: "+err.Error(), widget.DangerImportance)
			return
		}
		if why := r.Blocked(); why != "" {
			t.say(why, widget.WarningImportance)
			return
		}
		name := r.Member.Name
		text := fmt.Sprintf("%s will no longer be a team member in XPM Sync.\n\n%s", name, r.XPMEffect())
		t.confirm("Remove "+name+"?", text, "Remove", func() {
			t.act(func(ctx context.Context) (string, error) {
				if err := t.core.RemoveMember(ctx, id); err != nil {
					return "", err
				}
				return fmt.Sprintf("%s removed. %s", name, r.XPMEffect()), nil
			}, "Could not remove "+name)
		})
	})
}

// onDontCreate asks, then cancels a team member's pending creation in XPM.
func (t *StaffTab) onDontCreate(row *StaffRow) {
	m := row.member
	when := staff.Until(m.CreateDue, t.board.Now)
	text := fmt.Sprintf("XPM will not get a new staff member for %s: the creation planned %s is cancelled, and nothing is sent.\n\n"+
		"%s stays here as a team member, not linked. You can link them to XPM staff by hand at any time, and they are linked by email once XPM has someone with their email.",
		m.Name, when, m.Name)
	t.confirm("Don't create "+m.Name+" in XPM?", text, "Don't create", func() {
		t.act(func(ctx context.Context) (string, error) {
			if err := t.core.CancelCreate(ctx, row.ID); err != nil {
				return "", err
			}
			return fmt.Sprintf("%s will not be created in XPM. They stay here, not linked.", m.Name), nil
		}, "Could not cancel creating "+m.Name)
	})
}
