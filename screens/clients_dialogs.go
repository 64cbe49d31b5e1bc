package screens

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/view"
	"xpmsync/core/words"
)

// ---- Edit / Add ----

// EditDialog is the form that creates or edits a local client.
type EditDialog struct {
	Entries map[string]*widget.Entry // by model.ClientFields key
	Partner *widget.Select
	Manager *widget.Select
	Problem *widget.Label
	Save    *widget.Button
	dlg     dialog.Dialog
	lc      view.LocalClient
	staff   []view.TeamMember
}

// EditDlg is the open edit form (nil when none is open).
func (t *ClientsTab) EditDlg() *EditDialog { return t.editDlg }

func (t *ClientsTab) onAdd() { t.showEdit(view.LocalClient{}) }

func (t *ClientsTab) showEdit(lc view.LocalClient) {
	background(func() ([]view.TeamMember, error) {
		return t.be.TeamMembers(context.Background())
	}, func(staff []view.TeamMember, err error) {
		if err != nil {
			t.notify("Could not read the team: "+err.Error(), widget.DangerImportance)
			return
		}
		t.openEdit(lc, staff)
	})
}

func (t *ClientsTab) openEdit(lc view.LocalClient, staff []view.TeamMember) {
	e := &EditDialog{Entries: map[string]*widget.Entry{}, lc: lc, staff: staff}
	form := container.New(layout.NewFormLayout())
	for _, f := range model.ClientFields {
		if f.Class == model.ClassStaffRole {
			continue
		}
		en := fieldEntry(f.Key)
		en.SetText(f.Get(&lc.Client))
		if lc.XPMUUID != "" && f.Class == model.ClassFromXPM {
			en.Disable() // seed 000: always from XPM on a linked client
		}
		e.Entries[f.Key] = en
		label := f.Label
		if f.Key == "Name" {
			label += " *"
		}
		form.Add(widget.NewLabel(label))
		form.Add(en)
	}
	names := []string{"(nobody)"}
	for _, m := range staff {
		names = append(names, m.Name)
	}
	partner, pExtra := roleChoice(staff, lc.PartnerStaffID, lc.Client.AccountManager)
	manager, mExtra := roleChoice(staff, lc.ManagerStaffID, lc.Client.JobManager)
	e.Partner = widget.NewSelect(appendNonEmpty(names, pExtra), nil)
	e.Manager = widget.NewSelect(appendNonEmpty(names, mExtra), nil)
	e.Partner.SetSelected(partner)
	e.Manager.SetSelected(manager)
	form.Add(widget.NewLabel("Partner"))
	form.Add(e.Partner)
	form.Add(widget.NewLabel("Manager"))
	form.Add(e.Manager)
	e.Problem = widget.NewLabel("")
	e.Problem.Importance = widget.DangerImportance
	e.Problem.Wrapping = fyne.TextWrapWord
	e.Problem.Hide()
	e.Save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { t.saveEdit(e) })
	e.Save.Importance = widget.HighImportance
	title := "Edit " + lc.Client.Name
	if lc.ID == 0 {
		title = "Add a client"
	}
	note := widget.NewLabel(editNote(lc))
	note.Wrapping = fyne.TextWrapWord
	note.Importance = widget.LowImportance
	body := container.NewBorder(nil, container.NewVBox(e.Problem, note), nil, nil, container.NewVScroll(form))
	custom := dialog.NewCustomWithoutButtons(title, body, t.window())
	// Cancel and Save side by side, as every dialog puts its answers.
	custom.SetButtons([]fyne.CanvasObject{widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), custom.Hide), e.Save})
	e.dlg = custom
	e.dlg.Resize(fyne.NewSize(620, 640))
	t.editDlg = e
	e.dlg.Show()
}

// multiLineFields hold several lines (a street address and a postal address: "PO Box 8739",
// "Church Lane"); their entries show every line and keep the line breaks.
var multiLineFields = map[string]bool{"Address": true, "PostalAddress": true}

// fieldEntry is the form's entry for one client field.
func fieldEntry(key string) *widget.Entry {
	if !multiLineFields[key] {
		return widget.NewEntry()
	}
	en := widget.NewMultiLineEntry()
	en.Wrapping = fyne.TextWrapWord
	en.SetMinRowsVisible(3)
	return en
}

