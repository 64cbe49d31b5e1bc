package screens

import (
	"context"
	"fmt"
	"net/url"
	"sort"
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

// ClientDetail is the right-hand pane: the chosen client's header, actions and inner tabs.
type ClientDetail struct {
	bg Runner // its background work (WithRunner)

	tab *ClientsTab

	Title   *widget.Label
	Sub     *widget.Label
	Status  *widget.Label // linked / last synced / last refreshed
	Notice  *widget.Label // outcome of the last action
	Edit    *widget.Button
	Connect *widget.Button // "Connect to XPM" or "Disconnect"
	Sync    *widget.Button // "Sync differences (N)"
	Refresh *widget.Button
	Open    *widget.Button // Open in XPM
	Create  *widget.Button // Create in XPM
	ImportB *widget.Button // import an XPM-only client
	Items   *widget.Button // Import items from XPM (details, relationships, contacts; seed 004)
	Review  *widget.Button // Review new items brought by such an import
	Looked  *widget.Button // Conflict looked at: clears the conflict flag
	Tabs    *container.AppTabs

	fields    *fyne.Container
	contacts  *fyne.Container
	relations *fyne.Container
	people    *fyne.Container
	history   *fyne.Container
	body      *fyne.Container
	empty     fyne.CanvasObject
	content   fyne.CanvasObject

	// Contacts and Relationships editing (clients_contacts.go, clients_relationships.go).
	AddContact    *widget.Button
	AddRelation   *widget.Button
	contactForm   *ContactForm
	relForm       *RelationshipForm
	removeConfirm *dialog.ConfirmDialog

	cur     linking.Detail
	red     []string // keys of the fields shown in red
	showSeq int
}

func newClientDetail(t *ClientsTab) *ClientDetail {
	d := &ClientDetail{bg: t.bg, tab: t}
	d.Title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.Title.SizeName = theme.SizeNameSubHeadingText
	d.Title.Truncation = fyne.TextTruncateEllipsis
	d.Sub = widget.NewLabel("")
	d.Sub.Wrapping = fyne.TextWrapWord // code, email and phone never run off a narrow window
	d.Sub.Importance = widget.LowImportance
	d.Status = widget.NewLabel("")
	d.Status.Wrapping = fyne.TextWrapWord
	d.Notice = widget.NewLabel("")
	d.Notice.Wrapping = fyne.TextWrapWord
	d.Notice.Hide()
	d.Edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), d.onEdit)
	d.Connect = widget.NewButtonWithIcon("Connect to XPM", theme.LoginIcon(), d.onConnect)
	d.Sync = widget.NewButtonWithIcon("Sync differences", theme.ViewRefreshIcon(), d.onSync)
	d.Sync.Importance = widget.DangerImportance
	d.Refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), d.onRefresh)
	d.Open = widget.NewButtonWithIcon("Open in XPM", theme.ComputerIcon(), d.onOpen)
	d.Create = widget.NewButtonWithIcon("Create in XPM", theme.UploadIcon(), d.onCreate)
	d.ImportB = widget.NewButtonWithIcon("Import", theme.DownloadIcon(), d.onImport)
	d.ImportB.Importance = widget.HighImportance
	d.Items = widget.NewButtonWithIcon("Import items from XPM", theme.DownloadIcon(), d.onItems)
	d.Review = widget.NewButtonWithIcon("Review new items", theme.ListIcon(), d.onReview)
	d.Looked = widget.NewButtonWithIcon("Conflict looked at", theme.ConfirmIcon(), d.onLookedAt)

	d.fields = container.New(layout.NewFormLayout())
	d.contacts = container.NewVBox()
	d.relations = container.NewVBox()
	d.people = container.NewVBox()
	d.history = container.NewVBox()
	d.Tabs = container.NewAppTabs(
		container.NewTabItem("Details", container.NewVScroll(container.NewPadded(d.fields))),
		container.NewTabItem("Contacts", container.NewVScroll(d.contacts)),
		container.NewTabItem("Relationships", container.NewVScroll(d.relations)),
		container.NewTabItem("Groups & staff", container.NewVScroll(d.people)),
		container.NewTabItem("History", container.NewVScroll(d.history)),
	)
	// The actions wrap onto a second line in a narrow window rather than scroll out of sight.
	actions := newFlow(d.Edit, d.Connect, d.Sync, d.Looked, d.Refresh, d.Open, d.Create, d.ImportB, d.Items, d.Review)
	head := container.NewVBox(d.Title, d.Sub, actions, d.Status, d.Notice)
	d.body = container.NewBorder(head, nil, nil, nil, d.Tabs)
	hint := widget.NewLabelWithStyle("Choose a client on the left to see everything about it.\nUse the search box (Ctrl+F), the arrow keys and Enter.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	d.empty = container.NewCenter(hint)
	d.body.Hide()
	d.content = container.NewStack(d.empty, container.NewPadded(d.body))
	return d
}

