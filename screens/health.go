package screens

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/health"
	"xpmsync/core/problem"
	"xpmsync/core/words"
)

// HealthBackend is what the Data health view needs from core: the checks (*health.Service) and
// each client's details (*linking.Service), both read from the local database only.
type HealthBackend interface {
	Review(ctx context.Context) (health.Review, error)
	Trend(ctx context.Context) ([]health.TrendPoint, error)
	Dismiss(ctx context.Context, f health.Finding, by string) error
	ExportCSV(ctx context.Context, w io.Writer) error
	ClientDetailReader
}

// slowAfter is how long the checks may take before the view shows that it is working.
const slowAfter = 300 * time.Millisecond

// HealthView is the Data health view of the Clients tab: a summary card with a count per check
// (worst first), the findings of the chosen check, the chosen finding's clients side by side,
// and the 90-day trend.
type HealthView struct {
	bg Runner // its background work (WithRunner)

	be     HealthBackend
	win    fyne.Window
	openFn func(*url.URL) error
	who    string

	// OnBack returns to the client list; OnEdit opens a local client's edit dialog.
	OnBack func()
	OnEdit func(localID int64)

	Back     *widget.Button
	Refresh  *widget.Button
	Export   *widget.Button
	Status   *widget.Label
	Working  *widget.ProgressBarInfinite
	Summary  *widget.List // row 0 is "All problems"; then one row per check with findings
	Findings *widget.List
	Compare  *HealthCompare
	Chart    *TrendChart
	Trend    *widget.Label // the chart in words

	review  health.Review
	counts  []health.Count
	shown   []health.Finding // the findings of the chosen check
	check   string           // "" = every check
	seq     int
	content fyne.CanvasObject
}

// NewHealthView builds the view; who names the user in "Not a problem" records.
func NewHealthView(be HealthBackend, who string, opts ...Option) *HealthView {
	v := &HealthView{bg: runnerOf(opts), be: be, who: who}
	v.Back = widget.NewButtonWithIcon("Back to clients", theme.NavigateBackIcon(), v.onBack)
	v.Refresh = widget.NewButtonWithIcon("Check again", theme.ViewRefreshIcon(), v.Load)
	v.Export = widget.NewButtonWithIcon("Export CSV", theme.DocumentSaveIcon(), v.onExport)
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.Working = widget.NewProgressBarInfinite()
	v.Working.Hide()
	v.Summary = widget.NewList(v.summaryLen, v.newSummaryRow, v.updateSummaryRow)
	v.Summary.OnSelected = v.onCheckChosen
	v.Findings = widget.NewList(func() int { return len(v.shown) }, v.newFindingRow, v.updateFindingRow)
	v.Findings.OnSelected = v.onFindingChosen
	v.Compare = newHealthCompare(v)
	v.Chart = NewTrendChart()
	v.Trend = widget.NewLabel("")
	v.Trend.Wrapping = fyne.TextWrapWord
	v.content = v.layout()
	return v
}

