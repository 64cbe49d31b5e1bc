package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/model"
)

// Fixed and least widths of the history table's columns; Action is as wide as its longest
// words, and Client and Details share what is left, so nothing is cut at 900 px wide that fits.
const (
	colTime       = 110
	colResult     = 120
	colActionMin  = 150
	colClientMin  = 150
	colDetailsMin = 200
)

// fitColumns lays the history table out at its full size and shares the width among its columns.
type fitColumns struct{ t *ProgressTab }

func (f fitColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	for i, w := range f.t.columnWidths(size.Width) {
		f.t.Table.SetColumnWidth(i, w)
	}
}

func (f fitColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(colTime+colResult+colActionMin+colClientMin+colDetailsMin, 160)
}

// columnWidths shares width among Time, Action, Client, Result and Details.
func (t *ProgressTab) columnWidths(width float32) []float32 {
	action := max(float32(colActionMin), t.widestAction())
	rest := width - colTime - colResult - action - theme.Padding()*6
	client := max(float32(colClientMin), min(rest*0.4, 320))
	details := max(float32(colDetailsMin), rest-client)
	return []float32{colTime, action, client, colResult, details}
}

// widestAction is the width the longest action name among the rows needs.
func (t *ProgressTab) widestAction() float32 {
	var w float32
	seen := map[model.EventKind]bool{}
	for _, e := range t.rows {
		if seen[e.Kind] {
			continue
		}
		seen[e.Kind] = true
		w = max(w, fyne.MeasureText(e.Kind.Label(), theme.TextSize(), fyne.TextStyle{}).Width)
	}
	return w + 2*theme.InnerPadding() + 4
}

// clientCell styles a Client cell that names a local client as a link: tapping it opens them.
func clientCell(l *widget.Label, linked bool) {
	if linked {
		l.Importance = widget.HighImportance
	}
}
