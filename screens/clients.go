package screens

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// ClientsSource is what the Clients tab reads.
type ClientsSource interface {
	ClientRows(ctx context.Context, q store.RowQuery) ([]store.ClientRow, error)
	Client(ctx context.Context, id int64) (store.LocalClient, error)
	XPMClientByUUID(ctx context.Context, uuid string) (store.XPMClient, error)
}

// ClientsTab lists local clients and XPM clients not yet imported, with search as you type.
type ClientsTab struct {
	src ClientsSource

	Search *widget.Entry
	List   *widget.List
	Count  *widget.Label
	Detail *widget.Label // the chosen client's fields

	rows    []store.ClientRow
	loadSeq atomic.Int64 // drops results of searches overtaken by newer keystrokes
	loaded  func()       // test hook: called on the UI goroutine after each load
	content fyne.CanvasObject
}

// NewClientsTab builds the Clients tab.
func NewClientsTab(src ClientsSource) *ClientsTab {
	t := &ClientsTab{src: src}
	t.Search = widget.NewEntry()
	t.Search.SetPlaceHolder("Search name, email, phone, contact or client code")
	t.Search.OnChanged = t.onSearchChanged
	t.Count = widget.NewLabel("")
	t.List = widget.NewList(t.rowCount, t.newRow, t.updateRow)
	t.List.OnSelected = t.onSelected
	t.Detail = widget.NewLabel("Choose a client on the left to see its details.")
	t.Detail.Wrapping = fyne.TextWrapWord
	left := container.NewBorder(container.NewVBox(t.Search, t.Count), nil, nil, nil, t.List)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(t.Detail)))
	split.Offset = 0.4
	t.content = split
	return t
}

// Content is the tab's root object.
func (t *ClientsTab) Content() fyne.CanvasObject { return t.content }

// Rows is what the list shows now.
func (t *ClientsTab) Rows() []store.ClientRow { return t.rows }

// Reload runs the current search again (after a sync, for instance).
func (t *ClientsTab) Reload() { t.onSearchChanged(t.Search.Text) }

func (t *ClientsTab) onSearchChanged(text string) {
	seq := t.loadSeq.Add(1)
	background(func() ([]store.ClientRow, error) {
		return t.src.ClientRows(context.Background(), store.RowQuery{Text: text})
	}, func(rows []store.ClientRow, err error) {
		if seq != t.loadSeq.Load() {
			return
		}
		if err != nil {
			t.Count.SetText("Could not search the clients: " + err.Error())
			return
		}
		t.rows = rows
		t.List.UnselectAll()
		t.List.Refresh()
		t.Count.SetText(countText(len(rows), text))
		if t.loaded != nil {
			t.loaded()
		}
	})
}

func countText(n int, query string) string {
	switch {
	case n == 0 && strings.TrimSpace(query) == "":
		return "No clients yet — connect to XPM on the Connection tab and sync."
	case n == 0:
		return "No client matches “" + query + "”."
	case n == 1:
		return "1 client"
	default:
		return fmt.Sprintf("%s clients", thousands(n))
	}
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func (t *ClientsTab) rowCount() int { return len(t.rows) }

func (t *ClientsTab) newRow() fyne.CanvasObject {
	name := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	name.Truncation = fyne.TextTruncateEllipsis
	sub := widget.NewLabel("")
	sub.Truncation = fyne.TextTruncateEllipsis
	sub.Importance = widget.LowImportance
	badge := widget.NewLabel("")
	icon := widget.NewIcon(nil)
	return container.NewBorder(nil, nil, nil, container.NewHBox(badge, icon), container.NewVBox(name, sub))
}

func (t *ClientsTab) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(t.rows) {
		return
	}
	r := t.rows[i]
	box := o.(*fyne.Container)
	texts := box.Objects[0].(*fyne.Container)
	texts.Objects[0].(*widget.Label).SetText(r.Name)
	texts.Objects[1].(*widget.Label).SetText(joinNonEmpty(" · ", r.Email, r.Phone))
	right := box.Objects[1].(*fyne.Container)
	badge, icon := right.Objects[0].(*widget.Label), right.Objects[1].(*widget.Icon)
	badge.SetText(rowBadge(r))
	switch {
	case r.Kind == store.KindXPM:
		icon.SetResource(theme.DownloadIcon())
	case r.Review != "":
		icon.SetResource(theme.WarningIcon())
	case r.Linked():
		icon.SetResource(theme.ConfirmIcon())
	default:
		icon.SetResource(nil)
	}
}

func rowBadge(r store.ClientRow) string {
	switch {
	case r.Kind == store.KindXPM:
		return "XPM client"
	case r.Gone || r.Deleted:
		return "deleted in XPM"
	case r.Archived:
		return "archived in XPM"
	case r.Review != "":
		return r.Review
	case r.Linked():
		return "linked"
	}
	return ""
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
	if i >= len(t.rows) {
		return
	}
	r := t.rows[i]
	background(func() (model.Client, error) {
		if r.Kind == store.KindLocal {
			lc, err := t.src.Client(context.Background(), r.ID)
			return lc.Client, err
		}
		x, err := t.src.XPMClientByUUID(context.Background(), r.XPMUUID)
		return x.Client, err
	}, func(c model.Client, err error) {
		if err != nil {
			t.Detail.SetText("Could not read this client: " + err.Error())
			return
		}
		t.Detail.SetText(detailText(c))
	})
}

func detailText(c model.Client) string {
	var b strings.Builder
	b.WriteString(c.Name + "\n\n")
	for _, f := range model.ClientFields {
		if v := f.Get(&c); v != "" {
			if f.Class == model.ClassStaffRole {
				continue
			}
			fmt.Fprintf(&b, "%s: %s\n", f.Label, v)
		}
	}
	if len(c.Contacts) > 0 {
		b.WriteString("\nContacts\n")
		for _, k := range c.Contacts {
			fmt.Fprintf(&b, "• %s\n", joinNonEmpty(" · ", k.Name, k.Email, k.Mobile, k.Phone))
		}
	}
	return b.String()
}
