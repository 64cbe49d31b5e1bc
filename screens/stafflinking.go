package screens

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/problem"
	"xpmsync/core/staff"
	"xpmsync/core/view"
	"xpmsync/core/words"
)

// StaffLinker is what the Staff Linking tab needs from core; *staff.Service satisfies it.
type StaffLinker interface {
	Board(ctx context.Context) (staff.Board, error)
	AddMember(ctx context.Context, m staff.Member) (view.TeamMember, error)
	EditMember(ctx context.Context, id int64, m staff.Member) (view.TeamMember, error)
	Link(ctx context.Context, memberID int64, uuid string) error
	Unlink(ctx context.Context, memberID int64) error
	LinkAllByEmail(ctx context.Context) (int, error)
	Import(ctx context.Context, uuids []string) (int, error)
	Refresh(ctx context.Context) error
	Explain(ctx context.Context, query string) (string, error)
	RemovalOf(ctx context.Context, id int64) (staff.Removal, error)
	RemoveMember(ctx context.Context, id int64) error
	CancelCreate(ctx context.Context, id int64) error
}

// StaffRow is one team member's line in the table.
type StaffRow struct {
	ID    int64
	Name  *widget.Label
	Email *widget.Label
	XPM   *widget.Select // the linked XPM staff member, or a choice of the unlinked ones
	// XPMEmail is the linked XPM staff member's email, under the dropdown.
	XPMEmail *widget.Label
	Icon     *widget.Icon
	Status   *widget.Label
	Edit     *widget.Button
	Unlink   *widget.Button
	// DontCreate cancels a pending creation in XPM; shown instead of Unlink while one is pending.
	DontCreate *widget.Button

	member  view.TeamMember
	uuidOf  map[string]string // dropdown label → XPM staff UUID
	current string            // label of the linked staff member ("" when not linked)
}

// StaffTab links the practice's team members to XPM staff.
type StaffTab struct {
	bg Runner // its background work (WithRunner)

	core StaffLinker
	ctx  context.Context

	// Window hosts the tab's dialogs; the app sets it.
	Window fyne.Window

	AddButton    *widget.Button
	ImportButton *widget.Button
	LinkAll      *widget.Button
	Summary      *widget.Label
	Message      *widget.Label // what the last action did, or what went wrong and what to do
	Rows         []*StaffRow
	Ask          *widget.Entry // "can't find someone?" name or email
	Answer       *widget.Label

	// The add/edit and import dialogs keep their widgets here so tests can fill them in.
	MemberName   *widget.Entry
	MemberEmail  *widget.Entry
	MemberPhone  *widget.Entry
	MemberMobile *widget.Entry
	MemberSave   *widget.Button
	MemberRemove *widget.Button // in the edit form: remove the team member, after a confirmation
	MemberError  *widget.Label
	// The confirmation of a removal or a cancelled creation, saying what XPM will and won't get.
	ConfirmText  *widget.Label
	ConfirmYes   *widget.Button
	ImportChoice *widget.CheckGroup
	ImportSave   *widget.Button

	board     staff.Board
	editing   int64 // member being edited; 0 = adding
	dlg       dialogCloser
	importIDs map[string]string // import choice label → UUID
	shape     string            // shapeOf the rows on screen
	loadSeq   atomic.Int64
	table     *fyne.Container
	body      *fyne.Container
	empty     fyne.CanvasObject
	list      fyne.CanvasObject
	content   fyne.CanvasObject
}

type dialogCloser interface{ Hide() }

// staffCols share the width: who (name over email), XPM staff, status (with "Don't create" under
// a pending creation), Edit and Unlink. Emails sit under names and wrap rather than being cut off.
var staffCols = []float32{3.0, 3.2, 3.3, 2.0}

