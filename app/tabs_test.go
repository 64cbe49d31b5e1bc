package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// Every tab named in code is the tab with that title on screen, in the View menu's order.
func TestTabsAreNamedNotCounted(t *testing.T) {
	test.NewTempApp(t)
	var contents [tabCount]fyne.CanvasObject
	for id := range contents {
		contents[id] = widget.NewLabel("")
	}
	w := &Window{Tabs: newTabs(contents)}
	want := []string{"Connection", "Sync Settings", "Clients", "Staff Linking", "Integration Progress"}
	for id := tabConnection; id < tabCount; id++ {
		w.showTab(id)
		if w.shownTab() != id || w.Tabs.Selected().Text != want[id] || w.Tabs.Items[id].Icon == nil {
			t.Errorf("tab %d shows %q", id, w.Tabs.Selected().Text)
		}
	}
	menu := w.viewMenu()
	for i, title := range want {
		if menu.Items[i].Label != title {
			t.Errorf("View menu item %d is %q", i, menu.Items[i].Label)
		}
	}
}
