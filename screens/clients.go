package screens

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/view"
	"xpmsync/core/words"
)

// pageSize is how many list rows are read at once as the list scrolls.
const pageSize = 200

// Filter choices, in the order the filter menu shows them.
var clientFilters = []struct {
	label  string
	filter view.RowFilter
}{
	{"All clients", view.FilterAll},
	{"Local clients", view.FilterLocal},
	{"XPM clients not imported", view.FilterXPMOnly},
	{"Linked to XPM", view.FilterLinked},
	{"Not linked", view.FilterNotLinked},
	{"Has differences", view.FilterDifferences},
	{"Needs a look", view.FilterReview},
	{"Conflict", view.FilterConflict},
	{"Invalid data", view.FilterInvalid},
	{"Archived or deleted in XPM", view.FilterArchived},
	{dataProblems, view.FilterAll}, // opens the Data health view (clients_health.go)
}

const (
	sortByName    = "Sort by name"
	sortByChanged = "Sort by last change"
	anyoneOrGroup = "Any partner, manager or group"
)

// ClientsTab lists local clients and XPM clients not yet imported (search as you type,
// filters, sort) beside the chosen client's detail, links and differences.
type ClientsTab struct {
	bg Runner // its background work (WithRunner)

	be     ClientsBackend
	win    fyne.Window
	openFn func(*url.URL) error

	// OnImportItems and OnReviewItems start a seed-004 import of a linked client's details,
	// relationships and contacts, and open its review; the buttons show only when set.
	OnImportItems func(clientID int64)
	OnReviewItems func(clientID int64)

	Search   *SearchEntry
	Filter   *widget.Select
	Narrow   *widget.Select // partner, manager or group
	Sort     *widget.Select
	Count    *widget.Label
	List     *widget.List
	AddBtn   *widget.Button
	Export   *widget.Button
	Matches  *widget.Button // "Resolve matches (N)"
	Detail   *ClientDetail
	narrowTo map[string]view.RowQuery

	editDlg    *EditDialog
	connectDlg *ConnectDialog
	syncDlg    *SyncDialog
	dupDlg     *DuplicatesDialog
	changedDlg *ChangedDialog
	likelyDlg  *LikelyDialog
	health     *HealthView       // shown in place of the list by the "Data problems" filter
	main       fyne.CanvasObject // the list and detail
	stack      *fyne.Container

	base     view.ClientList // the list for the filter and sort, before what is typed narrows it
	baseQ    view.RowQuery
	baseOK   bool
	keys     []view.RowKey
	pages    map[int][]view.ClientRow
	loading  map[int]bool
	gen      int // bumps when keys change, so late page loads are dropped
	selected int
	loadSeq  atomic.Int64 // drops results of searches overtaken by newer keystrokes
	loaded   func()       // test hook: called on the UI goroutine after each load
	content  fyne.CanvasObject
}

// NewClientsTab builds the Clients tab.
func NewClientsTab(be ClientsBackend, opts ...Option) *ClientsTab {
	t := &ClientsTab{bg: runnerOf(opts), be: be, pages: map[int][]view.ClientRow{}, loading: map[int]bool{}, selected: -1}
	t.Search = newSearchEntry(t)
	t.Search.SetPlaceHolder("Search name, email, phone, contact or client code  (Ctrl+F)")
	t.Search.OnChanged = t.onQueryChanged
	labels := make([]string, len(clientFilters))
	for i, f := range clientFilters {
		labels[i] = f.label
	}
	t.Filter = widget.NewSelect(labels, t.onQueryChanged)
	t.Filter.SetSelectedIndex(0)
	t.Narrow = widget.NewSelect([]string{anyoneOrGroup}, t.onQueryChanged)
	t.Narrow.SetSelectedIndex(0)
	t.Sort = widget.NewSelect([]string{sortByName, sortByChanged}, t.onQueryChanged)
	t.Sort.SetSelectedIndex(0)
	t.Count = widget.NewLabel("")
	t.List = widget.NewList(t.rowCount, t.newRow, t.updateRow)
	t.List.OnSelected = t.onSelected
	t.AddBtn = widget.NewButtonWithIcon("Add client", theme.ContentAddIcon(), t.onAdd)
	t.Export = widget.NewButtonWithIcon("Export CSV", theme.DocumentSaveIcon(), t.onExport)
	t.Matches = widget.NewButtonWithIcon("Resolve matches", theme.SearchReplaceIcon(), t.onResolveMatches)
	t.Matches.Hide()
	t.Detail = newClientDetail(t)

	filters := container.NewGridWithColumns(3, t.Filter, t.Narrow, t.Sort)
	actions := container.NewHBox(t.AddBtn, t.Export, t.Matches)
	top := container.NewVBox(t.Search, filters, container.NewBorder(nil, nil, nil, actions, t.Count))
	left := container.NewBorder(top, nil, nil, nil, t.List)
	split := container.NewHSplit(left, t.Detail.content)
	split.Offset = 0.38
	t.main, t.stack = split, container.NewStack(split)
	t.content = t.stack
	return t
}