// Current is the client shown now.
func (d *ClientDetail) Current() linking.Detail { return d.cur }

// RedFields are the keys of the fields shown in red (they differ from XPM).
func (d *ClientDetail) RedFields() []string { return d.red }

// show reads and shows the client of key off the UI goroutine.
func (d *ClientDetail) show(key view.RowKey) {
	d.showSeq++
	seq := d.showSeq
	background(d.bg, func() (linking.Detail, error) {
		return d.tab.be.DetailOf(context.Background(), key)
	}, func(det linking.Detail, err error) {
		if seq != d.showSeq {
			return
		}
		if err != nil {
			d.tab.notify("Could not read this client: "+err.Error(), widget.DangerImportance)
			return
		}
		d.render(det)
	})
}

// reshow shows the current client again (after an action changed it).
func (d *ClientDetail) reshow() {
	if d.cur.Key != (view.RowKey{}) {
		d.show(d.cur.Key)
	}
}

func (d *ClientDetail) render(det linking.Detail) {
	if det.Key != d.cur.Key {
		d.Notice.Hide() // an outcome belongs to the client it was about
	}
	d.cur = det
	c := det.Client
	d.empty.Hide()
	d.body.Show()
	d.Title.SetText(c.Name)
	d.Sub.SetText(joinNonEmpty(" · ", c.Tax.BusinessStructure, c.ClientCode, c.Email, c.Phone))

	local, linked := det.Local != nil, det.Linked()
	setVisible(d.Edit, local)
	setVisible(d.Connect, local)
	setVisible(d.Create, local && !linked)
	setVisible(d.Refresh, linked)
	setVisible(d.ImportB, !local)
	setVisible(d.Items, linked && d.tab.OnImportItems != nil)
	setVisible(d.Review, linked && d.tab.OnReviewItems != nil)
	setVisible(d.Open, det.WebURL() != "")
	setVisible(d.Looked, local && det.Local.Review == "conflict")
	if linked {
		d.Connect.SetText("Disconnect")
		d.Connect.SetIcon(theme.LogoutIcon())
	} else {
		d.Connect.SetText("Connect to XPM")
		d.Connect.SetIcon(theme.LoginIcon())
	}
	if n := len(det.Diffs); n > 0 {
		d.Sync.SetText(fmt.Sprintf("Sync differences (%d)", n))
		d.Sync.Show()
	} else {
		d.Sync.Hide()
	}
	d.Status.SetText(statusLine(det))
	d.Status.Importance = widget.MediumImportance
	switch {
	case !local:
		d.Status.Importance = widget.LowImportance
	case det.Local.Review == "conflict":
		d.Status.Importance = widget.WarningImportance
	case len(det.Diffs) > 0 || det.Local.Review != "":
		d.Status.Importance = widget.DangerImportance
	case linked:
		d.Status.Importance = widget.SuccessImportance
	}
	d.Status.Refresh()
	d.renderFields(det)
	d.renderContacts(det)
	d.renderRelations(det)
	d.renderPeople(det)
	d.renderHistory(det)
}

func setVisible(o fyne.CanvasObject, v bool) {
	if v {
		o.Show()
	} else {
		o.Hide()
	}
}

