package screens

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/view"
	"xpmsync/core/words"
)

// PeopleBackend is what the Contacts and Relationships inner tabs edit through;
// *linking.Service provides it. Without it both tabs only show.
type PeopleBackend interface {
	SaveContact(ctx context.Context, clientID int64, c model.Contact) (model.Contact, error)
	RemoveContact(ctx context.Context, clientID int64, c model.Contact) error
	SaveRelationship(ctx context.Context, r view.LocalRelationship) (int64, error)
	RemoveRelationship(ctx context.Context, id int64) error
	RelatedChoices(ctx context.Context, text string, except int64) ([]view.ClientRow, error)
}

func (d *ClientDetail) peopleBackend() PeopleBackend {
	p, _ := d.tab.be.(PeopleBackend)
	return p
}

// ContactForm is the open add/edit contact form.
type ContactForm struct {
	peopleForm
	Entries map[string]*widget.Entry // Name, Salutation, Addressee, Email, Mobile, Phone, Position
	Primary *widget.Check
	orig    model.Contact
	cc      string
}

// ContactFormOpen is the open contact form (nil when none is open).
func (d *ClientDetail) ContactFormOpen() *ContactForm { return d.contactForm }

// contactFormFields are the form's fields in the order shown.
var contactFormFields = []struct{ key, label string }{
	{"Name", "Name *"}, {"Salutation", "Salutation"}, {"Addressee", "Addressee"}, {"Email", "Email"},
	{"Mobile", "Mobile"}, {"Phone", "Phone"}, {"Position", "Position"},
}

func contactValue(c *model.Contact, key string) *string {
	switch key {
	case "Name":
		return &c.Name
	case "Salutation":
		return &c.Salutation
	case "Addressee":
		return &c.Addressee
	case "Email":
		return &c.Email
	case "Mobile":
		return &c.Mobile
	case "Phone":
		return &c.Phone
	}
	return &c.Position
}

// renderContacts lists the client's contacts with Edit and Remove, and Add contact on top.
func (d *ClientDetail) renderContacts(det linking.Detail) {
	editable := det.Local != nil && det.ContactsReadOnly == "" && d.peopleBackend() != nil
	objs := d.outboxLines(det)
	if det.ContactsReadOnly != "" {
		objs = append(objs, mutedLabel(det.ContactsReadOnly))
	}
	if editable {
		d.AddContact = widget.NewButtonWithIcon("Add contact", theme.ContentAddIcon(), func() { d.openContactForm(model.Contact{}) })
		objs = append(objs, container.NewHBox(d.AddContact, layout.NewSpacer()))
	}
	for _, k := range det.Contacts {
		objs = append(objs, d.contactRow(k, editable)...)
	}
	if len(det.Contacts) == 0 {
		objs = append(objs, widget.NewLabel("No contacts yet."))
	}
	d.contacts.Objects = objs
	d.contacts.Refresh()
}

func (d *ClientDetail) contactRow(k linking.ContactView, editable bool) []fyne.CanvasObject {
	name := k.Name
	if k.Position != "" {
		name += " (" + k.Position + ")"
	}
	if k.IsPrimary {
		name += " · primary"
	}
	head := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := fyne.CanvasObject(head)
	if editable {
		edit := widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { d.openContactForm(k.Contact) })
		remove := widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { d.confirmRemoveContact(k) })
		top = container.NewBorder(nil, nil, nil, container.NewHBox(edit, remove), head)
	}
	objs := []fyne.CanvasObject{top, widget.NewLabel(orDash(joinNonEmpty(" · ", k.Email, k.Phone, k.Mobile, k.Salutation)))}
	if len(k.OtherClients) > 0 {
		objs = append(objs, mutedLabel("Also a contact of: "+strings.Join(k.OtherClients, ", ")))
	}
	if k.UUID == "" && d.cur.Linked() {
		objs = append(objs, mutedLabel("Not in XPM yet."))
	}
	return append(objs, widget.NewSeparator())
}

// outboxLines say what of this client waits for XPM and what XPM refused, with its reason.
func (d *ClientDetail) outboxLines(det linking.Detail) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	if n := det.Outbox.Waiting; n > 0 {
		l := widget.NewLabel(words.Plural(n, "change") + " waiting to send to XPM.")
		if n == 1 {
			l.SetText("1 change waiting to send to XPM.")
		}
		l.Importance = widget.WarningImportance
		objs = append(objs, l)
	}
	for _, r := range det.Outbox.Refused {
		l := widget.NewLabel(r)
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	return objs
}