// Content is the tab's root object.
func (t *ClientsTab) Content() fyne.CanvasObject { return t.content }

// SetWindow gives the tab the window its dialogs belong to.
func (t *ClientsTab) SetWindow(w fyne.Window) { t.win = w }

// SetOpenURL replaces how "Open in XPM" opens a web page (tests).
func (t *ClientsTab) SetOpenURL(fn func(*url.URL) error) { t.openFn = fn }

func (t *ClientsTab) window() fyne.Window {
	if t.win != nil {
		return t.win
	}
	if ws := fyne.CurrentApp().Driver().AllWindows(); len(ws) > 0 {
		return ws[0]
	}
	return nil
}

// Query is the list query the search box, filter, narrowing and sort make together.
func (t *ClientsTab) Query() view.RowQuery {
	q := view.RowQuery{Text: t.Search.Text}
	if i := t.Filter.SelectedIndex(); i >= 0 {
		q.Filter = clientFilters[i].filter
	}
	if n, ok := t.narrowTo[t.Narrow.Selected]; ok {
		q.PartnerID, q.ManagerID, q.Group = n.PartnerID, n.ManagerID, n.Group
	}
	if t.Sort.Selected == sortByChanged {
		q.SortBy = "changed"
	}
	return q
}

// Reload runs the current search again and works out the filter choices and link suggestions
// afresh (after a sync, for instance).
func (t *ClientsTab) Reload() {
	t.baseOK = false
	t.reloadChoices(true)
	t.onQueryChanged("")
	// The chosen client's views (contacts, status line, Groups & staff) change too when an
	// import or a sync changed it; without this they stayed stale until it was chosen again.
	t.Detail.reshow()
}

// ClientChanged shows a local client again when it is the one shown (the outbox sent or could
// not send its changes in the background, so its History and status line moved on).
func (t *ClientsTab) ClientChanged(id int64) {
	if t.Detail.cur.Key == (view.RowKey{Kind: view.KindLocal, ID: id}) {
		t.Detail.reshow()
	}
}

// reloadAfterAction runs the search again after an action in this tab; suggestions are only
// re-read, since working them out again reads every client.
func (t *ClientsTab) reloadAfterAction() {
	t.baseOK = false
	t.reloadChoices(false)
	t.onQueryChanged("")
}

type tabChoices struct {
	fc             view.FilterChoices
	exact, partial int
}

func (t *ClientsTab) reloadChoices(recompute bool) {
	background(t.bg, func() (tabChoices, error) {
		ctx := context.Background()
		fc, err := t.be.ClientFilterChoices(ctx)
		if err != nil {
			return tabChoices{}, err
		}
		if recompute {
			ex, part, err := t.be.RefreshSuggestions(ctx)
			return tabChoices{fc, ex, part}, err
		}
		open, err := t.be.Suggestions(ctx, "")
		return tabChoices{fc: fc, exact: len(open)}, err
	}, func(c tabChoices, err error) {
		if err != nil {
			t.Count.SetText("Could not read the clients: " + err.Error())
			return
		}
		opts := []string{anyoneOrGroup}
		t.narrowTo = map[string]view.RowQuery{}
		for _, m := range c.fc.Partners {
			k := "Partner: " + m.Name
			opts, t.narrowTo[k] = append(opts, k), view.RowQuery{PartnerID: m.ID}
		}
		for _, m := range c.fc.Managers {
			k := "Manager: " + m.Name
			opts, t.narrowTo[k] = append(opts, k), view.RowQuery{ManagerID: m.ID}
		}
		for _, g := range c.fc.Groups {
			k := "Group: " + g
			opts, t.narrowTo[k] = append(opts, k), view.RowQuery{Group: g}
		}
		cur := t.Narrow.Selected
		t.Narrow.Options = opts
		if _, ok := t.narrowTo[cur]; !ok {
			t.Narrow.Selected = anyoneOrGroup
		}
		t.Narrow.Refresh()
		if n := c.exact + c.partial; n > 0 {
			t.Matches.SetText(fmt.Sprintf("Resolve matches (%d)", n))
			t.Matches.Show()
		} else {
			t.Matches.Hide()
		}
	})
}

type listResult struct {
	base view.ClientList
	keys []view.RowKey
}

