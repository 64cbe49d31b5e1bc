package screens

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/importer"
	"xpmsync/core/view"
	"xpmsync/core/words"
)

// ImportReviewer is what the review screen needs (*importer.Importer).
type ImportReviewer interface {
	Pending(ctx context.Context, clientID int64) ([]view.ImportItem, error)
	Import(ctx context.Context, itemID int64, f importer.Form) error
	Ignore(ctx context.Context, itemIDs ...int64) (int, error)
	LinkChoices(ctx context.Context, itemID int64) ([]importer.Choice, error)
	Link(ctx context.Context, itemID, localID int64) error
}

// ImportReview lists the people, entities and contacts an XPM import brought for one client
// (or every client), each to Import, Ignore or Link to existing (seed 004's "Review new items").
type ImportReview struct {
	bg Runner // its background work (WithRunner)

	src      ImportReviewer
	clientID int64

	Title          *widget.Label
	Intro          *widget.Label
	SelectAll      *widget.Check
	IgnoreSelected *widget.Button
	Count          *widget.Label
	List           *widget.List
	Done           *fyne.Container // "All items have been dealt with", shown when nothing waits
	Status         *widget.Label   // what the last action did, or why it failed
	Close          *widget.Button

	// Window parents the Import and Link forms.
	Window fyne.Window
	// OnChanged is called after each decision (the app refreshes Integration Progress).
	OnChanged func()
	// OnClose is called by the Close button.
	OnClose func()

	// The open forms, for tests (nil when closed).
	ImportForm *ImportItemForm
	LinkForm   *LinkItemForm

	items    []view.ImportItem
	selected map[int64]bool
	loaded   bool
	content  fyne.CanvasObject
}

// NewImportReview builds the review screen for clientID (0 = every client) named clientName.
func NewImportReview(src ImportReviewer, clientID int64, clientName string, opts ...Option) *ImportReview {
	t := &ImportReview{bg: runnerOf(opts), src: src, clientID: clientID, selected: map[int64]bool{}}
	title := "New items from XPM for " + clientName
	switch {
	case clientID == 0:
		title = "New items from XPM for all clients"
	case clientName == "":
		title = "New items from XPM for this client"
	}
	t.Title = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.Intro = widget.NewLabel("For each person, entity or contact XPM holds: Import adds it to the client here, " +
		"Ignore sets it aside until the next import, and Link to existing replaces one you already recorded here " +
		"with XPM's. If you recorded these people before, link them so nothing is doubled.")
	t.Intro.Wrapping = fyne.TextWrapWord
	t.SelectAll = widget.NewCheck("Select all", t.onSelectAll)
	t.IgnoreSelected = widget.NewButtonWithIcon("Ignore selected items", theme.VisibilityOffIcon(), t.onIgnoreSelected)
	t.IgnoreSelected.Disable()
	t.Count = widget.NewLabel("Reading the items…")
	t.List = widget.NewList(t.rowCount, t.newRow, t.updateRow)
	t.Status = widget.NewLabel("")
	t.Status.Wrapping = fyne.TextWrapWord
	t.Close = widget.NewButton("Close", t.onClose)

	doneIcon := widget.NewIcon(theme.NewSuccessThemedResource(theme.ConfirmIcon()))
	doneHead := widget.NewLabelWithStyle("All items have been dealt with", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	doneHead.Importance = widget.SuccessImportance
	doneBody := widget.NewLabelWithStyle("Everything XPM brought is imported, linked or ignored. Imported and linked people "+
		"are on the client's record; ignored ones come back the next time you import from XPM.", fyne.TextAlignCenter, fyne.TextStyle{})
	doneBody.Wrapping = fyne.TextWrapWord
	t.Done = container.NewCenter(container.NewGridWrap(fyne.NewSize(520, 150),
		container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSquareSize(48), doneIcon)), doneHead, doneBody)))
	t.Done.Hide()

	toolbar := container.NewHBox(t.SelectAll, t.IgnoreSelected, layout.NewSpacer(), t.Count)
	head := container.NewVBox(t.Title, t.Intro, widget.NewSeparator(), toolbar)
	foot := container.NewBorder(nil, nil, nil, t.Close, t.Status)
	t.content = container.NewBorder(head, foot, nil, nil, container.NewStack(t.List, t.Done))
	return t
}

