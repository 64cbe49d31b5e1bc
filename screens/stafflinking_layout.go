package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// columns lays its objects out in one row, sharing the width by weight, so the header and every
// row of the Staff Linking table line up without a widget.Table's recycled cells (each row
// holds its own select, which a recycled cell would hand to the wrong person).
type columns struct{ weights []float32 }

func (c *columns) total() float32 {
	var t float32
	for _, w := range c.weights {
		t += w
	}
	return t
}

func (c *columns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := float32(8)
	avail := size.Width - pad*float32(len(objs)-1)
	x := float32(0)
	for i, o := range objs {
		w := avail * c.weights[i] / c.total()
		h := o.MinSize().Height
		o.Move(fyne.NewPos(x, (size.Height-h)/2))
		o.Resize(fyne.NewSize(w, h))
		x += w + pad
	}
}

func (c *columns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h, w float32
	for _, o := range objs {
		ms := o.MinSize()
		h = max(h, ms.Height)
		w += ms.Width
	}
	return fyne.NewSize(w, h)
}

// tight stacks its objects with no gap, each at its own height: a name with its email right under it.
type tight struct{}

func (tight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	y := float32(0)
	for _, o := range objs {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		h := o.MinSize().Height // a wrapping label knows its height once it has its width
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, y))
		y += h - 2*theme.Padding()
	}
}

func (tight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w, h float32
	for _, o := range objs {
		ms := o.MinSize()
		w = max(w, ms.Width)
		h += ms.Height - 2*theme.Padding()
	}
	return fyne.NewSize(w, h+2*theme.Padding())
}