func statusLine(det linking.Detail) string {
	var parts []string
	switch {
	case det.Local == nil:
		parts = append(parts, "In XPM only — not imported yet. Import it to keep it here.")
	case det.Linked():
		parts = append(parts, "Linked to XPM")
		if det.XPM != nil && (det.XPM.Gone || det.XPM.IsDeleted) {
			parts = append(parts, "deleted in XPM")
		} else if det.XPM != nil && det.XPM.IsArchived {
			parts = append(parts, "archived in XPM")
		}
		parts = append(parts, "last synced "+ago(det.LastSynced), "refreshed "+ago(det.LastRefreshed))
		if n := len(det.Diffs); n == 1 {
			parts = append(parts, "1 field differs (in red)")
		} else if n > 1 {
			parts = append(parts, fmt.Sprintf("%d fields differ (in red)", n))
		}
	default:
		parts = append(parts, "Not linked to XPM — use Connect to XPM to link it, or Create in XPM")
	}
	if det.Local != nil && det.Local.Review != "" {
		parts = append(parts, "needs a look: "+det.Local.Review)
	}
	if n := det.Outbox.Waiting; n > 0 {
		parts = append(parts, "waiting to send "+words.Plural(n, "change")+" to XPM")
	}
	if n := len(det.Outbox.Refused); n > 0 {
		parts = append(parts, words.Plural(n, "change")+" XPM did not take (see Contacts or Relationships)")
	}
	if n := len(det.Issues); n > 0 {
		parts = append(parts, words.Plural(n, "record")+" not imported (invalid data)")
	}
	return strings.Join(parts, " · ")
}