// Content is the screen's root object.
func (t *ImportReview) Content() fyne.CanvasObject { return t.content }

// Items are the items the list shows now.
func (t *ImportReview) Items() []view.ImportItem { return t.items }

// Loaded reports whether the list has been read at least once.
func (t *ImportReview) Loaded() bool { return t.loaded }

// Reload reads the waiting items again.
func (t *ImportReview) Reload() {
	background(t.bg, func() ([]view.ImportItem, error) {
		return t.src.Pending(context.Background(), t.clientID)
	}, t.applyItems)
}

func (t *ImportReview) applyItems(items []view.ImportItem, err error) {
	if err != nil {
		t.Count.SetText("")
		t.setStatus("Could not read the items to review: "+err.Error()+". Close this window and open it again.", widget.DangerImportance)
		return
	}
	t.items, t.loaded = items, true
	keep := map[int64]bool{}
	for _, it := range items {
		if t.selected[it.ID] {
			keep[it.ID] = true
		}
	}
	t.selected = keep
	t.List.UnselectAll()
	t.List.Refresh()
	t.refreshSelection()
	if len(items) == 0 {
		t.Count.SetText("")
		t.List.Hide()
		t.Done.Show()
		t.SelectAll.Hide()
		t.IgnoreSelected.Hide()
		return
	}
	t.Done.Hide()
	t.List.Show()
	t.SelectAll.Show()
	t.IgnoreSelected.Show()
	t.Count.SetText(itemCount(len(items)))
}

func itemCount(n int) string {
	if n == 1 {
		return "1 item to review"
	}
	return words.Thousands(n) + " items to review"
}

func (t *ImportReview) rowCount() int { return len(t.items) }

func (t *ImportReview) newRow() fyne.CanvasObject {
	check := widget.NewCheck("", nil)
	icon := widget.NewIcon(theme.AccountIcon())
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	sub.Importance = widget.LowImportance
	imp := widget.NewButtonWithIcon("Import", theme.DownloadIcon(), nil)
	ign := widget.NewButtonWithIcon("Ignore", theme.VisibilityOffIcon(), nil)
	link := widget.NewButtonWithIcon("Link to existing", theme.MailAttachmentIcon(), nil)
	left := container.NewHBox(check, icon)
	// Centred so the buttons keep their own height in a two-line row.
	right := container.NewCenter(container.NewHBox(imp, ign, link))
	return container.NewBorder(nil, nil, left, right, container.NewVBox(name, sub))
}

func (t *ImportReview) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(t.items) {
		return
	}
	it := t.items[i]
	box := o.(*fyne.Container)
	texts := box.Objects[0].(*fyne.Container)
	left := box.Objects[1].(*fyne.Container)
	right := box.Objects[2].(*fyne.Container).Objects[0].(*fyne.Container)
	check, icon := left.Objects[0].(*widget.Check), left.Objects[1].(*widget.Icon)
	check.OnChanged = nil // setting the state of a recycled row must not count as a tap
	check.SetChecked(t.selected[it.ID])
	check.OnChanged = func(on bool) { t.SetSelected(i, on) }
	if it.Kind == view.ItemContact {
		icon.SetResource(theme.MailComposeIcon())
	} else {
		icon.SetResource(theme.AccountIcon())
	}
	texts.Objects[0].(*widget.Label).SetText(it.Name)
	texts.Objects[1].(*widget.Label).SetText(t.subLine(it))
	right.Objects[0].(*widget.Button).OnTapped = func() { t.OpenImport(i) }
	right.Objects[1].(*widget.Button).OnTapped = func() { t.IgnoreItem(i) }
	right.Objects[2].(*widget.Button).OnTapped = func() { t.OpenLink(i) }
}

func (t *ImportReview) subLine(it view.ImportItem) string {
	line := importer.Describe(it)
	if t.clientID == 0 {
		return it.ClientName + " · " + line
	}
	return line
}

