package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// viewMenu lists the tabs with Ctrl/Cmd+1…5 and the client search with Ctrl/Cmd+F. The keys are
// menu shortcuts rather than canvas ones because Fyne hands a shortcut to the focused text box
// first, which swallows it; a menu shortcut is looked up before that, so Ctrl+4 works while the
// cursor is in any entry.
func (w *Window) viewMenu() *fyne.Menu {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5}
	items := make([]*fyne.MenuItem, 0, len(keys)+2)
	for i, k := range keys {
		id := tabConnection + tabID(i)
		it := fyne.NewMenuItem(id.title(), func() { w.showTab(id) })
		it.Shortcut = &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
		items = append(items, it)
	}
	search := fyne.NewMenuItem("Search clients", w.focusSearch)
	search.Shortcut = &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}
	return fyne.NewMenu("View", append(items, fyne.NewMenuItemSeparator(), search)...)
}

func (w *Window) focusSearch() {
	w.showTab(tabClients)
	w.Win.Canvas().Focus(w.Clients.Search)
}
