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

	"xpmsync/core/importer"
	"xpmsync/core/view"
)

// ImportItemForm confirms or changes an item's name, relationship and email before it is imported.
type ImportItemForm struct {
	Item         view.ImportItem
	Name         *widget.Entry
	Relationship *widget.SelectEntry
	Email        *widget.Entry
	CoOwner      *widget.Check
	CoOwnerHint  *widget.Label
	Error        *widget.Label
	Save         *widget.Button
	Cancel       *widget.Button

	dialog dialog.Dialog
}

// OpenImport shows the import form for row i.
func (t *ImportReview) OpenImport(i int) {
	if i < 0 || i >= len(t.items) {
		return
	}
	it := t.items[i]
	def := importer.DefaultForm(it)
	f := &ImportItemForm{Item: it}
	f.Name = widget.NewEntry()
	f.Name.SetText(def.Name)
	f.Relationship = widget.NewSelectEntry(importer.RelationshipTypes)
	f.Relationship.SetText(def.Relationship)
	relLabel := "Relationship"
	if it.Kind == view.ItemContact {
		relLabel = "Position"
		f.Relationship.SetPlaceHolder("Director, Accounts, …")
	}
	f.Email = widget.NewEntry()
	f.Email.SetText(def.Email)
	f.Email.SetPlaceHolder("name@example.com (optional)")
	f.CoOwnerHint = widget.NewLabel("A co-owner needs an email that no other client or contact in the practice uses.")
	f.CoOwnerHint.Wrapping = fyne.TextWrapWord
	f.CoOwnerHint.Importance = widget.LowImportance
	f.CoOwnerHint.Hide()
	f.CoOwner = widget.NewCheck("Import as account co-owner", func(on bool) {
		if on {
			f.CoOwnerHint.Show()
		} else {
			f.CoOwnerHint.Hide()
		}
	})
	f.Error = widget.NewLabel("")
	f.Error.Importance = widget.DangerImportance
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Hide()
	note := widget.NewLabel("Saving records the email only: no invitation is sent to anyone.")
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	f.Save = widget.NewButtonWithIcon("Save and Import", theme.ConfirmIcon(), func() { t.onImportSave(f) })
	f.Save.Importance = widget.HighImportance
	f.Cancel = widget.NewButton("Cancel", func() { t.closeImport() })
	form := widget.NewForm(
		widget.NewFormItem("Name", f.Name),
		widget.NewFormItem(relLabel, f.Relationship),
		widget.NewFormItem("Email", f.Email),
	)
	from := widget.NewLabel("From XPM: " + importer.Describe(it))
	from.Wrapping = fyne.TextWrapWord
	from.Importance = widget.LowImportance
	body := container.NewVBox(from, form, f.CoOwner, f.CoOwnerHint, note, f.Error,
		container.NewHBox(layout.NewSpacer(), f.Cancel, f.Save))
	t.ImportForm = f
	if w := t.window(); w != nil {
		f.dialog = dialog.NewCustomWithoutButtons("Import "+it.Name, body, w)
		f.dialog.Resize(fyne.NewSize(520, body.MinSize().Height+120))
		f.dialog.Show()
	}
}

func (t *ImportReview) onImportSave(f *ImportItemForm) {
	form := importer.Form{Name: f.Name.Text, Relationship: f.Relationship.Text, Email: f.Email.Text, CoOwner: f.CoOwner.Checked}
	f.Save.Disable()
	f.Error.Hide()
	background(t.bg, func() (struct{}, error) {
		return struct{}{}, t.src.Import(context.Background(), f.Item.ID, form)
	}, func(_ struct{}, err error) {
		f.Save.Enable()
		if err != nil {
			f.Error.SetText(formError(err))
			f.Error.Show()
			return
		}
		t.closeImport()
		msg := fmt.Sprintf("Imported %s.", form.Name)
		if form.CoOwner {
			msg = fmt.Sprintf("Imported %s as account co-owner (%s).", form.Name, form.Email)
		}
		t.decided(msg, widget.SuccessImportance)
	})
}

func (t *ImportReview) closeImport() {
	if t.ImportForm != nil && t.ImportForm.dialog != nil {
		t.ImportForm.dialog.Hide()
	}
	t.ImportForm = nil
}