// NewStaffTab builds the Staff Linking tab over core; ctx ends background work when the app quits.
func NewStaffTab(ctx context.Context, core StaffLinker, opts ...Option) *StaffTab {
	t := &StaffTab{bg: runnerOf(opts), core: core, ctx: ctx}
	t.AddButton = widget.NewButtonWithIcon("Add team member", theme.ContentAddIcon(), t.onAdd)
	t.AddButton.Importance = widget.HighImportance
	t.ImportButton = widget.NewButtonWithIcon("Import from XPM", theme.DownloadIcon(), t.onImport)
	t.LinkAll = widget.NewButtonWithIcon("Link all by email", theme.MailComposeIcon(), t.onLinkAll)
	t.Summary = widget.NewLabel("")
	t.Message = widget.NewLabel("")
	t.Message.Wrapping = fyne.TextWrapWord
	t.Message.Hide()
	t.Ask = widget.NewEntry()
	t.Ask.SetPlaceHolder("Someone missing from the XPM staff list? Type their name or email")
	t.Ask.OnChanged = t.onAsk
	t.Answer = widget.NewLabel("Only XPM staff not yet linked to a team member are listed.")
	t.Answer.Wrapping = fyne.TextWrapWord
	t.Answer.Importance = widget.LowImportance

	// The summary takes the width the buttons leave and wraps there, never sliding under them.
	t.Summary.Alignment = fyne.TextAlignTrailing
	t.Summary.Wrapping = fyne.TextWrapWord
	toolbar := container.NewBorder(nil, nil, container.NewVBox(container.NewHBox(t.AddButton, t.ImportButton, t.LinkAll)), nil, t.Summary)
	t.table = container.NewVBox()
	head := container.New(&columns{staffCols}, bold("Team member"), bold("XPM staff"), bold("Status"), widget.NewLabel(""))
	help := container.NewVBox(widget.NewSeparator(), t.Ask, t.Answer)
	t.list = container.NewBorder(container.NewVBox(head, widget.NewSeparator()), help, nil, nil, container.NewVScroll(t.table))
	t.empty = t.emptyState()
	t.body = container.NewStack(t.list)
	t.content = container.NewBorder(container.NewVBox(toolbar, t.Message), nil, nil, nil, t.body)
	return t
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func (t *StaffTab) emptyState() fyne.CanvasObject {
	head := widget.NewLabelWithStyle("No team members yet", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	body := widget.NewLabelWithStyle("Import your people from XPM (they arrive linked), or add them here: "+
		"anyone XPM does not have is created there 24 hours after you add them. Linked people let Partner and "+
		"Manager follow clients both ways.", fyne.TextAlignCenter, fyne.TextStyle{})
	body.Wrapping = fyne.TextWrapWord
	imp := widget.NewButtonWithIcon("Import from XPM", theme.DownloadIcon(), t.onImport)
	imp.Importance = widget.HighImportance
	add := widget.NewButtonWithIcon("Add team member", theme.ContentAddIcon(), t.onAdd)
	card := container.NewVBox(widget.NewIcon(theme.AccountIcon()), head, body, container.NewCenter(container.NewHBox(imp, add)))
	return container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 220), card))
}

// Content is the tab's root object.
func (t *StaffTab) Content() fyne.CanvasObject { return t.content }

// Board is what the table shows now.
func (t *StaffTab) Board() staff.Board { return t.board }

// Reload reads the team again (after a sync, or every minute so the countdowns move).
func (t *StaffTab) Reload() {
	seq := t.loadSeq.Add(1)
	background(t.bg, func() (staff.Board, error) { return t.core.Board(t.ctx) }, func(b staff.Board, err error) {
		if seq != t.loadSeq.Load() {
			return
		}
		if err != nil {
			t.say("Could not read the team from the database: "+err.Error()+". Restart XPM Sync; if it keeps happening, check the disk.", widget.DangerImportance)
			return
		}
		t.show(b)
	})
}

// shapeOf is everything a row's widgets show apart from the status, so a reload that only moves
// countdowns can update in place and never closes a dropdown the user has open.
func shapeOf(b staff.Board) string {
	var sb strings.Builder
	for _, r := range b.Rows {
		fmt.Fprintf(&sb, "%d|%s|%s|%s|%s|%v\n", r.Member.ID, r.Member.Name, r.Member.Email, r.XPM.UUID, r.XPM.Label, r.Member.Linked())
	}
	for _, o := range b.Options {
		sb.WriteString(o.UUID + "|" + o.Label + "\n")
	}
	return sb.String()
}