// formValue is what the form saves of an entry's text: trimmed, and for an address each line
// trimmed with blank lines left out, the line breaks kept.
func formValue(key, text string) string {
	if !multiLineFields[key] {
		return strings.TrimSpace(text)
	}
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

func appendNonEmpty(list []string, s string) []string {
	if s == "" {
		return list
	}
	return append(append([]string(nil), list...), s)
}

func staffName(staff []view.TeamMember, id int64) string {
	for _, m := range staff {
		if m.ID == id {
			return m.Name
		}
	}
	return "(nobody)"
}

func staffID(staff []view.TeamMember, name string) int64 {
	for _, m := range staff {
		if m.Name == name {
			return m.ID
		}
	}
	return 0
}

func (t *ClientsTab) saveEdit(e *EditDialog) {
	lc := e.lc
	lc.Client.Contacts = append([]model.Contact(nil), e.lc.Client.Contacts...)
	for _, f := range model.ClientFields {
		if en, ok := e.Entries[f.Key]; ok {
			f.Set(&lc.Client, formValue(f.Key, en.Text))
		}
	}
	lc.PartnerStaffID = staffID(e.staff, e.Partner.Selected)
	lc.ManagerStaffID = staffID(e.staff, e.Manager.Selected)
	c := lc.Client
	if p := linking.Problems(c.Name, c.Email, c.Phone, c.Fax); len(p) > 0 {
		var msgs []string
		for _, f := range model.ClientFields {
			if m, ok := p[f.Key]; ok {
				msgs = append(msgs, f.Label+": "+m)
			}
		}
		e.Problem.SetText(strings.Join(msgs, "\n"))
		e.Problem.Show()
		return
	}
	e.Save.Disable()
	if lc.ID == 0 || !sameIdentity(lc.Client, e.lc.Client) {
		t.checkThenSave(e, lc)
		return
	}
	t.commitEdit(e, lc, nil)
}

// commitEdit saves the form's client; then, when set, runs on the saved client (the duplicate
// check's "Link to it"). A failure of then leaves the client saved and says so, so a second
// Save cannot add it twice.
func (t *ClientsTab) commitEdit(e *EditDialog, lc view.LocalClient, then func(ctx context.Context, saved view.LocalClient) error) {
	e.Save.Disable()
	var thenErr error
	var line string
	background(func() (view.LocalClient, error) {
		ctx := context.Background()
		var err error
		if line, err = t.be.SaveSaying(ctx, &lc); err != nil {
			return lc, err
		}
		if then != nil {
			thenErr = then(ctx, lc)
			if fresh, err := t.be.DetailOf(ctx, view.RowKey{Kind: view.KindLocal, ID: lc.ID}); err == nil && fresh.Local != nil {
				lc = *fresh.Local
			}
		}
		return lc, nil
	}, func(saved view.LocalClient, err error) {
		e.Save.Enable()
		if changed := (*view.ClientChangedError)(nil); errors.As(err, &changed) {
			t.onChangedSince(e, lc, changed.Current)
			return
		}
		if err != nil {
			e.Problem.SetText(problem.Words(err))
			e.Problem.Show()
			return
		}
		e.dlg.Hide()
		t.editDlg = nil
		t.Detail.cur.Key = view.RowKey{Kind: view.KindLocal, ID: saved.ID}
		if thenErr != nil {
			t.notify("Saved "+saved.Client.Name+", but not linked: "+problem.Words(thenErr), widget.WarningImportance)
		} else {
			t.notify("Saved "+saved.Client.Name+". "+line, widget.SuccessImportance)
		}
		t.reloadAfterAction()
		t.Detail.reshow()
		t.refreshAfterSave(saved, line)
	})
}

// refreshAfterSave reads a linked client from XPM again (seed 003: the XPM side is refreshed
// after every save, so the differences shown are against XPM as it is now).
func (t *ClientsTab) refreshAfterSave(saved view.LocalClient, line string) {
	if saved.XPMUUID == "" || !t.be.Online() {
		return
	}
	t.Detail.run("Saved. Reading this client from XPM again…", func(ctx context.Context) (string, error) {
		return "Saved. " + line, t.be.Refresh(ctx, saved.ID)
	}, t.Detail.reshow)
}

// ---- Connect to XPM ----

// ConnectDialog searches XPM for the record to link a local client to (seed 003).
type ConnectDialog struct {
	Query   *widget.Entry
	Find    *widget.Button
	Browse  *widget.Button
	Results *widget.List
	Link    *widget.Button
	Status  *widget.Label
	cands   []linking.Candidate
	chosen  int
	client  view.LocalClient
	dlg     dialog.Dialog
}

// ConnectDlg is the open Connect dialog (nil when none is open).
func (t *ClientsTab) ConnectDlg() *ConnectDialog { return t.connectDlg }

// Candidates are the XPM clients the Connect dialog lists.
func (c *ConnectDialog) Candidates() []linking.Candidate { return c.cands }

func (t *ClientsTab) showConnect(lc view.LocalClient) {
	c := &ConnectDialog{client: lc, chosen: -1}
	c.Query = widget.NewEntry()
	c.Query.SetText(lc.Client.Name)
	c.Query.OnSubmitted = func(string) { t.connectSearch(c) }
	c.Find = widget.NewButtonWithIcon("Search XPM", theme.SearchIcon(), func() { t.connectSearch(c) })
	c.Browse = widget.NewButton("Browse all XPM clients", func() { c.Query.SetText(""); t.connectSearch(c) })
	c.Status = widget.NewLabel("")
	c.Status.Wrapping = fyne.TextWrapWord
	c.Results = widget.NewList(func() int { return len(c.cands) }, func() fyne.CanvasObject {
		n := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		n.Truncation = fyne.TextTruncateEllipsis
		s := widget.NewLabel("")
		s.Importance = widget.LowImportance
		s.Truncation = fyne.TextTruncateEllipsis
		return container.NewVBox(n, s)
	}, func(i widget.ListItemID, o fyne.CanvasObject) {
		if i >= len(c.cands) {
			return
		}
		x := c.cands[i]
		box := o.(*fyne.Container)
		box.Objects[0].(*widget.Label).SetText(x.Client.Name)
		sub := joinNonEmpty(" · ", x.Client.Email, x.Client.Phone, x.Client.ClientCode)
		if x.LinkedTo != 0 {
			sub = joinNonEmpty(" · ", "already linked to another client here", sub)
		}
		box.Objects[1].(*widget.Label).SetText(sub)
	})
	c.Results.OnSelected = func(i widget.ListItemID) {
		c.chosen = i
		if i < len(c.cands) && c.cands[i].LinkedTo == 0 {
			c.Link.Enable()
		} else {
			c.Link.Disable()
		}
	}
	c.Link = widget.NewButtonWithIcon("Link", theme.ConfirmIcon(), func() { t.connectLink(c) })
	c.Link.Importance = widget.HighImportance
	c.Link.Disable()
	help := widget.NewLabel("Searching XPM for the name as recorded here. If the client does not appear, edit the search to the name used in XPM, or browse the whole XPM list.")
	help.Wrapping = fyne.TextWrapWord
	top := container.NewVBox(help, container.NewBorder(nil, nil, nil, container.NewHBox(c.Find, c.Browse), c.Query), c.Status)
	body := container.NewBorder(top, container.NewHBox(layout.NewSpacer(), c.Link), nil, nil, c.Results)
	c.dlg = dialog.NewCustom("Connect "+lc.Client.Name+" to XPM", "Cancel", body, t.window())
	c.dlg.Resize(fyne.NewSize(640, 560))
	t.connectDlg = c
	c.dlg.Show()
	t.connectSearch(c)
}

type searchResult struct {
	cands   []linking.Candidate
	offline bool
}

func (t *ClientsTab) connectSearch(c *ConnectDialog) {
	q := c.Query.Text
	c.Status.SetText("Searching…")
	background(func() (searchResult, error) {
		cands, off, err := t.be.SearchXPM(context.Background(), q)
		return searchResult{cands, off}, err
	}, func(r searchResult, err error) {
		if err != nil {
			c.Status.SetText(problem.Words(err))
			return
		}
		c.cands, c.chosen = r.cands, -1
		c.Results.UnselectAll()
		c.Results.Refresh()
		c.Link.Disable()
		switch {
		case len(r.cands) == 0 && strings.TrimSpace(q) == "":
			c.Status.SetText("No XPM clients are known here yet. Sync with XPM first, or search by name.")
		case len(r.cands) == 0:
			c.Status.SetText("XPM has no client matching “" + q + "”. Try the name as written in XPM, or browse all.")
		default:
			msg := fmt.Sprintf("%s found. Choose the right one and press Link.", words.Plural(len(r.cands), "XPM client"))
			if r.offline {
				msg = "XPM can't be reached, so these are from the last sync. " + msg
			}
			c.Status.SetText(msg)
		}
	})
}

func (t *ClientsTab) connectLink(c *ConnectDialog) {
	if c.chosen < 0 || c.chosen >= len(c.cands) {
		return
	}
	x := c.cands[c.chosen]
	id := c.client.ID
	c.Link.Disable()
	background(func() (struct{}, error) {
		return struct{}{}, t.be.Link(context.Background(), id, x.Client.UUID)
	}, func(_ struct{}, err error) {
		if err != nil {
			c.Status.SetText(problem.Words(err))
			c.Link.Enable()
			return
		}
		c.dlg.Hide()
		t.connectDlg = nil
		t.notify("Linked to XPM client “"+x.Client.Name+"”. Differing fields are shown in red.", widget.SuccessImportance)
		t.reloadAfterAction()
		t.Detail.reshow()
	})
}

func (d *ClientDetail) confirmDisconnect() {
	name := d.cur.Client.Name
	dialog.ShowConfirm("Disconnect "+name+"?",
		"The client stays here and in XPM, but they stop syncing. Changes not yet sent to XPM are cancelled.",
		func(ok bool) {
			if ok {
				d.Disconnect()
			}
		}, d.tab.window())
}

// Disconnect unlinks the shown client from XPM (after the user confirmed).
func (d *ClientDetail) Disconnect() {
	id := d.localID()
	d.run("Disconnecting…", func(ctx context.Context) (string, error) {
		return "Disconnected from XPM. Both records are kept.", d.tab.be.Unlink(ctx, id)
	}, func() { d.tab.reloadAfterAction(); d.reshow() })
}

// ---- Sync differences ----

// SyncRow is one differing field in the Sync dialog.
type SyncRow struct {
	Diff  linking.Difference
	Check *widget.Check
	Dir   *widget.Button // toggles the direction
	ToXPM bool
	Here  *widget.Label // the value here
	XPM   *widget.Label // XPM's value
}

// SyncDialog settles differing fields, each in the direction the user picks (seed 003).
type SyncDialog struct {
	Rows   []*SyncRow
	Apply  *widget.Button
	Status *widget.Label
	dlg    dialog.Dialog
	id     int64

	xpm          model.Client          // XPM's values as compared, sent along so XPM's later changes are never overwritten
	clearConfirm *dialog.ConfirmDialog // asks before a blank here clears XPM's value
}

// SyncDlg is the open Sync dialog (nil when none is open).
func (t *ClientsTab) SyncDlg() *SyncDialog { return t.syncDlg }

// Row finds the dialog's row of a field key.
func (s *SyncDialog) Row(key string) *SyncRow {
	for _, r := range s.Rows {
		if r.Diff.Field.Key == key {
			return r
		}
	}
	return nil
}

func (r *SyncRow) setDir(toXPM bool) {
	r.ToXPM = toXPM
	if toXPM {
		r.Dir.SetText("Here  >>  XPM")
	} else {
		r.Dir.SetText("XPM  >>  here")
	}
}

// Toggle flips the row's direction (the >> arrow).
func (r *SyncRow) Toggle() {
	if !r.Diff.CanPush {
		return
	}
	r.setDir(!r.ToXPM)
}

func (t *ClientsTab) showSync(det linking.Detail) {
	s := &SyncDialog{id: det.Local.ID}
	if det.XPM != nil {
		s.xpm = det.XPM.Client
	}
	var cells [][4]fyne.CanvasObject
	for _, d := range det.Diffs {
		r := &SyncRow{Diff: d}
		r.Check = widget.NewCheck(d.Field.Label, func(bool) { s.updateApply() })
		r.Dir = widget.NewButton("", nil)
		r.Dir.OnTapped = r.Toggle
		r.setDir(linking.PresetToXPM(d, det.PushByDefault)) // fill a blank side, else the Source of truth's way
		if !d.CanPush {
			r.Dir.Disable()
		}
		r.Here, r.XPM = widget.NewLabel(orDash(d.LocalShown)), widget.NewLabel(orDash(d.XPMShown))
		r.Here.Wrapping, r.XPM.Wrapping = fyne.TextWrapWord, fyne.TextWrapWord
		// A check answers taps on its box and label only, and a button would stretch: the
		// layout keeps both at their own height, and every direction button equally wide.
		dir := container.NewGridWrap(fyne.NewSize(syncDirWidth(), r.Dir.MinSize().Height), r.Dir)
		cells = append(cells, [4]fyne.CanvasObject{r.Check, r.Here, dir, r.XPM})
		s.Rows = append(s.Rows, r)
	}
	grid := syncGrid(cells)
	s.Status = widget.NewLabel("Tick the values that are right and pick which way each goes; both directions are applied together.")
	s.Status.Wrapping = fyne.TextWrapWord
	s.Apply = widget.NewButtonWithIcon("Apply", theme.ConfirmIcon(), func() { t.applySync(s) })
	s.Apply.Importance = widget.HighImportance
	s.Apply.Disable()
	body := container.NewBorder(nil, container.NewVBox(s.Status, container.NewHBox(layout.NewSpacer(), s.Apply)), nil, nil,
		container.NewVScroll(grid))
	s.dlg = dialog.NewCustom("Sync "+det.Client.Name+" with XPM", "Cancel", body, t.window())
	s.dlg.Resize(fyne.NewSize(760, 520))
	t.syncDlg = s
	s.dlg.Show()
}

func (s *SyncDialog) updateApply() {
	for _, r := range s.Rows {
		if r.Check.Checked {
			s.Apply.Enable()
			return
		}
	}
	s.Apply.Disable()
}

// ---- Create in XPM ----

// DuplicatesDialog offers Link instead of creating a client XPM already has.
type DuplicatesDialog struct {
	Dups  []linking.Duplicate
	Links []*widget.Button // one per duplicate (disabled when linked to another client)
	dlg   dialog.Dialog
}

// DupDlg is the open duplicates dialog (nil when none is open).
func (t *ClientsTab) DupDlg() *DuplicatesDialog { return t.dupDlg }

func (t *ClientsTab) createInXPM(lc view.LocalClient) {
	t.Detail.Create.Disable()
	t.notify("Checking XPM for a client with the same name or email…", widget.MediumImportance)
	background(func() (linking.CreateOutcome, error) {
		return t.be.CreateInXPM(context.Background(), lc.ID)
	}, func(out linking.CreateOutcome, err error) {
		t.Detail.Create.Enable()
		switch {
		case err != nil:
			t.notify(problem.Words(err)+" (XPM must be reachable to check for duplicates before creating.)", widget.DangerImportance)
		case len(out.Duplicates) > 0:
			t.notify("Not created: XPM already has this client. Link to it instead.", widget.WarningImportance)
			t.showDuplicates(lc, out.Duplicates)
		default:
			t.notify("Sent to XPM. It is linked here as soon as XPM confirms.", widget.SuccessImportance)
			t.Detail.reshow()
		}
	})
}

func (t *ClientsTab) showDuplicates(lc view.LocalClient, dups []linking.Duplicate) {
	dd := &DuplicatesDialog{Dups: dups}
	list := container.NewVBox()
	for _, d := range dups {
		b := widget.NewButtonWithIcon("Link", theme.ConfirmIcon(), nil)
		b.Importance = widget.HighImportance
		b.OnTapped = func() {
			b.Disable()
			background(func() (struct{}, error) {
				return struct{}{}, t.be.Link(context.Background(), lc.ID, d.Client.UUID)
			}, func(_ struct{}, err error) {
				if err != nil {
					t.notify(problem.Words(err), widget.DangerImportance)
					b.Enable()
					return
				}
				dd.dlg.Hide()
				t.dupDlg = nil
				t.notify("Linked to XPM client “"+d.Client.Name+"” instead of creating a duplicate.", widget.SuccessImportance)
				t.reloadAfterAction()
				t.Detail.reshow()
			})
		}
		why := d.Reason
		if d.LinkedTo != 0 {
			b.Disable()
			why += " — already linked to another client here"
		}
		info := widget.NewLabel(joinNonEmpty(" · ", d.Client.Name, d.Client.Email, why))
		info.Wrapping = fyne.TextWrapWord
		list.Add(container.NewBorder(nil, nil, nil, b, info))
		dd.Links = append(dd.Links, b)
	}
	msg := widget.NewLabel("XPM already has a client with the same name (ignoring case and punctuation) or the same email. Creating another would make a duplicate, so link this client to it instead.")
	msg.Wrapping = fyne.TextWrapWord
	dd.dlg = dialog.NewCustom("XPM already has "+lc.Client.Name, "Cancel", container.NewBorder(msg, nil, nil, nil, container.NewVScroll(list)), t.window())
	dd.dlg.Resize(fyne.NewSize(600, 360))
	t.dupDlg = dd
	dd.dlg.Show()
}

// ---- Resolve matches ----

func (t *ClientsTab) onResolveMatches() {
	background(func() ([]linking.Suggestion, error) {
		return t.be.Suggestions(context.Background(), "")
	}, func(list []linking.Suggestion, err error) {
		if err != nil {
			t.notify("Could not read the suggested matches: "+err.Error(), widget.DangerImportance)
			return
		}
		t.showMatches(list)
	})
}

func (t *ClientsTab) showMatches(list []linking.Suggestion) {
	box := container.NewVBox()
	var dlg dialog.Dialog
	for _, s := range list {
		kind := "Possible match (" + s.Reason + ")"
		if s.Kind == linking.Exact {
			kind = "Suggested: same name and email"
		}
		text := widget.NewLabel(fmt.Sprintf("%s  ↔  XPM: %s\n%s", joinNonEmpty(" · ", s.ClientName, s.ClientEmail), joinNonEmpty(" · ", s.XPMName, s.XPMEmail), kind))
		text.Wrapping = fyne.TextWrapWord
		var row *fyne.Container
		link := widget.NewButtonWithIcon("Link", theme.ConfirmIcon(), nil)
		link.Importance = widget.HighImportance
		no := widget.NewButton("Not a match", nil)
		link.OnTapped = func() {
			t.resolve(func(ctx context.Context) error { return t.be.Link(ctx, s.ClientID, s.XPMUUID) }, row, box)
		}
		no.OnTapped = func() {
			t.resolve(func(ctx context.Context) error { return t.be.Dismiss(ctx, s.ClientID, s.XPMUUID) }, row, box)
		}
		row = container.NewBorder(nil, widget.NewSeparator(), nil, container.NewHBox(link, no), text)
		box.Add(row)
	}
	if len(list) == 0 {
		box.Add(widget.NewLabel("All matches are resolved."))
	}
	help := widget.NewLabel("Nothing is linked until you press Link. “Not a match” hides a suggestion for good.")
	help.Wrapping = fyne.TextWrapWord
	dlg = dialog.NewCustom("Resolve matches", "Close", container.NewBorder(help, nil, nil, nil, container.NewVScroll(box)), t.window())
	dlg.SetOnClosed(t.reloadAfterAction)
	dlg.Resize(fyne.NewSize(720, 560))
	dlg.Show()
}

func (t *ClientsTab) resolve(work func(ctx context.Context) error, row *fyne.Container, box *fyne.Container) {
	background(func() (struct{}, error) {
		return struct{}{}, work(context.Background())
	}, func(_ struct{}, err error) {
		if err != nil {
			t.notify(problem.Words(err), widget.DangerImportance)
			return
		}
		box.Remove(row)
	})
}

// ---- Export ----

func (t *ClientsTab) onExport() {
	dialog.ShowFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		t.ExportTo(dir.Path())
	}, t.window())
}