// SetSelected ticks or unticks row i for "Ignore selected items".
func (t *ImportReview) SetSelected(i int, on bool) {
	if i < 0 || i >= len(t.items) {
		return
	}
	if on {
		t.selected[t.items[i].ID] = true
	} else {
		delete(t.selected, t.items[i].ID)
	}
	t.refreshSelection()
}

// Selected says how many rows are ticked.
func (t *ImportReview) Selected() int { return len(t.selected) }

func (t *ImportReview) refreshSelection() {
	n := len(t.selected)
	if n == 0 {
		t.IgnoreSelected.SetText("Ignore selected items")
		t.IgnoreSelected.Disable()
	} else {
		t.IgnoreSelected.SetText(fmt.Sprintf("Ignore selected items (%d)", n))
		t.IgnoreSelected.Enable()
	}
	all := n > 0 && n == len(t.items)
	if t.SelectAll.Checked != all {
		f := t.SelectAll.OnChanged
		t.SelectAll.OnChanged = nil
		t.SelectAll.SetChecked(all)
		t.SelectAll.OnChanged = f
	}
}

func (t *ImportReview) onSelectAll(on bool) {
	t.selected = map[int64]bool{}
	if on {
		for _, it := range t.items {
			t.selected[it.ID] = true
		}
	}
	t.List.Refresh()
	t.refreshSelection()
}

func (t *ImportReview) onIgnoreSelected() {
	var ids []int64
	for _, it := range t.items {
		if t.selected[it.ID] {
			ids = append(ids, it.ID)
		}
	}
	t.ignore(ids)
}

// IgnoreItem sets row i aside until the next import.
func (t *ImportReview) IgnoreItem(i int) {
	if i < 0 || i >= len(t.items) {
		return
	}
	t.ignore([]int64{t.items[i].ID})
}

func (t *ImportReview) ignore(ids []int64) {
	if len(ids) == 0 {
		return
	}
	t.IgnoreSelected.Disable()
	background(t.bg, func() (int, error) {
		return t.src.Ignore(context.Background(), ids...)
	}, func(n int, err error) {
		if err != nil {
			t.setStatus("Nothing was ignored: "+err.Error()+". Try again.", widget.DangerImportance)
			t.refreshSelection()
			return
		}
		msg := "Ignored 1 item; it comes back the next time you import from XPM."
		if n != 1 {
			msg = fmt.Sprintf("Ignored %d items; they come back the next time you import from XPM.", n)
		}
		t.decided(msg, widget.MediumImportance)
	})
}

// decided says what happened, reloads the list and tells the app.
func (t *ImportReview) decided(msg string, imp widget.Importance) {
	t.setStatus(msg, imp)
	t.Reload()
	if t.OnChanged != nil {
		t.OnChanged()
	}
}

func (t *ImportReview) setStatus(msg string, imp widget.Importance) {
	t.Status.Importance = imp
	t.Status.SetText(msg)
}

func (t *ImportReview) onClose() {
	if t.OnClose != nil {
		t.OnClose()
	}
}

func (t *ImportReview) window() fyne.Window {
	if t.Window != nil {
		return t.Window
	}
	if ws := fyne.CurrentApp().Driver().AllWindows(); len(ws) > 0 {
		return ws[0]
	}
	return nil
}

// formError turns an importer error into words for a form (the form stays open to fix it).
func formError(err error) string {
	var inUse *importer.EmailInUseError
	switch {
	case errors.As(err, &inUse):
		return inUse.Error()
	case errors.Is(err, importer.ErrNameNeeded), errors.Is(err, importer.ErrEmailNeeded), errors.Is(err, importer.ErrEmailInvalid),
		errors.Is(err, importer.ErrNotLinkable):
		for _, e := range []error{importer.ErrNameNeeded, importer.ErrEmailNeeded, importer.ErrEmailInvalid, importer.ErrNotLinkable} {
			if errors.Is(err, e) {
				s := e.Error()
				return strings.ToUpper(s[:1]) + s[1:] + "."
			}
		}
	case errors.Is(err, view.ErrDecided):
		return "This item was already dealt with (perhaps in another window). Close this form; the list shows what still waits."
	}
	return "Not saved: " + err.Error() + ". Try again."
}
