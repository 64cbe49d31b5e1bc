package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// flow lays buttons out left to right and wraps them onto more lines when the width runs out,
// so a row of actions is never cut off or hidden in a sideways scroll. Its height depends on its
// width, which Fyne's MinSize does not pass, so it remembers the width of its last layout and
// asks its container to lay out again when the number of lines changes.
type flow struct {
	width float32
	lines int
	box   *fyne.Container
}

// newFlow is a container of objs in a flow layout.
func newFlow(objs ...fyne.CanvasObject) *fyne.Container {
	f := &flow{}
	f.box = &fyne.Container{Layout: f, Objects: objs}
	return f.box
}

func (f *flow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	f.width = size.Width
	lines := f.place(objs, size.Width, true)
	if lines != f.lines {
		f.lines = lines
		if f.box != nil {
			box := f.box
			fyne.Do(box.Refresh) // the height changed: let the parent give it room
		}
	}
}

func (f *flow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
			h = max(h, o.MinSize().Height)
		}
	}
	lines := max(1, f.place(objs, f.width, false))
	return fyne.NewSize(w, float32(lines)*h+float32(lines-1)*theme.Padding())
}

// place counts the lines objs need at width, and moves them there when move is set.
func (f *flow) place(objs []fyne.CanvasObject, width float32, move bool) int {
	pad := theme.Padding()
	x, y, lineH, lines := float32(0), float32(0), float32(0), 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		ms := o.MinSize()
		if lines == 0 {
			lines = 1
		}
		if x > 0 && width > 0 && x+ms.Width > width {
			x, y, lines = 0, y+lineH+pad, lines+1
			lineH = 0
		}
		if move {
			o.Move(fyne.NewPos(x, y))
			o.Resize(ms)
		}
		x += ms.Width + pad
		lineH = max(lineH, ms.Height)
	}
	return lines
}