// onQueryChanged runs on every keystroke and filter change. A keystroke only narrows the list
// already loaded for the filter and sort (one read of the search index); a new filter or sort
// loads that list first.
func (t *ClientsTab) onQueryChanged(string) {
	if t.Count == nil || t.Sort == nil || t.Narrow == nil {
		return // still being built
	}
	if t.showHealthIfChosen() {
		return
	}
	q := t.Query()
	bq := q
	bq.Text = ""
	base, reuse := t.base, t.baseOK && bq == t.baseQ
	seq := t.loadSeq.Add(1)
	background(t.bg, func() (listResult, error) {
		ctx := context.Background()
		if !reuse {
			var err error
			if base, err = t.be.ClientList(ctx, bq); err != nil {
				return listResult{}, err
			}
		}
		keys, err := t.be.NarrowList(ctx, base, q.Text)
		return listResult{base, keys}, err
	}, func(r listResult, err error) {
		if seq != t.loadSeq.Load() {
			return
		}
		if err != nil {
			t.Count.SetText("Could not search the clients: " + err.Error())
			return
		}
		t.base, t.baseQ, t.baseOK = r.base, bq, true
		t.setKeys(r.keys, q)
		if t.loaded != nil {
			t.loaded()
		}
	})
}

func (t *ClientsTab) setKeys(keys []view.RowKey, q view.RowQuery) {
	var keep view.RowKey
	hadSel := t.selected >= 0 && t.selected < len(t.keys)
	if hadSel {
		keep = t.keys[t.selected]
	}
	t.keys, t.pages, t.loading = keys, map[int][]view.ClientRow{}, map[int]bool{}
	t.gen++
	t.selected = -1
	t.List.UnselectAll()
	for i, k := range keys {
		if hadSel && k == keep {
			t.selected = i
			t.List.Select(i) // the shown client stays chosen across reloads
			break
		}
	}
	t.List.Refresh()
	t.Count.SetText(countText(len(keys), q))
}

func countText(n int, q view.RowQuery) string {
	narrowed := q.Filter != view.FilterAll || q.PartnerID != 0 || q.ManagerID != 0 || q.Group != ""
	switch {
	case n == 0 && strings.TrimSpace(q.Text) == "" && !narrowed:
		return "No clients yet — connect to XPM and sync, or add a client."
	case n == 0 && strings.TrimSpace(q.Text) != "":
		return "No client matches “" + q.Text + "”."
	case n == 0:
		return "No client fits this filter — choose “All clients”."
	case n == 1:
		return "1 client"
	default:
		return words.Count(n, "client")
	}
}

// Rows reads every row the list shows now, in order (tests and checks; the list itself reads
// only the pages it displays).
func (t *ClientsTab) Rows() []view.ClientRow {
	rows, err := t.be.ClientRowsByKeys(context.Background(), t.keys)
	if err != nil {
		return nil
	}
	return rows
}

// Keys are the rows the list shows now.
func (t *ClientsTab) Keys() []view.RowKey { return t.keys }

func (t *ClientsTab) rowCount() int { return len(t.keys) }

// row returns list row i when its page is loaded, asking for the page otherwise.
func (t *ClientsTab) row(i int) (view.ClientRow, bool) {
	p := i / pageSize
	if rows, ok := t.pages[p]; ok {
		return rows[i-p*pageSize], true
	}
	t.loadPage(p)
	rows, ok := t.pages[p] // a waiting Runner has finished the load by this line
	if !ok {
		return view.ClientRow{}, false
	}
	return rows[i-p*pageSize], true
}

func (t *ClientsTab) loadPage(p int) {
	if t.loading[p] {
		return
	}
	t.loading[p] = true
	gen := t.gen
	keys := t.keys[p*pageSize : min(len(t.keys), (p+1)*pageSize)]
	background(t.bg, func() ([]view.ClientRow, error) {
		return t.be.ClientRowsByKeys(context.Background(), keys)
	}, func(got []view.ClientRow, err error) {
		if gen != t.gen {
			return
		}
		delete(t.loading, p)
		if err != nil {
			t.Count.SetText("Could not read the clients: " + err.Error())
			return
		}
		byKey := make(map[view.RowKey]view.ClientRow, len(got))
		for _, r := range got {
			byKey[r.Key()] = r
		}
		rows := make([]view.ClientRow, len(keys))
		for i, k := range keys {
			r, ok := byKey[k]
			if !ok {
				r = view.ClientRow{Kind: k.Kind, ID: k.ID, XPMUUID: k.XPMUUID, Name: "(no longer here — reload)"}
			}
			rows[i] = r
		}
		t.pages[p] = rows
		if !t.bg.Waits() {
			t.List.Refresh()
		}
	})
}

func (t *ClientsTab) newRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	sub.Importance = widget.LowImportance
	badge := widget.NewLabel("")
	icon := widget.NewIcon(nil)
	return container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(badge, icon)), container.NewVBox(name, sub))
}

