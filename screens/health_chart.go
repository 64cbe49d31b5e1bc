package screens

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/health"
	"xpmsync/core/words"
)

// TrendChart draws the open problems recorded after each sync over the last 90 days, one bar
// per sync placed by its date, in the style of the Integration Progress chart.
type TrendChart struct {
	widget.BaseWidget
	points []health.TrendPoint
	now    func() time.Time
}

// NewTrendChart makes an empty chart.
func NewTrendChart() *TrendChart {
	c := &TrendChart{now: time.Now}
	c.ExtendBaseWidget(c)
	return c
}

// SetPoints replaces the counts shown (oldest first) and redraws. Several syncs on one day
// show as one bar: the day's last count.
func (c *TrendChart) SetPoints(p []health.TrendPoint) {
	c.points = c.points[:0]
	for _, pt := range p {
		if n := len(c.points); n > 0 && sameDay(c.points[n-1].At, pt.At) {
			c.points[n-1] = pt
			continue
		}
		c.points = append(c.points, pt)
	}
	c.Refresh()
}

func sameDay(a, b time.Time) bool {
	a, b = a.Local(), b.Local()
	return a.YearDay() == b.YearDay() && a.Year() == b.Year()
}

// Points are the counts shown, one per day.
func (c *TrendChart) Points() []health.TrendPoint { return c.points }

// Note sums the trend up in words: where it stands and how it moved.
func (c *TrendChart) Note() string {
	n := len(c.points)
	switch {
	case n == 0:
		return "Counts are recorded after each sync; sync to start the chart."
	case n == 1:
		return fmt.Sprintf("%s after the last sync.", words.Count(c.points[0].Total, "problem"))
	}
	first, last := c.points[0], c.points[n-1]
	d := last.Total - first.Total
	move := "the same as"
	switch {
	case d < 0:
		move = words.Thousands(-d) + " fewer than"
	case d > 0:
		move = words.Thousands(d) + " more than"
	}
	return fmt.Sprintf("%s after the last sync; %s on %s.", words.Count(last.Total, "problem"), move, first.At.Local().Format("2 Jan"))
}

// CreateRenderer implements fyne.Widget.
func (c *TrendChart) CreateRenderer() fyne.WidgetRenderer {
	r := &trendRenderer{c: c,
		axis:  canvas.NewRectangle(theme.Color(theme.ColorNameSeparator)),
		left:  canvas.NewText(fmt.Sprintf("%d days ago", health.TrendDays), theme.Color(theme.ColorNamePlaceHolder)),
		right: canvas.NewText("now", theme.Color(theme.ColorNamePlaceHolder)),
		top:   canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder)),
	}
	for _, t := range []*canvas.Text{r.left, r.right, r.top} {
		t.TextSize = theme.CaptionTextSize()
	}
	r.right.Alignment = fyne.TextAlignTrailing
	r.rebuild()
	return r
}

type trendRenderer struct {
	c                *TrendChart
	bars             []*canvas.Rectangle
	axis             *canvas.Rectangle
	left, right, top *canvas.Text
	objects          []fyne.CanvasObject
}

func (r *trendRenderer) rebuild() {
	for len(r.bars) < len(r.c.points) {
		r.bars = append(r.bars, canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)))
	}
	r.objects = append(r.objects[:0], r.axis, r.left, r.right, r.top)
	for i := range r.c.points {
		r.objects = append(r.objects, r.bars[i])
	}
}

func (r *trendRenderer) Layout(size fyne.Size) {
	label := r.left.MinSize().Height
	plot := size.Height - label - 2
	r.axis.Move(fyne.NewPos(0, plot))
	r.axis.Resize(fyne.NewSize(size.Width, 1))
	r.left.Move(fyne.NewPos(0, plot+2))
	r.left.Resize(fyne.NewSize(size.Width/2, label))
	r.right.Move(fyne.NewPos(size.Width/2, plot+2))
	r.right.Resize(fyne.NewSize(size.Width/2, label))
	most := 1
	for _, p := range r.c.points {
		most = max(most, p.Total)
	}
	r.top.Text = words.Thousands(most)
	r.top.Move(fyne.NewPos(0, 0))
	now := r.c.now()
	span := float64(health.TrendDays * 24 * time.Hour)
	w := max(size.Width/float32(health.TrendDays), 3)
	for i, p := range r.c.points {
		frac := 1 - float32(float64(now.Sub(p.At))/span)
		x := min(max(frac*size.Width-w, 0), size.Width-w)
		h := max((plot-label)*float32(p.Total)/float32(most), 1)
		r.bars[i].Move(fyne.NewPos(x, plot-h))
		r.bars[i].Resize(fyne.NewSize(w-1, h))
	}
}

func (r *trendRenderer) MinSize() fyne.Size {
	return fyne.NewSize(90*3, 80+r.left.MinSize().Height)
}

func (r *trendRenderer) Refresh() {
	r.rebuild()
	for _, b := range r.bars {
		b.FillColor = theme.Color(theme.ColorNamePrimary)
	}
	r.axis.FillColor = theme.Color(theme.ColorNameSeparator)
	for _, t := range []*canvas.Text{r.left, r.right, r.top} {
		t.Color = theme.Color(theme.ColorNamePlaceHolder)
	}
	r.Layout(r.c.Size())
	canvas.Refresh(r.c)
}

func (r *trendRenderer) Objects() []fyne.CanvasObject { return r.objects }

func (r *trendRenderer) Destroy() {}