func (d *ClientDetail) openContactForm(c model.Contact) {
	f := &ContactForm{peopleForm: newPeopleForm(), Entries: map[string]*widget.Entry{}, orig: c, cc: d.cur.CountryCode}
	for _, fld := range contactFormFields {
		en := widget.NewEntry()
		en.SetText(*contactValue(&c, fld.key))
		en.OnChanged = func(string) { f.check() }
		f.Entries[fld.key] = en
		f.addField(fld.label, fld.key, en)
	}
	f.Primary = widget.NewCheck("Primary contact (the others stop being primary)", nil)
	f.Primary.SetChecked(c.IsPrimary)
	f.form.Add(layout.NewSpacer())
	f.form.Add(f.Primary)
	title := "Add a contact to " + shortName(d.cur.Client.Name)
	if c.Name != "" {
		title = "Edit " + c.Name
	}
	f.open(title, d.contactNote(), func() { d.saveContact(f) }, d.tab.window(), fyne.NewSize(560, 600))
	d.contactForm = f
	f.check()
	f.dlg.Show()
}

func (d *ClientDetail) contactNote() string {
	switch {
	case d.cur.PushesPeople:
		return "Saved here at once and sent to XPM (Source of truth: To XPM, Everything)."
	case d.cur.Linked():
		return "Saved here only: your sync settings do not send contacts to XPM."
	}
	return "Saved here. This client is not linked to XPM."
}

// value is the contact as typed.
func (f *ContactForm) value() model.Contact {
	c := f.orig
	for _, fld := range contactFormFields {
		*contactValue(&c, fld.key) = f.Entries[fld.key].Text
	}
	c.IsPrimary = f.Primary.Checked
	return c
}

// check validates as the user types: each reason beside its field; Save only when valid.
func (f *ContactForm) check() bool {
	_, probs := view.ContactProblems(f.value(), f.cc)
	// A name not typed yet is not an error to shout about; Save stays off until it is.
	return f.showProblems(probs, func(key string) bool {
		return key == "Name" && strings.TrimSpace(f.Entries["Name"].Text) == "" && f.orig.Name == ""
	})
}

func (d *ClientDetail) saveContact(f *ContactForm) {
	if !f.check() || d.cur.Local == nil {
		return
	}
	be, id, c := d.peopleBackend(), d.cur.Local.ID, f.value()
	f.Save.Disable()
	background(d.bg, func() (model.Contact, error) {
		return be.SaveContact(context.Background(), id, c)
	}, func(saved model.Contact, err error) {
		if err != nil {
			f.failed(err)
			return
		}
		f.dlg.Hide()
		d.contactForm = nil
		d.tab.notify("Saved contact "+saved.Name+"."+d.sentWords(), widget.SuccessImportance)
		d.reshow()
	})
}

func (d *ClientDetail) sentWords() string {
	if d.cur.PushesPeople {
		return " It is being sent to XPM."
	}
	return ""
}

// confirmRemoveContact says what happens before the user confirms: a contact XPM shares with
// other clients is only taken off this one.
func (d *ClientDetail) confirmRemoveContact(k linking.ContactView) {
	msg := "Remove " + shortName(k.Name) + " from " + shortName(d.cur.Client.Name) + "?"
	switch {
	case len(k.OtherClients) > 0 && d.cur.PushesPeople:
		msg += "\n\n" + k.Name + " is also a contact of " + strings.Join(k.OtherClients, ", ") +
			". They are taken off this client only, here and in XPM; they stay a contact of the others and are not deleted in XPM."
	case len(k.OtherClients) > 0:
		msg += "\n\n" + k.Name + " is also a contact of " + strings.Join(k.OtherClients, ", ") + " and stays theirs."
	case d.cur.PushesPeople && k.UUID != "":
		msg += "\n\nThey are taken off this client in XPM too (not deleted from XPM's contact list)."
	}
	cnf := dialog.NewConfirm("Remove contact", msg, func(ok bool) {
		if ok {
			d.removeContact(k.Contact)
		}
	}, d.tab.window())
	cnf.SetConfirmText("Remove")
	cnf.SetConfirmImportance(widget.DangerImportance)
	d.removeConfirm = cnf
	cnf.Show()
}

func (d *ClientDetail) removeContact(c model.Contact) {
	if d.cur.Local == nil {
		return
	}
	be, id := d.peopleBackend(), d.cur.Local.ID
	d.run("Removing "+c.Name+"…", func(ctx context.Context) (string, error) {
		return "Removed " + c.Name + "." + d.sentWords(), be.RemoveContact(ctx, id, c)
	}, d.reshow)
}