func (t *ClientsTab) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(t.keys) {
		return
	}
	box := o.(*fyne.Container)
	texts := box.Objects[0].(*fyne.Container)
	right := box.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
	name, sub := texts.Objects[0].(*widget.Label), texts.Objects[1].(*widget.Label)
	badge, icon := right.Objects[0].(*widget.Label), right.Objects[1].(*widget.Icon)
	r, ok := t.row(i)
	if !ok {
		name.SetText("…")
		sub.SetText("")
		badge.SetText("")
		icon.SetResource(nil)
		return
	}
	name.SetText(r.Name)
	sub.SetText(joinNonEmpty(" · ", r.Code, r.Email, r.Phone)) // the code tells same-named clients apart
	text, imp, res := rowBadge(r)
	badge.Importance = imp
	badge.SetText(text)
	icon.SetResource(res)
}

// rowBadge is the small mark on the right of a row: what a bookkeeper should notice first.
func rowBadge(r view.ClientRow) (string, widget.Importance, fyne.Resource) {
	switch {
	case r.Kind == view.KindXPM && (r.Gone || r.Deleted):
		return "XPM client, deleted there", widget.LowImportance, theme.DeleteIcon()
	case r.Kind == view.KindXPM && r.Archived:
		// Why it was not imported: import-all leaves XPM's archived clients out.
		return "XPM client, archived there", widget.LowImportance, theme.FolderIcon()
	case r.Kind == view.KindXPM:
		return "XPM client", widget.LowImportance, theme.DownloadIcon()
	case r.Gone || r.Deleted:
		return "deleted in XPM", widget.LowImportance, theme.DeleteIcon()
	case r.Archived:
		return "archived in XPM", widget.LowImportance, theme.FolderIcon()
	case r.Review == "conflict":
		return "conflict", widget.WarningImportance, theme.WarningIcon()
	case r.Review != "":
		return r.Review, widget.DangerImportance, theme.ErrorIcon()
	case r.Differs:
		return "differs", widget.DangerImportance, theme.NewErrorThemedResource(theme.RadioButtonCheckedIcon())
	case r.Linked():
		return "linked", widget.SuccessImportance, theme.ConfirmIcon()
	}
	return "", widget.MediumImportance, nil
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

func (t *ClientsTab) onSelected(i widget.ListItemID) {
	if i < 0 || i >= len(t.keys) {
		return
	}
	t.selected = i
	t.Detail.show(t.keys[i])
}

// move selects the row delta away from the chosen one (arrow keys in the search box).
func (t *ClientsTab) move(delta int) {
	if len(t.keys) == 0 {
		return
	}
	i := min(max(t.selected+delta, 0), len(t.keys)-1)
	if t.selected < 0 {
		i = 0
	}
	t.List.Select(i)
	t.List.ScrollTo(i)
}

// open is Enter: the chosen local client's edit form, or the import of an XPM client.
func (t *ClientsTab) open() {
	if t.selected < 0 {
		t.move(1)
		return
	}
	if t.keys[t.selected].Kind == view.KindXPM {
		t.Detail.onImport()
		return
	}
	t.Detail.onEdit()
}

// SearchEntry is the search box: typing searches, arrows move in the list, Enter opens.
type SearchEntry struct {
	widget.Entry
	tab *ClientsTab
}

func newSearchEntry(t *ClientsTab) *SearchEntry {
	e := &SearchEntry{tab: t}
	e.ExtendBaseWidget(e)
	return e
}

// TypedKey moves in the list with the arrow keys and opens the chosen client with Enter.
func (e *SearchEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyDown:
		e.tab.move(1)
	case fyne.KeyUp:
		e.tab.move(-1)
	case fyne.KeyReturn, fyne.KeyEnter:
		e.tab.open()
	default:
		e.Entry.TypedKey(k)
	}
}

// TypedShortcut passes the window's own shortcuts (Ctrl/Cmd+1…5 to switch tabs) on to the window:
// a focused entry would otherwise swallow them.
func (e *SearchEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok {
		if w := e.tab.window(); w != nil {
			if h, ok := w.Canvas().(interface{ TypedShortcut(fyne.Shortcut) }); ok {
				h.TypedShortcut(cs)
				return
			}
		}
	}
	e.Entry.TypedShortcut(s)
}

// notify tells the user the outcome of an action in the detail pane's notice line.
func (t *ClientsTab) notify(msg string, imp widget.Importance) {
	t.Detail.Notice.Importance = imp
	t.Detail.Notice.SetText(msg)
	if msg == "" {
		t.Detail.Notice.Hide()
	} else {
		t.Detail.Notice.Show()
	}
}

func ago(ts time.Time) string { return words.Ago(ts, time.Now()) }

// ShowReview lists the clients that need a look: flagged for review (conflicts, deleted,
// archived or merged in XPM) or differing from XPM.
func (t *ClientsTab) ShowReview() {
	for i, f := range clientFilters {
		if f.filter == view.FilterReview {
			t.Filter.SetSelectedIndex(i)
			return
		}
	}
}