func (t *StaffTab) show(b staff.Board) {
	t.board = b
	linked, pending := 0, 0
	for _, r := range b.Rows {
		if r.Member.Linked() {
			linked++
		} else if !r.Member.CreateDue.IsZero() {
			pending++
		}
	}
	if shape := shapeOf(b); shape == t.shape && len(t.Rows) == len(b.Rows) {
		for i, r := range b.Rows {
			row := t.Rows[i]
			row.member = r.Member
			imp, icon := statusLook(r.Level, r.Member)
			row.Status.Importance = imp
			row.Status.SetText(r.Status)
			row.Icon.SetResource(icon)
			showIf(row.DontCreate, canCancelCreate(r.Member))
		}
	} else {
		t.shape = shape
		t.Rows = t.Rows[:0]
		objs := make([]fyne.CanvasObject, 0, len(b.Rows))
		for _, r := range b.Rows {
			row := t.newRow(r, b.Options)
			t.Rows = append(t.Rows, row)
			who := container.New(&tight{}, row.Name, row.Email)
			xpm := container.New(&tight{}, row.XPM, row.XPMEmail)
			objs = append(objs, container.New(&columns{staffCols}, who, xpm,
				container.NewVBox(container.NewBorder(nil, nil, row.Icon, nil, row.Status), container.NewHBox(row.DontCreate)),
				container.NewHBox(row.Edit, row.Unlink)))
		}
		t.table.Objects = objs
		t.table.Refresh()
	}
	sum := fmt.Sprintf("%s · %d linked", words.Plural(len(b.Rows), "team member"), linked)
	if pending > 0 {
		sum += fmt.Sprintf(" · %d waiting to be created in XPM", pending)
	}
	t.Summary.SetText(sum + fmt.Sprintf(" · %d XPM staff", b.XPMStaff))
	t.LinkAll.Enable()
	if len(b.Rows) == 0 {
		t.LinkAll.Disable()
		t.body.Objects = []fyne.CanvasObject{t.empty}
	} else {
		t.body.Objects = []fyne.CanvasObject{t.list}
	}
	t.body.Refresh()
}

func (t *StaffTab) newRow(r staff.Row, free []staff.Option) *StaffRow {
	row := &StaffRow{ID: r.Member.ID, member: r.Member, uuidOf: map[string]string{}}
	row.Name = widget.NewLabelWithStyle(r.Member.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	row.Name.Wrapping = fyne.TextWrapWord
	email := r.Member.Email
	if email == "" {
		email = "(no email)"
	}
	row.Email = widget.NewLabel(email)
	row.Email.Wrapping = fyne.TextWrapBreak // an address has no spaces: break it rather than cut it
	row.Email.SizeName = theme.SizeNameCaptionText
	labels := row.choices(r, free)
	row.XPM = widget.NewSelect(labels, nil)
	row.XPMEmail = widget.NewLabel("")
	row.XPMEmail.Wrapping = fyne.TextWrapBreak
	row.XPMEmail.SizeName = theme.SizeNameCaptionText
	if r.Member.Linked() && r.XPM.Email != "" {
		row.XPMEmail.SetText(r.XPM.Email)
	}
	row.XPM.Selected = row.current
	switch {
	case len(labels) == 0:
		row.XPM.PlaceHolder = "No unlinked XPM staff"
		row.XPM.Disable()
	case r.Member.Linked():
		row.XPM.PlaceHolder = ""
	default:
		row.XPM.PlaceHolder = "Choose XPM staff…"
	}
	row.XPM.OnChanged = func(label string) { t.onChoose(row, label) }
	row.Status = widget.NewLabel(r.Status)
	row.Status.Wrapping = fyne.TextWrapWord
	imp, icon := statusLook(r.Level, r.Member)
	row.Status.Importance, row.Icon = imp, widget.NewIcon(icon)
	row.Edit = widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { t.onEdit(row) })
	row.Edit.Importance = widget.LowImportance
	row.Unlink = widget.NewButtonWithIcon("Unlink", theme.CancelIcon(), func() { t.onUnlink(row) })
	row.Unlink.Importance = widget.LowImportance
	if !r.Member.Linked() {
		row.Unlink.Disable()
		row.Unlink.Hide()
	}
	row.DontCreate = widget.NewButtonWithIcon("Don't create in XPM", theme.CancelIcon(), func() { t.onDontCreate(row) })
	row.DontCreate.Importance = widget.LowImportance
	showIf(row.DontCreate, canCancelCreate(r.Member))
	return row
}

