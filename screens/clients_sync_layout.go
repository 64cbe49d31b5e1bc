package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// syncColumns lays out one row of the Sync differences dialog: Field, Here, Direction, XPM. The
// direction button keeps its own width and the field its label's (within limits), so the two
// values get the rest, side by side and equally wide, and wrap at word boundaries inside it:
// equal quarters left a value about 150 px at 900 px and broke "Chartered" mid-word.
type syncColumns struct{ field float32 }

const (
	syncFieldMin = 120 // "Postal postcode" and a check box
	syncFieldMax = 190
	syncValueMin = 140
)

// syncFieldWidth is the Field column's width for every row: the widest field's check and label.
func syncFieldWidth(checks []fyne.CanvasObject) float32 {
	var w float32
	for _, c := range checks {
		w = max(w, c.MinSize().Width)
	}
	return min(max(w, syncFieldMin), syncFieldMax)
}

func (c syncColumns) widths(objs []fyne.CanvasObject, width float32) (field, dir, value float32) {
	pad := theme.Padding()
	field = c.field
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

// syncGrid stacks the header and one row per differing field, every row with the same columns.
// One layout per row, so each row is as tall as its own values.
func syncGrid(rows [][4]fyne.CanvasObject) *fyne.Container {
	checks := make([]fyne.CanvasObject, len(rows))
	for i, r := range rows {
		checks[i] = r[0]
	}
	cols := syncColumns{field: syncFieldWidth(checks)}
	dirHead := widget.NewLabelWithStyle("Direction", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	grid := container.NewVBox(container.New(cols,
		widget.NewLabelWithStyle("Field", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabelWithStyle("Here", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewGridWrap(fyne.NewSize(syncDirWidth(), dirHead.MinSize().Height), dirHead),
		widget.NewLabelWithStyle("XPM", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})))
	for _, r := range rows {
		grid.Add(container.New(cols, r[0], r[1], r[2], r[3]))
		grid.Add(widget.NewSeparator())
	}
	return grid
}
