// Package screens holds the five tabs of the XPM Sync window, one file per tab (plus small
// companions), and the views they open (import review, data health). Each tab is a struct that
// keeps its widgets (so tests can tap and type) and talks to the engine through small
// interfaces it declares itself. Those interfaces speak core/model and core/view types:
// screens never imports core/store or core/syncer (make lint's tools/importrules checks it);
// app/ wires the concrete services and pins that they fit. A tab does its work off the UI
// goroutine through the Runner it is made with, and shows a failure in core/problem's words.
package screens

import (
	"fmt"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
)

// Tab is what the app needs from every tab.
type Tab interface {
	Content() fyne.CanvasObject
}

// askSaveFile asks where to save a file named name by default and hands the opened file and its
// name to save; a cancelled dialog does nothing, a file that cannot be opened is said plainly.
func askSaveFile(win fyne.Window, name string, save func(w io.WriteCloser, name string)) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("could not open the file: %w", err), win)
			return
		}
		if w == nil {
			return // cancelled
		}
		save(w, w.URI().Name())
	}, win)
	d.SetFileName(name)
	d.Show()
}
