package screens

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/activity"
)

// ResultsChart draws sync results per hour as bars: green for syncs that finished well, red
// stacked on top for those that failed; an hour without syncs shows a faint tick.
type ResultsChart struct {
	widget.BaseWidget
	buckets []activity.Bucket
}

// NewResultsChart makes an empty chart.
func NewResultsChart() *ResultsChart {
	c := &ResultsChart{}
	c.ExtendBaseWidget(c)
	return c
}

// SetBuckets replaces the hours shown (oldest first) and redraws.
func (c *ResultsChart) SetBuckets(b []activity.Bucket) {
	c.buckets = b
	c.Refresh()
}

// Buckets are the hours shown.
func (c *ResultsChart) Buckets() []activity.Bucket { return c.buckets }

// CreateRenderer implements fyne.Widget.
func (c *ResultsChart) CreateRenderer() fyne.WidgetRenderer {
	r := &chartRenderer{c: c,
		axis:  canvas.NewRectangle(theme.Color(theme.ColorNameSeparator)),
		left:  canvas.NewText("72 hours ago", theme.Color(theme.ColorNamePlaceHolder)),
		right: canvas.NewText("now", theme.Color(theme.ColorNamePlaceHolder)),
	}
	r.left.TextSize, r.right.TextSize = theme.CaptionTextSize(), theme.CaptionTextSize()
	r.right.Alignment = fyne.TextAlignTrailing
	r.rebuild()
	return r
}

type chartRenderer struct {
	c           *ResultsChart
	ok, failed  []*canvas.Rectangle
	empty       []*canvas.Rectangle
	axis        *canvas.Rectangle
	left, right *canvas.Text
	objects     []fyne.CanvasObject
}

func (r *chartRenderer) rebuild() {
	n := len(r.c.buckets)
	for len(r.ok) < n {
		r.ok = append(r.ok, canvas.NewRectangle(theme.Color(theme.ColorNameSuccess)))
		r.failed = append(r.failed, canvas.NewRectangle(theme.Color(theme.ColorNameError)))
		r.empty = append(r.empty, canvas.NewRectangle(theme.Color(theme.ColorNameSeparator)))
	}
	r.objects = r.objects[:0]
	r.objects = append(r.objects, r.axis, r.left, r.right)
	for i := 0; i < n; i++ {
		r.objects = append(r.objects, r.empty[i], r.ok[i], r.failed[i])
	}
}

func (r *chartRenderer) Layout(size fyne.Size) {
	n := len(r.c.buckets)
	label := r.left.MinSize().Height
	plot := size.Height - label - 2
	r.axis.Move(fyne.NewPos(0, plot))
	r.axis.Resize(fyne.NewSize(size.Width, 1))
	r.left.Move(fyne.NewPos(0, plot+2))
	r.left.Resize(fyne.NewSize(size.Width/2, label))
	r.right.Move(fyne.NewPos(size.Width/2, plot+2))
	r.right.Resize(fyne.NewSize(size.Width/2, label))
	if n == 0 {
		return
	}
	most := 1
	for _, b := range r.c.buckets {
		most = max(most, b.OK+b.Failed)
	}
	slot := size.Width / float32(n)
	gap := float32(1)
	if slot > 6 {
		gap = 2
	}
	w := max(slot-gap, 1)
	for i, b := range r.c.buckets {
		x := float32(i) * slot
		okH := plot * float32(b.OK) / float32(most)
		failH := plot * float32(b.Failed) / float32(most)
		r.ok[i].Move(fyne.NewPos(x, plot-okH))
		r.ok[i].Resize(fyne.NewSize(w, okH))
		r.failed[i].Move(fyne.NewPos(x, plot-okH-failH))
		r.failed[i].Resize(fyne.NewSize(w, failH))
		r.empty[i].Move(fyne.NewPos(x, plot-2))
		r.empty[i].Resize(fyne.NewSize(w, 2))
		r.empty[i].Hidden = b.OK+b.Failed > 0
	}
}

func (r *chartRenderer) MinSize() fyne.Size {
	return fyne.NewSize(72*4, 64+r.left.MinSize().Height)
}

func (r *chartRenderer) Refresh() {
	r.rebuild()
	for i := range r.ok {
		r.ok[i].FillColor = theme.Color(theme.ColorNameSuccess)
		r.failed[i].FillColor = theme.Color(theme.ColorNameError)
		r.empty[i].FillColor = theme.Color(theme.ColorNameSeparator)
	}
	r.axis.FillColor = theme.Color(theme.ColorNameSeparator)
	r.left.Color, r.right.Color = theme.Color(theme.ColorNamePlaceHolder), theme.Color(theme.ColorNamePlaceHolder)
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *chartRenderer) Destroy() {}
