package screens

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xpmsync/core/view"
)

// listDouble is the Clients list with no database: n local clients "Client 0001"…, of which
// those in gone were deleted after the list was made. It serves only the list and its
// choices (ClientLister and LinkSuggester); anything else the tab asked of it would panic.
type listDouble struct {
	ClientsBackend
	n    int
	gone map[int64]bool

	mu    sync.Mutex
	reads [][]view.RowKey // every ClientRowsByKeys call, in order
}

func (d *listDouble) name(id int64) string { return fmt.Sprintf("Client %04d", id) }

func (d *listDouble) ClientList(context.Context, view.RowQuery) (view.ClientList, error) {
	var l view.ClientList
	for id := int64(1); id <= int64(d.n); id++ {
		l.Keys = append(l.Keys, view.RowKey{Kind: view.KindLocal, ID: id})
	}
	return l, nil
}

func (d *listDouble) NarrowList(_ context.Context, l view.ClientList, text string) ([]view.RowKey, error) {
	var out []view.RowKey
	for _, k := range l.Keys {
		if strings.Contains(strings.ToLower(d.name(k.ID)), strings.ToLower(text)) {
			out = append(out, k)
		}
	}
	return out, nil
}

func (d *listDouble) ClientRowsByKeys(_ context.Context, keys []view.RowKey) ([]view.ClientRow, error) {
	d.mu.Lock()
	d.reads = append(d.reads, keys)
	d.mu.Unlock()
	var rows []view.ClientRow
	for _, k := range keys {
		if !d.gone[k.ID] {
			rows = append(rows, view.ClientRow{Kind: k.Kind, ID: k.ID, Name: d.name(k.ID)})
		}
	}
	return rows, nil
}

func (d *listDouble) ClientFilterChoices(context.Context) (view.FilterChoices, error) {
	return view.FilterChoices{Groups: []string{"Monthly"}}, nil
}

func (d *listDouble) RefreshSuggestions(context.Context) (int, int, error) { return 0, 0, nil }

func (d *listDouble) rowsRead() (calls, rows int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, r := range d.reads {
		rows += len(r)
	}
	return len(d.reads), rows
}

func newListTab(t *testing.T, d *listDouble) *ClientsTab {
	t.Helper()
	test.NewTempApp(t)
	tab := NewClientsTab(d, testRun)
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1200, 800))
	tab.SetWindow(w)
	tab.Reload()
	return tab
}

// With 50,000 clients the list must not read them all to show one screenful: it reads the
// page of rows on screen, and the next page only when scrolled to.
func TestClientsListReadsOnlyThePagesOnScreen(t *testing.T) {
	d := &listDouble{n: 1000}
	tab := newListTab(t, d)
	if tab.Count.Text != "1,000 clients" {
		t.Fatalf("count = %q", tab.Count.Text)
	}
	calls, rows := d.rowsRead()
	if calls == 0 || rows > pageSize {
		t.Fatalf("showing the top of the list read %d rows in %d calls, want one page (%d rows) at most", rows, calls, pageSize)
	}
	tab.List.ScrollToBottom()
	_, after := d.rowsRead()
	if after <= rows || after > rows+2*pageSize {
		t.Fatalf("scrolling to the end read %d rows more, want the pages shown there", after-rows)
	}
	if r, ok := tab.row(999); !ok || r.Name != "Client 1000" {
		t.Fatalf("last row = %+v, %v", r, ok)
	}
}

// A client deleted after the list was made keeps its line, saying so, instead of every row
// below it shifting up one (and a click opening the wrong client).
func TestClientsListSaysWhenARowIsGoneSinceTheListWasMade(t *testing.T) {
	d := &listDouble{n: 5, gone: map[int64]bool{3: true}}
	tab := newListTab(t, d)
	var names []string
	for i := range 5 {
		r, ok := tab.row(i)
		if !ok {
			t.Fatalf("row %d not loaded", i)
		}
		names = append(names, r.Name)
	}
	want := "Client 0001|Client 0002|(no longer here — reload)|Client 0004|Client 0005"
	if got := strings.Join(names, "|"); got != want {
		t.Fatalf("rows = %s\nwant   %s", got, want)
	}
	test.Type(tab.Search, "0004")
	if len(tab.Keys()) != 1 || tab.Count.Text != "1 client" {
		t.Fatalf("typing narrowed the list to %v (%q)", tab.Keys(), tab.Count.Text)
	}
}