// renderFields fills the Details form; a differing field is red with XPM's value under it.
func (d *ClientDetail) renderFields(det linking.Detail) {
	diffs := map[string]linking.Difference{}
	for _, df := range det.Diffs {
		diffs[df.Field.Key] = df
	}
	d.red = d.red[:0]
	var objs []fyne.CanvasObject
	c := det.Client
	for _, f := range model.ClientFields {
		v := f.Get(&c)
		switch f.Key {
		case "AccountManager":
			v = det.Partner
		case "JobManager":
			v = det.Manager
		}
		label := widget.NewLabelWithStyle(f.Label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
		value := widget.NewLabel(orDash(v))
		value.Wrapping = fyne.TextWrapWord
		df, differs := diffs[f.Key]
		if !differs {
			objs = append(objs, label, value)
			continue
		}
		d.red = append(d.red, f.Key)
		if f.Class == model.ClassStaffRole {
			value.SetText(orDash(df.LocalShown))
		}
		label.Importance, value.Importance = widget.DangerImportance, widget.DangerImportance
		xpmV := widget.NewLabel("XPM: " + orDash(df.XPMShown))
		xpmV.Importance = widget.DangerImportance
		xpmV.TextStyle = fyne.TextStyle{Italic: true}
		xpmV.Wrapping = fyne.TextWrapWord
		objs = append(objs, label, container.NewVBox(value, xpmV))
	}
	for _, kv := range extraFields(c) {
		objs = append(objs, widget.NewLabelWithStyle(kv[0], fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), widget.NewLabel(kv[1]))
	}
	d.fields.Objects = objs
	d.fields.Refresh()
}

// extraFields are the details XPM keeps beyond the synced fields, shown when set.
func extraFields(c model.Client) [][2]string {
	all := [][2]string{
		{"Middle name", c.MiddleName}, {"Other name", c.OtherName}, {"Referral source", c.ReferralSource},
		{"Export code", c.ExportCode}, {"Billing client", c.BillingClient.Name}, {"Billing type", c.Type.Name},
		{"Payment term", joinNonEmpty(" ", c.Type.PaymentTerm, c.Type.PaymentDay)},
		{"Tax number", c.Tax.TaxNumber}, {"Branch number", c.Tax.BranchNumber}, {"Balance month", c.Tax.BalanceMonth},
		{"Prepare GST", c.Tax.PrepareGST}, {"GST period", c.Tax.GSTPeriod}, {"GST basis", c.Tax.GSTBasis},
		{"Provisional tax basis", c.Tax.ProvisionalTaxBasis}, {"Provisional tax ratio", c.Tax.ProvisionalTaxRatio},
		{"Signed tax authority", c.Tax.SignedTaxAuthority}, {"Tax agent", c.Tax.TaxAgent}, {"Agency status", c.Tax.AgencyStatus},
		{"Return type", c.Tax.ReturnType}, {"Prepare activity statement", c.Tax.PrepareActivityStatement},
		{"Prepare tax return", c.Tax.PrepareTaxReturn}, {"Active ATO client", c.Tax.ActiveAtoClient},
	}
	if c.IsProspect {
		all = append(all, [2]string{"Prospect", "Yes"})
	}
	var out [][2]string
	for _, kv := range all {
		if strings.TrimSpace(kv[1]) != "" {
			out = append(out, kv)
		}
	}
	return out
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func sharesText(r model.Relationship) string {
	switch {
	case r.NumberOfShares != "" && r.Percentage != "":
		return r.NumberOfShares + " shares (" + r.Percentage + "%)"
	case r.NumberOfShares != "":
		return r.NumberOfShares + " shares"
	case r.Percentage != "":
		return r.Percentage + "%"
	}
	return ""
}

func dates(r model.Relationship) string {
	switch {
	case r.StartDate != "" && r.EndDate != "":
		return r.StartDate + " to " + r.EndDate
	case r.StartDate != "":
		return "since " + r.StartDate
	case r.EndDate != "":
		return "until " + r.EndDate
	}
	return ""
}

func (d *ClientDetail) renderPeople(det linking.Detail) {
	groups := "None"
	if len(det.Groups) > 0 {
		groups = strings.Join(det.Groups, ", ")
	}
	form := container.New(layout.NewFormLayout(),
		widget.NewLabelWithStyle("Partner", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), widget.NewLabel(orDash(det.Partner)),
		widget.NewLabelWithStyle("Manager", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), widget.NewLabel(orDash(det.Manager)),
		widget.NewLabelWithStyle("Groups", fyne.TextAlignTrailing, fyne.TextStyle{Bold: true}), widget.NewLabel(groups),
	)
	link := "Not linked to XPM."
	if det.Linked() || det.Local == nil {
		link = "XPM client " + det.Client.UUID
		if det.Local != nil {
			link = "Linked to XPM client " + det.Local.XPMUUID + " (" + det.Local.LinkHow + ", " + ago(det.Local.LinkedAt) + ")"
		}
	}
	note := widget.NewLabel(link)
	note.Importance = widget.LowImportance
	note.Wrapping = fyne.TextWrapWord
	objs := []fyne.CanvasObject{form}
	for _, n := range det.RoleNotes {
		l := widget.NewLabel(n)
		l.Importance = widget.WarningImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	objs = append(objs, note)
	for _, is := range det.Issues {
		l := widget.NewLabel(fmt.Sprintf("Not imported: %s %q — %s", is.Record, is.Name, is.Reason))
		l.Importance = widget.DangerImportance
		l.Wrapping = fyne.TextWrapWord
		objs = append(objs, l)
	}
	d.people.Objects = objs
	d.people.Refresh()
}

// historyLine is one line of the History tab: a field change or what the outbox did with a change.
type historyLine struct {
	at         time.Time
	text       string
	importance widget.Importance
}

// historyLines merges the field changes and the sends, newest first.
func historyLines(det linking.Detail) []historyLine {
	var lines []historyLine
	for _, h := range det.History {
		label := h.Field
		if f, ok := model.FieldByKey(h.Field); ok {
			label = f.Label
		}
		l := historyLine{at: h.At, text: fmt.Sprintf("%s: %s → %s · %s", label, orDash(h.Old), orDash(h.New), sourceWords(h.Source))}
		if h.Source == view.SourceConflict {
			l.importance = widget.WarningImportance
		}
		lines = append(lines, l)
	}
	for _, e := range det.Sends {
		l := historyLine{at: e.At, text: e.Details}
		switch e.Result {
		case "failed":
			l.importance = widget.DangerImportance
		case "pending", "warning":
			l.importance = widget.WarningImportance
		}
		lines = append(lines, l)
	}
	// Both lists are newest first; a stable sort keeps each one's order within a second.
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].at.After(lines[j].at) })
	return lines
}

func (d *ClientDetail) renderHistory(det linking.Detail) {
	var objs []fyne.CanvasObject
	for _, h := range historyLines(det) {
		l := widget.NewLabel(h.at.Local().Format("2 Jan 2006 15:04") + " · " + h.text)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = h.importance
		objs = append(objs, l)
	}
	if len(objs) == 0 {
		objs = append(objs, widget.NewLabel("No changes recorded yet. Edits, syncs and field-by-field syncs are listed here."))
	}
	d.history.Objects = objs
	d.history.Refresh()
}

