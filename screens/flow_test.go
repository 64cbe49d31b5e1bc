package screens

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A row of actions wraps in a narrow pane: every button stays whole and inside the width.
func TestFlowWrapsButtonsInsideTheWidth(t *testing.T) {
	test.NewTempApp(t)
	var objs []fyne.CanvasObject
	for _, l := range []string{"Edit", "Disconnect", "Sync differences (2)", "Refresh", "Open in XPM", "Import items from XPM", "Review new items"} {
		objs = append(objs, widget.NewButton(l, nil))
	}
	hidden := widget.NewButton("Create in XPM", nil)
	hidden.Hide()
	box := newFlow(append(objs, hidden)...)
	box.Resize(fyne.NewSize(400, box.MinSize().Height))
	lines := map[float32]bool{}
	for _, o := range objs {
		if o.Position().X+o.Size().Width > 400 || o.Size().Width < o.MinSize().Width {
			t.Fatalf("%q at %v size %v is cut off in 400 px", o.(*widget.Button).Text, o.Position(), o.Size())
		}
		lines[o.Position().Y] = true
	}
	if len(lines) < 3 {
		t.Fatalf("buttons on %d lines in 400 px; want them wrapped", len(lines))
	}
	if h := box.MinSize().Height; h < 3*objs[0].MinSize().Height {
		t.Fatalf("min height %v does not make room for the wrapped lines", h)
	}
}