func (v *HealthView) layout() fyne.CanvasObject {
	title := widget.NewLabelWithStyle("Data health", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := container.NewBorder(nil, v.Working, container.NewHBox(v.Back, title), container.NewHBox(v.Refresh, v.Export), v.Status)
	summary := container.NewBorder(sectionHead("Problems by check", "worst first; choose one to list it"), nil, nil, nil, v.Summary)
	trend := container.NewVBox(widget.NewSeparator(), sectionHead("Open problems, last 90 days", ""), v.Chart, v.Trend)
	left := container.NewBorder(nil, trend, nil, nil, summary)
	middle := container.NewBorder(sectionHead("Findings", ""), nil, nil, nil, v.Findings)
	right := container.NewHSplit(middle, v.Compare.content)
	right.Offset = 0.45
	body := container.NewHSplit(left, right)
	body.Offset = 0.25
	return container.NewBorder(top, nil, nil, nil, body)
}

// Content is the view's root object.
func (v *HealthView) Content() fyne.CanvasObject { return v.content }

// SetWindow gives the view the window its dialogs belong to.
func (v *HealthView) SetWindow(w fyne.Window) { v.win = w }

// SetOpenURL replaces how "Open in XPM" opens a page (tests).
func (v *HealthView) SetOpenURL(fn func(*url.URL) error) { v.openFn = fn }

// Shown is the findings listed now (tests).
func (v *HealthView) Shown() []health.Finding { return v.shown }

// Counts is the summary card's rows, worst first (tests).
func (v *HealthView) Counts() []health.Count { return v.counts }

func (v *HealthView) onBack() {
	if v.OnBack != nil {
		v.OnBack()
	}
}

type healthLoad struct {
	review health.Review
	trend  []health.TrendPoint
	took   time.Duration
}

// Load runs the checks off the UI goroutine; the progress bar shows only if they take a while.
func (v *HealthView) Load() {
	v.seq++
	seq := v.seq
	v.Refresh.Disable()
	v.Status.SetText("Checking the clients…")
	v.bg.After(slowAfter, func() {
		if seq == v.seq && v.Refresh.Disabled() {
			v.Working.Show()
		}
	})
	background(v.bg, func() (healthLoad, error) {
		ctx := context.Background()
		start := time.Now()
		r, err := v.be.Review(ctx)
		if err != nil {
			return healthLoad{}, err
		}
		tr, err := v.be.Trend(ctx)
		return healthLoad{r, tr, time.Since(start)}, err
	}, func(l healthLoad, err error) {
		if seq != v.seq {
			return
		}
		v.Refresh.Enable()
		v.Working.Hide()
		if err != nil {
			v.Status.SetText("Could not check the clients: " + problem.Words(err) + " Try “Check again”.")
			return
		}
		v.apply(l)
	})
}

func (v *HealthView) apply(l healthLoad) {
	v.review, v.counts = l.review, health.Counts(l.review.Open)
	v.Status.SetText(statusText(l))
	v.Chart.SetPoints(l.trend)
	v.Trend.SetText(v.Chart.Note())
	v.Summary.Refresh()
	v.Summary.UnselectAll()
	v.showCheck(v.check)
}

// sectionHead is a section title with an optional line of help under it.
func sectionHead(title, help string) fyne.CanvasObject {
	t := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	if help == "" {
		return t
	}
	return container.New(layout.NewCustomPaddedVBoxLayout(0), t, caption(help))
}

func statusText(l healthLoad) string {
	r := l.review
	s := words.Count(r.Clients, "active client") + " checked: "
	if l.took > 0 {
		s = fmt.Sprintf("%s checked in %.1f s: ", words.Count(r.Clients, "active client"), l.took.Seconds())
	}
	if len(r.Open) == 0 {
		s += "no problems found."
	} else {
		s += words.Count(len(r.Open), "problem") + " to look at."
	}
	if n := len(r.Hidden); n > 0 {
		s += fmt.Sprintf(" %s marked “Not a problem” hidden.", words.Count(n, "finding"))
	}
	return s
}

// showCheck lists the findings of one check ("" = all) and clears the comparison.
func (v *HealthView) showCheck(id string) {
	v.check = id
	v.shown = v.shown[:0]
	for _, f := range v.review.Open {
		if id == "" || f.Check == id {
			v.shown = append(v.shown, f)
		}
	}
	v.Findings.UnselectAll()
	v.Findings.Refresh()
	v.Findings.ScrollToTop()
	v.Compare.clear(len(v.shown))
}

func (v *HealthView) window() fyne.Window {
	if v.win != nil {
		return v.win
	}
	if ws := fyne.CurrentApp().Driver().AllWindows(); len(ws) > 0 {
		return ws[0]
	}
	return nil
}

func (v *HealthView) onExport() {
	askSaveFile(v.window(), "data-health.csv", func(w io.WriteCloser, name string) {
		v.exportTo(w, name)
	})
}

// exportTo writes the open findings as CSV off the UI goroutine and says where they went.
func (v *HealthView) exportTo(w io.WriteCloser, name string) {
	background(v.bg, func() (struct{}, error) {
		err := v.be.ExportCSV(context.Background(), w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return struct{}{}, err
	}, func(_ struct{}, err error) {
		if err != nil {
			dialog.ShowError(fmt.Errorf("could not export the data health findings: %w", err), v.window())
			return
		}
		v.Status.SetText("Exported the findings to " + name + ".")
	})
}

// dismissed takes a finding the user called "Not a problem" out of the open ones.
func (v *HealthView) dismissed(f health.Finding) {
	key := f.Key()
	open := v.review.Open[:0:0]
	for _, o := range v.review.Open {
		if o.Key() != key {
			open = append(open, o)
		}
	}
	v.review.Open, v.review.Hidden = open, append(v.review.Hidden, f)
	v.counts = health.Counts(open)
	v.Status.SetText(statusText(healthLoad{review: v.review}) + " “" + findingTitle(f) + "” marked Not a problem.")
	v.Summary.Refresh()
	v.showCheck(v.check)
}