// LinkItemForm picks the local item an XPM item replaces.
type LinkItemForm struct {
	Item    view.ImportItem
	Choices []importer.Choice
	Choice  *widget.Select
	Warning *widget.Label
	Error   *widget.Label
	Link    *widget.Button
	Cancel  *widget.Button

	dialog dialog.Dialog
}

// OpenLink reads the local items row i can link to, then shows the link form.
func (t *ImportReview) OpenLink(i int) {
	if i < 0 || i >= len(t.items) {
		return
	}
	it := t.items[i]
	background(t.bg, func() ([]importer.Choice, error) {
		return t.src.LinkChoices(context.Background(), it.ID)
	}, func(cs []importer.Choice, err error) {
		if err != nil {
			t.setStatus("Could not read what this client has recorded here: "+err.Error()+". Try again.", widget.DangerImportance)
			return
		}
		t.showLink(it, cs)
	})
}

func (t *ImportReview) showLink(it view.ImportItem, cs []importer.Choice) {
	f := &LinkItemForm{Item: it, Choices: cs}
	labels := make([]string, len(cs))
	for i, c := range cs {
		labels[i] = c.Label
	}
	f.Warning = widget.NewLabel("")
	f.Warning.Wrapping = fyne.TextWrapWord
	f.Warning.Importance = widget.WarningImportance
	f.Error = widget.NewLabel("")
	f.Error.Importance = widget.DangerImportance
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Hide()
	f.Link = widget.NewButtonWithIcon("Link", theme.ConfirmIcon(), func() { t.onLinkSave(f) })
	f.Link.Importance = widget.HighImportance
	f.Link.Disable()
	f.Cancel = widget.NewButton("Cancel", func() { t.closeLink() })
	f.Choice = widget.NewSelect(labels, func(string) {
		if i := f.Choice.SelectedIndex(); i >= 0 {
			f.Warning.SetText(fmt.Sprintf("“%s” recorded here will be replaced with %s from XPM (%s). Once linked, it does not come back on later imports.",
				cs[i].Label, it.Name, importer.Describe(it)))
			f.Link.Enable()
		}
	})
	f.Choice.PlaceHolder = "Choose who this is here"
	what := "people or entities"
	if it.Kind == view.ItemContact {
		what = "contacts"
	}
	intro := widget.NewLabel(fmt.Sprintf("%s from XPM (%s) is the same as one of the %s you recorded here:", it.Name, importer.Describe(it), what))
	intro.Wrapping = fyne.TextWrapWord
	if len(cs) == 0 {
		f.Choice.Disable()
		f.Warning.SetText(fmt.Sprintf("%s has no %s recorded here that are not linked to XPM already. Use Import instead.", clientOf(it), what))
	}
	body := container.NewVBox(intro, f.Choice, f.Warning, f.Error, container.NewHBox(layout.NewSpacer(), f.Cancel, f.Link))
	t.LinkForm = f
	if w := t.window(); w != nil {
		f.dialog = dialog.NewCustomWithoutButtons("Link "+it.Name+" to existing", body, w)
		f.dialog.Resize(fyne.NewSize(520, body.MinSize().Height+140))
		f.dialog.Show()
	}
}

func clientOf(it view.ImportItem) string {
	if it.ClientName != "" {
		return it.ClientName
	}
	return "This client"
}

func (t *ImportReview) onLinkSave(f *LinkItemForm) {
	i := f.Choice.SelectedIndex()
	if i < 0 || i >= len(f.Choices) {
		return
	}
	choice := f.Choices[i]
	f.Link.Disable()
	f.Error.Hide()
	background(t.bg, func() (struct{}, error) {
		return struct{}{}, t.src.Link(context.Background(), f.Item.ID, choice.ID)
	}, func(_ struct{}, err error) {
		if err != nil {
			f.Link.Enable()
			f.Error.SetText(formError(err))
			f.Error.Show()
			return
		}
		t.closeLink()
		t.decided(fmt.Sprintf("Linked %s from XPM to “%s”, which now holds XPM's details.", f.Item.Name, choice.Label), widget.SuccessImportance)
	})
}

func (t *ImportReview) closeLink() {
	if t.LinkForm != nil && t.LinkForm.dialog != nil {
		t.LinkForm.dialog.Hide()
	}
	t.LinkForm = nil
}
