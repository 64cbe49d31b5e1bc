package screens

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/view"
)

// A row that names a client leads to it: tapping the name opens the client, and the record's
// dialog offers the way too. Rows about no client (a sync, a team member) stay plain.
func TestProgressRowNamingAClientOpensIt(t *testing.T) {
	tab, p, now := newProgressFixture(t)
	if err := p.Store.AddEvent(context.Background(), view.Event{At: now, Kind: "push_sent", ClientID: 42, ClientName: "Kereama Family Trust", Details: "Sent to XPM: Partner"}); err != nil {
		t.Fatal(err)
	}
	var opened []int64
	tab.OnOpenClient = func(id int64) { opened = append(opened, id) }
	tab.Reload()
	if tab.Cell(0, 2) != "Kereama Family Trust" {
		t.Fatalf("first row client = %q", tab.Cell(0, 2))
	}
	tab.Table.Select(widget.TableCellID{Row: 0, Col: 2})
	if len(opened) != 1 || opened[0] != 42 {
		t.Fatalf("tapping the client's name opened %v", opened)
	}
	tab.Table.Select(widget.TableCellID{Row: 0, Col: 4})
	if tab.OpenClient == nil || tab.OpenClient.Text != "Open Kereama Family Trust" {
		t.Fatal("the record dialog has no way to the client")
	}
	test.Tap(tab.OpenClient)
	if len(opened) != 2 || opened[1] != 42 {
		t.Fatalf("Open in the dialog opened %v", opened)
	}
	// A sync row names no client: it shows its record and opens nothing.
	tab.Table.Select(widget.TableCellID{Row: 1, Col: 2})
	if len(opened) != 2 {
		t.Fatalf("a row without a client opened %v", opened)
	}
}

// At the smallest window (900×600) nothing in the tab forces the window wider, and the longest
// action name fits its column.
func TestProgressFitsTheSmallestWindow(t *testing.T) {
	tab, p, now := newProgressFixture(t)
	if err := p.Store.AddEvent(context.Background(), view.Event{At: now, Kind: "staff_linked", ClientName: "Ana Smith", Details: "Ana Smith imported from XPM and linked"}); err != nil {
		t.Fatal(err)
	}
	tab.Reload()
	if w := tab.Content().MinSize().Width; w > 880 {
		t.Fatalf("the tab needs %v px: the window cannot be 900 wide", w)
	}
	tab.Content().Resize(fyne.NewSize(880, 560))
	widths := tab.columnWidths(tab.Table.Size().Width)
	need := fyne.MeasureText("Team member linked to XPM staff", 14, fyne.TextStyle{}).Width
	if widths[1] < need {
		t.Fatalf("Action column %v px for a %v px name", widths[1], need)
	}
	var sum float32
	for _, w := range widths {
		sum += w
	}
	if sum > 880 {
		t.Fatalf("columns add up to %v px in an 880 px table", sum)
	}
	if !strings.Contains(tab.Legend.Text, "succeeded") || tab.Legend.Wrapping != fyne.TextWrapWord {
		t.Fatalf("legend %q does not wrap", tab.Legend.Text)
	}
}
