package app

import "fyne.io/fyne/v2"

// Preference keys for the window's size. Fyne has no API to place a window, so only the size is
// remembered; the OS chooses where it opens.
const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

// restoreSize opens the window at the size it had when it was last closed (default 1200×800,
// never below the 900×600 the layout is made for).
func (w *Window) restoreSize() {
	p := w.App.Preferences()
	width := p.FloatWithFallback(prefWidth, 1200)
	height := p.FloatWithFallback(prefHeight, 800)
	w.Win.Resize(fyne.NewSize(float32(max(width, 900)), float32(max(height, 600))))
}

// rememberSize keeps the window's size for the next start.
func (w *Window) rememberSize() {
	s := w.Win.Canvas().Size()
	if s.Width < 100 || s.Height < 100 {
		return
	}
	p := w.App.Preferences()
	p.SetFloat(prefWidth, float64(s.Width))
	p.SetFloat(prefHeight, float64(s.Height))
}