// ExportTo writes the clients the list shows, and their contacts, as two CSV files in dir.
func (t *ClientsTab) ExportTo(dir string) {
	q := t.Query()
	stamp := time.Now().Format("2006-01-02-1504")
	clientsPath := filepath.Join(dir, "clients-"+stamp+".csv")
	contactsPath := filepath.Join(dir, "contacts-"+stamp+".csv")
	t.notify("Exporting…", widget.MediumImportance)
	background(func() (struct{}, error) {
		ctx := context.Background()
		if err := writeFile(clientsPath, func(f *os.File) error { return t.be.ExportClients(ctx, q, f) }); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, writeFile(contactsPath, func(f *os.File) error { return t.be.ExportContacts(ctx, q, f) })
	}, func(_ struct{}, err error) {
		if err != nil {
			t.notify("Export failed: "+err.Error()+". Choose a folder you can write to and try again.", widget.DangerImportance)
			return
		}
		t.notify(fmt.Sprintf("Exported %s to %s and %s.", words.Plural(len(t.keys), "client"), clientsPath, filepath.Base(contactsPath)), widget.SuccessImportance)
	})
}

// writeFile writes beside path and renames, so a failed export never leaves half a file.
func writeFile(path string, fill func(*os.File) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".export-*")
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := fill(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp.Name(), path)
}
