// Package screens holds the five tabs of the XPM Sync window, one file per tab. Each tab is a
// struct that keeps its widgets (so tests can tap and type) and talks to the engine through
// small interfaces it declares itself, never blocking the UI goroutine. Those interfaces speak
// core/model and core/view types: screens never imports core/store or core/syncer (make lint's
// tools/importrules checks it); app/ wires the concrete services and pins that they fit.
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

// Inline makes background work run synchronously on the caller's goroutine. Widget tests set it:
// Fyne's test driver runs fyne.Do callbacks on whichever goroutine calls it, so real background
// work would race with the test's own taps.
var Inline bool

// background runs work off the UI goroutine and hands its result to apply on the UI goroutine.
func background[T any](work func() (T, error), apply func(T, error)) {
	if Inline {
		v, err := work()
		apply(v, err)
		return
	}
	go func() {
		v, err := work()
		fyne.Do(func() { apply(v, err) })
	}()
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