func sourceWords(src string) string {
	switch src {
	case view.SourceXPM:
		return "from XPM"
	case view.SourceLocal:
		return "sent to XPM"
	case view.SourceUser:
		return "changed here"
	case view.SourceConflict:
		return "lost in a conflict"
	}
	return src
}

// run does an action off the UI goroutine and reports its outcome in plain words.
func (d *ClientDetail) run(busy string, work func(ctx context.Context) (string, error), after func()) {
	d.tab.notify(busy, widget.MediumImportance)
	background(d.bg, func() (string, error) {
		return work(context.Background())
	}, func(done string, err error) {
		if err != nil {
			d.tab.notify(problem.Words(err), widget.DangerImportance)
		} else {
			d.tab.notify(done, widget.SuccessImportance)
		}
		if after != nil {
			after()
		}
	})
}

func (d *ClientDetail) localID() int64 {
	if d.cur.Local == nil {
		return 0
	}
	return d.cur.Local.ID
}

func (d *ClientDetail) onRefresh() {
	id := d.localID()
	d.run("Reading this client from XPM…", func(ctx context.Context) (string, error) {
		return "Refreshed from XPM just now.", d.tab.be.Refresh(ctx, id)
	}, d.reshow)
}

// onLookedAt clears the conflict flag once the practice has seen what the sync decided; the
// replaced values stay on the History tab, where they can be typed back with Edit.
func (d *ClientDetail) onLookedAt() {
	id := d.localID()
	d.run("Clearing the conflict flag…", func(ctx context.Context) (string, error) {
		return "Conflict flag cleared. The values the sync replaced stay on the History tab.", d.tab.be.ClearConflict(ctx, id)
	}, func() {
		d.reshow()
		d.tab.Reload() // the row's "conflict" mark and the Needs a look filter
	})
}

func (d *ClientDetail) onOpen() {
	u, err := url.Parse(d.cur.WebURL())
	if err != nil || u.Scheme != "https" && u.Scheme != "http" {
		d.tab.notify("This client has no XPM page to open.", widget.DangerImportance)
		return
	}
	open := d.tab.openFn
	if open == nil {
		open = fyne.CurrentApp().OpenURL
	}
	if err := open(u); err != nil {
		d.tab.notify(openFailedWords("the client's XPM page", u.String(), err), widget.DangerImportance)
	}
}

func (d *ClientDetail) onImport() {
	if d.cur.Local != nil || d.cur.Key.XPMUUID == "" {
		return
	}
	uuid, name := d.cur.Key.XPMUUID, d.cur.Client.Name
	var newID int64
	d.run("Importing "+name+"…", func(ctx context.Context) (string, error) {
		id, err := d.tab.be.Import(ctx, uuid)
		newID = id
		return name + " is now one of your clients, linked to XPM.", err
	}, func() {
		if newID != 0 {
			d.cur.Key = view.RowKey{Kind: view.KindLocal, ID: newID}
			d.tab.reloadAfterAction()
			d.reshow()
		}
	})
}

func (d *ClientDetail) onConnect() {
	if d.cur.Local == nil {
		return
	}
	if d.cur.Linked() {
		d.confirmDisconnect()
		return
	}
	d.tab.showConnect(*d.cur.Local)
}

func (d *ClientDetail) onSync() {
	if d.cur.Local == nil || len(d.cur.Diffs) == 0 {
		return
	}
	d.tab.showSync(d.cur)
}

func (d *ClientDetail) onEdit() {
	if d.cur.Local == nil {
		return
	}
	d.tab.showEdit(*d.cur.Local)
}

func (d *ClientDetail) onCreate() {
	if d.cur.Local == nil || d.cur.Linked() {
		return
	}
	d.tab.createInXPM(*d.cur.Local)
}

func (d *ClientDetail) onItems() {
	if d.cur.Local != nil && d.tab.OnImportItems != nil {
		d.tab.OnImportItems(d.cur.Local.ID)
	}
}

func (d *ClientDetail) onReview() {
	if d.cur.Local != nil && d.tab.OnReviewItems != nil {
		d.tab.OnReviewItems(d.cur.Local.ID)
	}
}

func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func mutedLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.LowImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}
