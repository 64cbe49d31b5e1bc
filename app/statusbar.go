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
	barBox    *fyne.Container
	content   fyne.CanvasObject
}

// statusLayout shares the bar between the practice, the sync line and the figures.
type statusLayout struct{}

func (statusLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := []float32{0.36, 0.32, 0.32}
	x := float32(0)
	for i, o := range objs {
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(size.Width*w[i], size.Height))
		x += size.Width * w[i]
	}
}

func (statusLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(300, h)
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
	s.Bar.TextFormatter = func() string { return "" } // the line beside it says "1,204 of 15,000 clients"
	for _, l := range []*widget.Label{s.Practice, s.Sync, s.Outbox} {
		// Long practice names and messages shorten with "…" rather than widen the window:
		// it must stay usable down to 900 pixels.
		l.Truncation = fyne.TextTruncateEllipsis
	}
	dot := container.NewGridWrap(fyne.NewSize(12, 12), s.Dot)
	s.barBox = container.NewGridWrap(fyne.NewSize(160, 20), s.Bar)
	s.barBox.Hide()
	practice := container.NewBorder(nil, nil, container.NewCenter(dot), nil, s.Practice)
	sync := container.NewBorder(nil, nil, nil, container.NewCenter(s.barBox), s.Sync)
	right := container.NewBorder(nil, nil, nil, s.Allowance, s.Outbox)
	s.content = container.NewVBox(widget.NewSeparator(),
		container.New(&statusLayout{}, practice, sync, right))
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
	s.barBox.Show()
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
	s.barBox.Hide()
	s.Sync.SetText(text)
}
