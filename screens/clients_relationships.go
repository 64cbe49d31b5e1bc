package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/view"
)

// RelationshipForm is the open add/edit relationship form.
type RelationshipForm struct {
	peopleForm
	Type    *widget.Select
	Find    *widget.Entry  // type part of a client's name
	Related *widget.Select // the matching local clients
	Shares  *widget.Entry
	Percent *widget.Entry
	Start   *widget.Entry
	End     *widget.Entry

	orig    view.LocalRelationship
	choices []view.ClientRow
	findSeq int
}

// RelationshipFormOpen is the open relationship form (nil when none is open).
func (d *ClientDetail) RelationshipFormOpen() *RelationshipForm { return d.relForm }

// renderRelations shows the practice's own relationships (editable) apart from XPM's record.
func (d *ClientDetail) renderRelations(det linking.Detail) {
	var objs []fyne.CanvasObject
	if det.Local != nil {
		objs = append(objs, d.outboxLines(det)...)
		head := fyne.CanvasObject(heading("Recorded here"))
		if d.peopleBackend() != nil {
			d.AddRelation = widget.NewButtonWithIcon("Add relationship", theme.ContentAddIcon(), func() {
				d.openRelationshipForm(view.LocalRelationship{ClientID: det.Local.ID})
			})
			head = container.NewBorder(nil, nil, nil, d.AddRelation, head)
		}
		objs = append(objs, head)
		for _, p := range det.People {
			objs = append(objs, d.relationRow(p))
		}
		if len(det.People) == 0 {
			objs = append(objs, mutedLabel("None yet. Add the people and entities related to this client, or use Import items from XPM to bring XPM's over."))
		}
		objs = append(objs, heading("As recorded in XPM"))
	}
	for _, r := range det.Relationships {
		text := r.Type + " — " + r.RelatedClient.Name
		objs = append(objs, widget.NewLabel(joinNonEmpty("  ", text, joinNonEmpty(" · ", sharesText(r), dates(r)))))
	}
	if len(det.Relationships) == 0 {
		objs = append(objs, mutedLabel("No relationships in XPM. Directors, shareholders and trustees set in XPM appear here after a sync."))
	}
	d.relations.Objects = objs
	d.relations.Refresh()
}

func (d *ClientDetail) relationRow(p view.LocalRelationship) fyne.CanvasObject {
	r := model.Relationship{Type: p.Type, RelatedClient: model.Ref{Name: p.RelatedName}, NumberOfShares: p.NumberOfShares,
		Percentage: p.Percentage, StartDate: p.StartDate, EndDate: p.EndDate}
	state := ""
	if p.XPMUUID == "" && d.cur.Linked() {
		state = "not in XPM yet"
	}
	label := widget.NewLabel(joinNonEmpty("  ", r.Type+" — "+r.RelatedClient.Name, joinNonEmpty(" · ", sharesText(r), dates(r), p.Email, state)))
	label.Wrapping = fyne.TextWrapWord
	if d.peopleBackend() == nil {
		return label
	}
	edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { d.openRelationshipForm(p) })
	remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { d.confirmRemoveRelation(p) })
	return container.NewBorder(nil, nil, nil, container.NewHBox(edit, remove), label)
}

func (d *ClientDetail) openRelationshipForm(r view.LocalRelationship) {
	f := &RelationshipForm{peopleForm: newPeopleForm(), orig: r}
	f.Type = widget.NewSelect(view.RelationshipTypes, func(string) { f.check() })
	f.Find = widget.NewEntry()
	f.Find.SetPlaceHolder("Type part of the client's name")
	f.Find.OnChanged = func(s string) { d.findRelated(f, s) }
	f.Related = widget.NewSelect(nil, func(string) { f.check() })
	f.Related.PlaceHolder = "(choose a client)"
	f.Shares, f.Percent, f.Start, f.End = widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	f.Start.SetPlaceHolder("yyyy-mm-dd")
	f.End.SetPlaceHolder("yyyy-mm-dd")
	for _, e := range []*widget.Entry{f.Shares, f.Percent, f.Start, f.End} {
		e.OnChanged = func(string) { f.check() }
	}
	add := f.addField
	add("Type *", "Type", f.Type)
	add("Related client *", "Related", container.NewVBox(f.Find, f.Related))
	add("Shares", "NumberOfShares", f.Shares)
	add("Percentage", "Percentage", f.Percent)
	add("Start date", "StartDate", f.Start)
	add("End date", "EndDate", f.End)
	f.fill(r)
	inXPM := r.XPMUUID != ""
	if inXPM {
		f.Type.Disable()
		f.Find.Disable()
		f.Related.Disable()
	}
	title := "Add a relationship to " + shortName(d.cur.Client.Name)
	if r.ID != 0 {
		title = "Edit " + r.Type + " — " + r.RelatedName
	}
	f.open(title, d.relationNote(inXPM), func() { d.saveRelationship(f) }, d.tab.window(), fyne.NewSize(560, 560))
	d.relForm = f
	f.check()
	f.dlg.Show()
	if !inXPM {
		d.findRelated(f, "")
	}
}

