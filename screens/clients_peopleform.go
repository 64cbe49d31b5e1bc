package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/problem"
)

// peopleForm is what the contact and relationship forms share, so both behave alike: each
// field with its reason beside it as the user types, a line saying where a save goes, Save
// enabled only while the form is valid, and a failed save that keeps the dialog and what was typed.
type peopleForm struct {
	Problems map[string]*widget.Label // the reason beside a field, shown as the user types
	Save     *widget.Button
	Status   *widget.Label
	dlg      dialog.Dialog
	form     *fyne.Container // laid out again when a reason appears or goes
}

func newPeopleForm() peopleForm {
	return peopleForm{Problems: map[string]*widget.Label{}, form: container.New(layout.NewFormLayout())}
}

// addField adds a labelled row whose reason (keyed by key) shows under the field.
func (p *peopleForm) addField(label, key string, field fyne.CanvasObject) {
	prob := widget.NewLabel("")
	prob.Importance, prob.Wrapping = widget.DangerImportance, fyne.TextWrapWord
	prob.Hide()
	p.Problems[key] = prob
	p.form.Add(widget.NewLabel(label))
	p.form.Add(container.NewVBox(field, prob))
}

// open shows the form in a dialog with Cancel and Save; onSave runs when Save is tapped.
func (p *peopleForm) open(title, note string, onSave func(), w fyne.Window, size fyne.Size) {
	p.Status = mutedLabel(note)
	p.Save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), onSave)
	p.Save.Importance = widget.HighImportance
	dlg := dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, p.Status, nil, nil, container.NewVScroll(p.form)), w)
	dlg.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), dlg.Hide), p.Save})
	dlg.Resize(size)
	p.dlg = dlg
}

// showProblems puts each reason beside its field (quiet ones — a field not filled in yet —
// stay hidden) and enables Save only when there is none; it reports whether the form is valid.
func (p *peopleForm) showProblems(probs map[string]string, quiet func(key string) bool) bool {
	if p.Save == nil { // a field filled in while the form is being built
		return false
	}
	for key, l := range p.Problems {
		reason, bad := probs[key]
		l.SetText(reason)
		setVisible(l, bad && !quiet(key))
	}
	p.form.Refresh()
	setEnabled(p.Save, len(probs) == 0)
	return len(probs) == 0
}

// failed keeps the dialog open with the reason in plain words, so nothing typed is lost.
func (p *peopleForm) failed(err error) {
	p.Status.SetText(problem.Words(err))
	p.Status.Importance = widget.DangerImportance
	p.Status.Refresh()
	p.Save.Enable()
}
