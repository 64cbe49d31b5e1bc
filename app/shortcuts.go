package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// addShortcuts binds Ctrl/Cmd+1…5 to the tabs and Ctrl/Cmd+F to the client search.
func (w *Window) addShortcuts() {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5}
	for i, k := range keys {
		w.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
			w.Tabs.SelectIndex(i)
		})
	}
	w.Win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) {
		w.Tabs.SelectIndex(2)
		w.Win.Canvas().Focus(w.Clients.Search)
	})
}