// choices are the row's dropdown labels: the linked XPM staff member first, then the free ones.
// A name alone is enough where it is unique among them (the email shows under the dropdown once
// linked); where two share a name, their emails tell them apart.
func (row *StaffRow) choices(r staff.Row, free []staff.Option) []string {
	opts := free
	if r.Member.Linked() {
		opts = append([]staff.Option{r.XPM}, free...)
	}
	names := map[string]int{}
	for _, o := range opts {
		names[strings.ToLower(o.Name)]++
	}
	labels := make([]string, 0, len(opts))
	for i, o := range opts {
		l := o.Label
		if o.Name != "" && names[strings.ToLower(o.Name)] == 1 {
			l = o.Name
		}
		if i == 0 && r.Member.Linked() {
			row.current = l
		}
		labels = append(labels, l)
		row.uuidOf[l] = o.UUID
	}
	return labels
}

// canCancelCreate: a creation is planned and not yet sent (once sent, only the next check can say
// whether XPM applied it).
func canCancelCreate(m view.TeamMember) bool {
	return !m.Linked() && !m.CreateDue.IsZero() && m.CreateSentAt.IsZero()
}

func showIf(o fyne.CanvasObject, show bool) {
	if show {
		o.Show()
	} else {
		o.Hide()
	}
}

func statusLook(l staff.Level, m view.TeamMember) (widget.Importance, fyne.Resource) {
	switch l {
	case staff.LevelSuccess:
		return widget.SuccessImportance, theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case staff.LevelWarning:
		if !m.CreateDue.IsZero() || !m.CreateSentAt.IsZero() {
			return widget.WarningImportance, theme.NewWarningThemedResource(theme.HistoryIcon())
		}
		return widget.WarningImportance, theme.NewWarningThemedResource(theme.WarningIcon())
	case staff.LevelDanger:
		return widget.DangerImportance, theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	return widget.MediumImportance, theme.InfoIcon()
}

// say shows what happened in the message line; "" hides it.
func (t *StaffTab) say(text string, imp widget.Importance) {
	t.Message.Importance = imp
	t.Message.SetText(text)
	if text == "" {
		t.Message.Hide()
	} else {
		t.Message.Show()
	}
}

// act runs one change off the UI goroutine, then says how it went and reloads the table.
func (t *StaffTab) act(work func(ctx context.Context) (string, error), failed string) {
	background(t.bg, func() (string, error) { return work(t.ctx) }, func(done string, err error) {
		t.shape = "" // rebuild: a failed choice must not stay shown in its dropdown
		if err != nil {
			slog.Warn("staff linking", "action", failed, "err", err)
			t.say(failed+": "+err.Error(), widget.DangerImportance)
		} else {
			t.say(done, widget.SuccessImportance)
		}
		t.Reload()
	})
}

func (t *StaffTab) onChoose(row *StaffRow, label string) {
	uuid, ok := row.uuidOf[label]
	if !ok || label == row.current {
		return
	}
	name := row.member.Name
	t.act(func(ctx context.Context) (string, error) {
		if err := t.core.Link(ctx, row.ID, uuid); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is linked to XPM staff %s.", name, label), nil
	}, "Could not link "+name)
}

func (t *StaffTab) onUnlink(row *StaffRow) {
	name := row.member.Name
	t.act(func(ctx context.Context) (string, error) {
		if err := t.core.Unlink(ctx, row.ID); err != nil {
			return "", err
		}
		return fmt.Sprintf("%s is no longer linked. Their Partner and Manager roles stop syncing until you link them again.", name), nil
	}, "Could not unlink "+name)
}

func (t *StaffTab) onLinkAll() {
	t.act(func(ctx context.Context) (string, error) {
		n, err := t.core.LinkAllByEmail(ctx)
		switch {
		case err != nil:
			return "", err
		case n == 0:
			return "Nobody new to link: no unlinked team member shares an email with exactly one unlinked XPM staff member.", nil
		case n == 1:
			return "Linked 1 team member by email.", nil
		}
		return fmt.Sprintf("Linked %d team members by email.", n), nil
	}, "Could not link by email")
}

func (t *StaffTab) onAsk(q string) {
	background(t.bg, func() (string, error) { return t.core.Explain(t.ctx, q) }, func(s string, err error) {
		if err != nil {
			s = "Could not look that up: " + err.Error()
		}
		t.Answer.Importance = widget.MediumImportance
		if q == "" {
			t.Answer.Importance = widget.LowImportance
		}
		t.Answer.SetText(s)
	})
}

// notConnected turns ErrNotConnected into what to do.
func notConnected(err error) string {
	if problem.NotConnected(err) {
		return "Not connected to XPM, so this list is from the last sync. Connect on the Connection tab to see staff added since."
	}
	return "XPM did not answer, so this is the staff list from the last sync. " + problem.Words(err)
}
