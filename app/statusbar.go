package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// StatusBar is the line at the bottom of the window: connection, last sync or the running sync's
// progress, the outbox and the API allowance.
type StatusBar struct {
	Dot       *canvas.Circle
	Practice  *widget.Label
	Sync      *widget.Label
	Bar       *widget.ProgressBar
	Outbox    *widget.Label
	Allowance *widget.Label
	content   fyne.CanvasObject
}

// NewStatusBar builds an empty status bar.
func NewStatusBar() *StatusBar {
	s := &StatusBar{
		Dot:       canvas.NewCircle(theme.Color(theme.ColorNameDisabled)),
		Practice:  widget.NewLabel("Not connected"),
		Sync:      widget.NewLabel(""),
		Bar:       widget.NewProgressBar(),
		Outbox:    widget.NewLabel(""),
		Allowance: widget.NewLabel(""),
	}
	s.Bar.Hide()
	dot := container.NewGridWrap(fyne.NewSize(12, 12), s.Dot)
	left := container.NewHBox(container.NewCenter(dot), s.Practice, widget.NewSeparator(), s.Sync)
	right := container.NewHBox(s.Outbox, s.Allowance)
	s.content = container.NewVBox(widget.NewSeparator(),
		container.NewBorder(nil, nil, left, right, container.NewGridWrap(fyne.NewSize(260, 20), s.Bar)))
	return s
}

// Content is the bar's root object.
func (s *StatusBar) Content() fyne.CanvasObject { return s.content }

// SetConnected colours the dot and names the practice.
func (s *StatusBar) SetConnected(practice string, ok bool) {
	var c color.Color = theme.Color(theme.ColorNameDisabled)
	if ok {
		c = theme.Color(theme.ColorNameSuccess)
		s.Practice.SetText(practice)
	} else {
		s.Practice.SetText("Not connected")
		if practice != "" {
			c = theme.Color(theme.ColorNameError)
			s.Practice.SetText(practice + " — needs reconnecting")
		}
	}
	s.Dot.FillColor = c
	s.Dot.Refresh()
}

// SetProgress shows a running sync ("1,204 of 15,000 clients"); total 0 = unknown.
func (s *StatusBar) SetProgress(step string, done, total int) {
	s.Bar.Show()
	if total > 0 {
		s.Bar.Max = float64(total)
		s.Bar.SetValue(float64(done))
	} else {
		s.Bar.Max = 1
		s.Bar.SetValue(0)
	}
	s.Sync.SetText(step)
}

// SetIdle hides the progress bar and shows the last sync's outcome.
func (s *StatusBar) SetIdle(text string) {
	s.Bar.Hide()
	s.Sync.SetText(text)
}