func (f *RelationshipForm) fill(r view.LocalRelationship) {
	if r.Type != "" {
		f.Type.SetSelected(r.Type)
	}
	f.Shares.SetText(r.NumberOfShares)
	f.Percent.SetText(r.Percentage)
	f.Start.SetText(r.StartDate)
	f.End.SetText(r.EndDate)
	if r.RelatedName != "" {
		f.choices = []view.ClientRow{{ID: r.RelatedClientID, Name: r.RelatedName}}
		f.Related.SetOptions([]string{r.RelatedName})
		f.Related.SetSelected(r.RelatedName)
	}
}

func (d *ClientDetail) relationNote(inXPM bool) string {
	switch {
	case inXPM:
		return "XPM keeps the type and the related client of a relationship it has; to change them, remove this one and add a new one."
	case d.cur.PushesPeople:
		return "Saved here and sent to XPM when the related client is linked to XPM too. Shares are for shareholders and owners, a percentage for partners."
	}
	return "Saved here. Shares are for shareholders and owners, a percentage for partners (XPM's rules)."
}

// findRelated lists the local clients whose name matches what is typed, off the UI goroutine.
func (d *ClientDetail) findRelated(f *RelationshipForm, text string) {
	be := d.peopleBackend()
	f.findSeq++
	seq, self := f.findSeq, f.orig.ClientID
	background(d.bg, func() ([]view.ClientRow, error) {
		return be.RelatedChoices(context.Background(), strings.TrimSpace(text), self)
	}, func(rows []view.ClientRow, err error) {
		if err != nil || seq != f.findSeq {
			return
		}
		keep := f.Related.Selected
		f.choices = rows
		names := make([]string, len(rows))
		for i, r := range rows {
			names[i] = r.Name
		}
		f.Related.SetOptions(names)
		if len(rows) == 1 {
			f.Related.SetSelected(rows[0].Name)
		} else if keep != "" && f.relatedID(keep) != 0 {
			f.Related.SetSelected(keep)
		}
		f.check()
	})
}

func (f *RelationshipForm) relatedID(name string) int64 {
	for _, r := range f.choices {
		if r.Name == name {
			return r.ID
		}
	}
	return 0
}

func (f *RelationshipForm) value() view.LocalRelationship {
	r := f.orig
	r.Type = f.Type.Selected
	if f.Related.Selected != "" {
		r.RelatedClientID, r.RelatedName = f.relatedID(f.Related.Selected), f.Related.Selected
	}
	r.NumberOfShares, r.Percentage, r.StartDate, r.EndDate = f.Shares.Text, f.Percent.Text, f.Start.Text, f.End.Text
	return r
}

// check applies XPM's rules as the user types; fields a type does not take are switched off.
func (f *RelationshipForm) check() bool {
	if f.Save == nil {
		return false
	}
	r := f.value()
	setEnabled(f.Shares, view.TakesShares(r.Type) || f.Shares.Text != "")
	setEnabled(f.Percent, view.TakesPercentage(r.Type) || f.Percent.Text != "")
	_, probs := view.RelationshipProblems(r)
	// Nothing chosen yet is not an error to show; Save simply waits.
	return f.showProblems(probs, func(key string) bool {
		return (key == "Type" && r.Type == "") || (key == "Related" && f.Related.Selected == "")
	})
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func (d *ClientDetail) saveRelationship(f *RelationshipForm) {
	if !f.check() {
		return
	}
	be, r := d.peopleBackend(), f.value()
	f.Save.Disable()
	background(d.bg, func() (int64, error) {
		return be.SaveRelationship(context.Background(), r)
	}, func(_ int64, err error) {
		if err != nil {
			f.failed(err)
			return
		}
		f.dlg.Hide()
		d.relForm = nil
		d.tab.notify("Saved "+r.Type+" — "+r.RelatedName+"."+d.sentWords(), widget.SuccessImportance)
		d.reshow()
	})
}

func (d *ClientDetail) confirmRemoveRelation(p view.LocalRelationship) {
	msg := "Remove " + p.Type + " — " + shortName(p.RelatedName) + " from " + shortName(d.cur.Client.Name) + "?"
	if p.XPMUUID != "" && d.cur.PushesPeople {
		msg += "\n\nIt is removed in XPM too. Both clients stay."
	}
	cnf := dialog.NewConfirm("Remove relationship", msg, func(ok bool) {
		if !ok {
			return
		}
		be := d.peopleBackend()
		d.run("Removing "+p.Type+" — "+p.RelatedName+"…", func(ctx context.Context) (string, error) {
			return "Removed " + p.Type + " — " + p.RelatedName + "." + d.sentWords(), be.RemoveRelationship(ctx, p.ID)
		}, d.reshow)
	}, d.tab.window())
	cnf.SetConfirmText("Remove")
	cnf.SetConfirmImportance(widget.DangerImportance)
	d.removeConfirm = cnf
	cnf.Show()
}
