package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// syncColumns lays out one row of the Sync differences dialog: Field, Here, Direction, XPM. The
// direction button keeps its own width and the field its label's (within limits), so the two
// values get the rest, side by side and equally wide, and wrap at word boundaries inside it:
// equal quarters left a value about 150 px at 900 px and broke "Chartered" mid-word.
type syncColumns struct{}

const (
	syncFieldMin = 120 // "Postal postcode" and a check box
	syncFieldMax = 190
	syncValueMin = 140
)

func (syncColumns) widths(objs []fyne.CanvasObject, width float32) (field, dir, value float32) {
	pad := theme.Padding()
	field = min(max(objs[0].MinSize().Width, syncFieldMin), syncFieldMax)
	dir = objs[2].MinSize().Width
	value = max((width-field-dir-3*pad)/2, syncValueMin)
	return field, dir, value
}

func (c syncColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 4 {
		return
	}
	pad := theme.Padding()
	field, dir, value := c.widths(objs, size.Width)
	x := float32(0)
	for i, w := range []float32{field, value, dir, value} {
		h := objs[i].MinSize().Height
		if i == 1 || i == 3 {
			h = size.Height // values take the row's height; the check and button keep their own
		}
		objs[i].Resize(fyne.NewSize(w, h))
		objs[i].Move(fyne.NewPos(x, 0))
		x += w + pad
	}
}

// MinSize is as tall as the tallest cell once the values wrap at their share of the width the
// row had last (a wrapping label's height depends on its width).
func (c syncColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 4 {
		return fyne.Size{}
	}
	pad := theme.Padding()
	field, dir, _ := c.widths(objs, 0)
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return fyne.NewSize(field+dir+2*syncValueMin+3*pad, h)
}

// syncDirWidth fits the wider of the two direction labels, so flipping one never moves a column.
func syncDirWidth() float32 {
	w := widgetTextWidth("XPM  >>  here")
	return max(w, widgetTextWidth("Here  >>  XPM")) + 4*theme.InnerPadding()
}

func widgetTextWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width
}
