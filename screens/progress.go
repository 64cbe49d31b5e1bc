package screens

import (
	"context"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/activity"
	"xpmsync/core/view"
	"xpmsync/core/words"
)

// ActivitySource is what the Integration Progress tab reads (*activity.Log).
type ActivitySource interface {
	Recent(ctx context.Context, f activity.Filter) ([]view.Event, error)
	Hourly(ctx context.Context) ([]activity.Bucket, error)
	Waiting(ctx context.Context) (activity.Waiting, error)
	WriteCSV(ctx context.Context, w io.Writer, f activity.Filter) error
}

const (
	allKinds   = "All actions"
	allResults = "All results"
)

// ProgressTab shows the running sync, a chart of sync results per hour, and every action of the
// past 72 hours with filters (seed 004's Integration Progress).
type ProgressTab struct {
	bg Runner // its background work (WithRunner)

	src ActivitySource
	now func() time.Time

	Title   *widget.Label // "Syncing now" / "No sync running"
	Step    *widget.Label // the running step, or the last result when idle
	Bar     *widget.ProgressBar
	Busy    *widget.ProgressBarInfinite // while the total is not known yet
	Cancel  *widget.Button
	Chart   *ResultsChart
	Legend  *widget.Label
	Kind    *widget.Select
	Result  *widget.Select
	Client  *widget.Entry
	Count   *widget.Label
	Table   *widget.Table
	Review  *widget.Hyperlink // "Review new items (N)": imports waiting for a decision
	Flagged *widget.Hyperlink // "Flagged by a sync (N)": clients a sync flagged; it opens Needs a look, which also lists clients that merely differ (counting those would read every linked client on each reload)
	Export  *widget.Button
	Loading bool // a listing is being read
	// OpenClient is the record dialog's way to the client it names (nil until one is shown).
	OpenClient *widget.Button

	// OnCancel stops the running sync (the app wires it to the scheduler).
	OnCancel func()
	// OnReview opens "Review new items" for every client (imports waiting for a decision).
	OnReview func()
	// OnFlagged shows the clients flagged for review (the Clients tab's review filter).
	OnFlagged func()
	// OnOpenClient shows a local client on the Clients tab (rows that name one lead there).
	OnOpenClient func(id int64)
	// Window parents the tab's dialogs.
	Window fyne.Window

	actions *fyne.Container // holds Review and Export; laid out again when Review appears
	rows    []view.Event
	capped  bool
	loadSeq atomic.Int64
	content fyne.CanvasObject
}

// NewProgressTab builds the Integration Progress tab over src.
func NewProgressTab(src ActivitySource, opts ...Option) *ProgressTab {
	t := &ProgressTab{bg: runnerOf(opts), src: src, now: time.Now}
	t.Title = widget.NewLabelWithStyle("No sync running", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	t.Step = widget.NewLabel("")
	t.Step.Wrapping = fyne.TextWrapWord
	t.Bar = widget.NewProgressBar()
	t.Bar.Hide()
	t.Busy = widget.NewProgressBarInfinite()
	t.Busy.Stop()
	t.Busy.Hide()
	t.Cancel = widget.NewButtonWithIcon("Cancel sync", theme.CancelIcon(), t.onCancel)
	t.Cancel.Hide()
	t.Chart = NewResultsChart()
	t.Legend = widget.NewLabel("")
	t.Legend.Importance = widget.LowImportance
	t.Legend.Wrapping = fyne.TextWrapWord // beside the running sync it must not widen the window

	t.Kind = widget.NewSelect(append([]string{allKinds}, activity.Groups...), func(string) { t.Reload() })
	t.Kind.SetSelectedIndex(0)
	var results []string
	for _, r := range activity.Results {
		results = append(results, activity.ResultLabel(r))
	}
	t.Result = widget.NewSelect(append([]string{allResults}, results...), func(string) { t.Reload() })
	t.Result.SetSelectedIndex(0)
	t.Client = widget.NewEntry()
	t.Client.SetPlaceHolder("Search by client name")
	t.Client.OnChanged = func(string) { t.Reload() }
	t.Review = widget.NewHyperlink("", nil)
	t.Review.OnTapped = t.onReview
	t.Review.Hide()
	t.Flagged = widget.NewHyperlink("", nil)
	t.Flagged.OnTapped = t.onFlagged
	t.Flagged.Hide()
	t.Export = widget.NewButtonWithIcon("Export CSV", theme.DocumentSaveIcon(), t.onExport)
	t.Count = widget.NewLabel("")
	t.Count.Wrapping = fyne.TextWrapWord

	t.Table = widget.NewTableWithHeaders(t.tableSize, t.newCell, t.updateCell)
	t.Table.ShowHeaderColumn = false
	t.Table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.Table.UpdateHeader = t.updateHeader
	t.Table.OnSelected = t.onSelected

	// What waits on the user sits on the count line, so the client search keeps its width at 900 px.
	t.actions = container.NewHBox(t.Review, t.Flagged)
	running := container.NewVBox(t.Title, t.Step, container.NewStack(t.Bar, t.Busy), container.NewHBox(t.Cancel))
	chart := container.NewBorder(nil, t.Legend, nil, nil, t.Chart)
	top := container.NewGridWithColumns(2, running, chart)
	filters := container.NewBorder(nil, nil,
		container.NewHBox(container.NewGridWrap(fyne.NewSize(200, t.Kind.MinSize().Height), t.Kind),
			container.NewGridWrap(fyne.NewSize(160, t.Result.MinSize().Height), t.Result)),
		t.Export, t.Client)
	count := container.NewBorder(nil, nil, nil, t.actions, t.Count)
	head := container.NewVBox(container.NewPadded(top), widget.NewSeparator(), filters, count)
	t.content = container.NewBorder(head, nil, nil, nil, container.New(fitColumns{t}, t.Table))
	return t
}

// Content is the tab's root object.
func (t *ProgressTab) Content() fyne.CanvasObject { return t.content }

// Rows are the events the table shows, newest first.
func (t *ProgressTab) Rows() []view.Event { return t.rows }

// SetClock replaces the clock used for "2 min ago" (tests).
func (t *ProgressTab) SetClock(now func() time.Time) { t.now = now }

// Filter is the filter the controls describe.
func (t *ProgressTab) Filter() activity.Filter {
	f := activity.Filter{Client: t.Client.Text}
	if t.Kind.SelectedIndex() > 0 {
		f.Group = t.Kind.Selected
	}
	if i := t.Result.SelectedIndex(); i > 0 {
		f.Result = activity.Results[i-1]
	}
	return f
}

type progressData struct {
	rows    []view.Event
	buckets []activity.Bucket
	waiting activity.Waiting
}

// Reload reads the listing, the chart and the review count again.
func (t *ProgressTab) Reload() {
	if t.Table == nil { // a select's callback fires while the tab is still being built
		return
	}
	seq := t.loadSeq.Add(1)
	f := t.Filter()
	t.Loading = true
	background(t.bg, func() (progressData, error) {
		ctx := context.Background()
		var d progressData
		var err error
		if d.rows, err = t.src.Recent(ctx, f); err != nil {
			return d, err
		}
		if d.buckets, err = t.src.Hourly(ctx); err != nil {
			return d, err
		}
		d.waiting, err = t.src.Waiting(ctx)
		return d, err
	}, func(d progressData, err error) {
		if seq != t.loadSeq.Load() {
			return
		}
		t.Loading = false
		if err != nil {
			t.Count.SetText("Could not read the history: " + err.Error() + ". Try again; if it goes on, restart XPM Sync.")
			return
		}
		t.rows, t.capped = d.rows, len(d.rows) >= activity.MaxRows
		t.Table.UnselectAll()
		for i, w := range t.columnWidths(t.Table.Size().Width) {
			t.Table.SetColumnWidth(i, w) // the longest action name may have changed
		}
		t.Table.Refresh()
		t.Table.ScrollToTop()
		t.Count.SetText(t.countText(f))
		t.Chart.SetBuckets(d.buckets)
		t.Legend.SetText(legendText(d.buckets))
		t.setWaiting(d.waiting)
	})
}

func (t *ProgressTab) countText(f activity.Filter) string {
	n := len(t.rows)
	switch {
	case n == 0 && f == (activity.Filter{}):
		return "Nothing happened in the past 72 hours. Every sync and each change it makes shows here: connect to XPM on the Connection tab, then press Resync now in Sync Settings."
	case n == 0:
		return "Nothing in the past 72 hours matches these filters. Choose “" + allKinds + "” and “" + allResults + "” and clear the search to see everything."
	case t.capped:
		return fmt.Sprintf("The newest %s actions of the past 72 hours; narrow the filters or export to see the rest.", words.Thousands(n))
	case n == 1:
		return "1 action in the past 72 hours"
	}
	return words.Thousands(n) + " actions in the past 72 hours"
}

func legendText(b []activity.Bucket) string {
	ok, failed := 0, 0
	for _, x := range b {
		ok += x.OK
		failed += x.Failed
	}
	if ok+failed == 0 {
		return "Sync results per hour, past 72 hours: no syncs yet."
	}
	return fmt.Sprintf("Sync results per hour, past 72 hours: %s succeeded (green), %s failed (red).", words.Thousands(ok), words.Thousands(failed))
}

func (t *ProgressTab) setWaiting(w activity.Waiting) {
	showLink(t.Review, w.Imports, "Review new items (%s)")
	showLink(t.Flagged, w.Clients, "Flagged by a sync (%s)")
	t.actions.Refresh()
}

func showLink(l *widget.Hyperlink, n int, format string) {
	if n <= 0 {
		l.Hide()
		return
	}
	l.SetText(fmt.Sprintf(format, words.Thousands(n)))
	l.Show()
}

// SyncStarted shows a sync as running.
func (t *ProgressTab) SyncStarted(title string) {
	t.Title.SetText(title)
	t.Step.SetText("Starting…")
	t.Bar.Hide()
	t.Busy.Show()
	t.Busy.Start()
	t.Cancel.Enable()
	t.Cancel.Show()
}

// SyncProgress shows the running step; total 0 means not known yet.
func (t *ProgressTab) SyncProgress(step string, done, total int) {
	switch {
	case total > 0:
		t.Busy.Stop()
		t.Busy.Hide()
		t.Bar.Max = float64(total)
		t.Bar.TextFormatter = func() string { return fmt.Sprintf("%s of %s clients", words.Thousands(done), words.Thousands(total)) }
		t.Bar.SetValue(float64(done))
		t.Bar.Show()
	case done > 0:
		step = fmt.Sprintf("%s — %s clients so far", step, words.Thousands(done))
	}
	t.Step.SetText(step)
}

// SyncEnded shows how the sync ended and reloads the history.
func (t *ProgressTab) SyncEnded(summary string) {
	t.Title.SetText("No sync running")
	t.Step.SetText(summary)
	t.Busy.Stop()
	t.Busy.Hide()
	t.Bar.Hide()
	t.Cancel.Hide()
	t.Reload()
}

// RefreshTimes redraws the table so "2 min ago" keeps up with the clock (call once a minute).
func (t *ProgressTab) RefreshTimes() { t.Table.Refresh() }

// SetIdle shows the last result and what comes next while no sync runs.
func (t *ProgressTab) SetIdle(text string) {
	if t.Cancel.Visible() {
		return
	}
	t.Step.SetText(text)
}

func (t *ProgressTab) onCancel() {
	if t.OnCancel == nil {
		return
	}
	t.Cancel.Disable()
	t.Step.SetText("Cancelling… what was already fetched is kept.")
	t.OnCancel()
}

func (t *ProgressTab) onReview() {
	if t.OnReview != nil {
		t.OnReview()
	}
}

func (t *ProgressTab) onFlagged() {
	if t.OnFlagged != nil {
		t.OnFlagged()
	}
}

var progressColumns = []string{"Time", "Action", "Client", "Result", "Details"}

func (t *ProgressTab) tableSize() (int, int) { return len(t.rows), len(progressColumns) }

func (t *ProgressTab) newCell() fyne.CanvasObject {
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func (t *ProgressTab) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Col >= 0 && id.Col < len(progressColumns) {
		o.(*widget.Label).SetText(progressColumns[id.Col])
	}
}

// Cell is the text of one table cell (tests read the table through it).
func (t *ProgressTab) Cell(row, col int) string {
	if row < 0 || row >= len(t.rows) {
		return ""
	}
	e := t.rows[row]
	switch col {
	case 0:
		return words.Ago(e.At, t.now())
	case 1:
		return e.Kind.Label()
	case 2:
		return e.ClientName
	case 3:
		return activity.ResultOf(string(e.Kind), e.Result)
	case 4:
		return e.Details
	}
	return ""
}

func (t *ProgressTab) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	l.Importance = widget.MediumImportance
	if id.Col == 3 && id.Row < len(t.rows) && t.rows[id.Row].Kind != "sync_started" {
		l.Importance = resultImportance(t.rows[id.Row].Result)
	}
	if id.Col == 2 && id.Row < len(t.rows) {
		clientCell(l, t.rows[id.Row].ClientID != 0 && t.OnOpenClient != nil)
	}
	l.SetText(t.Cell(id.Row, id.Col))
}

func resultImportance(result string) widget.Importance {
	switch result {
	case "ok":
		return widget.SuccessImportance
	case "failed":
		return widget.DangerImportance
	case "warning", "pending":
		return widget.WarningImportance
	}
	return widget.LowImportance
}

// onSelected opens the client when their name is tapped, and otherwise shows the whole record,
// with its absolute time, in a dialog (with a way to the client when it names one).
func (t *ProgressTab) onSelected(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(t.rows) {
		return
	}
	e := t.rows[id.Row]
	if id.Col == 2 && e.ClientID != 0 && t.OnOpenClient != nil {
		t.Table.UnselectAll()
		t.OnOpenClient(e.ClientID)
		return
	}
	if t.Window == nil {
		return
	}
	form := widget.NewForm(
		widget.NewFormItem("Time", widget.NewLabel(e.At.Local().Format("Mon 2 Jan 2006, 15:04:05"))),
		widget.NewFormItem("Action", widget.NewLabel(e.Kind.Label())),
		widget.NewFormItem("Result", widget.NewLabel(activity.ResultOf(string(e.Kind), e.Result))),
	)
	if e.ClientName != "" {
		form.Append("Client", widget.NewLabel(e.ClientName))
	}
	details := widget.NewLabel(e.Details)
	details.Wrapping = fyne.TextWrapWord
	form.Append("Details", details)
	d := dialog.NewCustom(e.Kind.Label(), "Close", container.NewGridWrap(fyne.NewSize(520, form.MinSize().Height+40), form), t.Window)
	if e.ClientID != 0 && t.OnOpenClient != nil {
		t.OpenClient = widget.NewButtonWithIcon("Open "+e.ClientName, theme.AccountIcon(), func() {
			d.Hide()
			t.OnOpenClient(e.ClientID)
		})
		t.OpenClient.Importance = widget.HighImportance
		d.SetButtons([]fyne.CanvasObject{widget.NewButton("Close", d.Hide), t.OpenClient})
	}
	d.SetOnClosed(func() { t.Table.UnselectAll() })
	d.Show()
}

func (t *ProgressTab) onExport() {
	if t.Window == nil {
		return
	}
	askSaveFile(t.Window, "xpm-sync-activity-"+t.now().Format("2006-01-02")+".csv", t.ExportTo)
}

// ExportTo writes the filtered history as CSV to w off the UI goroutine, closes it and says
// how it went.
func (t *ProgressTab) ExportTo(w io.WriteCloser, name string) {
	f := t.Filter()
	t.Export.Disable()
	background(t.bg, func() (struct{}, error) {
		err := t.src.WriteCSV(context.Background(), w, f)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return struct{}{}, err
	}, func(_ struct{}, err error) {
		t.Export.Enable()
		if err != nil {
			msg := fmt.Errorf("the export to %s did not finish: %w. Choose another folder and try again", name, err)
			if t.Window != nil {
				dialog.ShowError(msg, t.Window)
			} else {
				t.Count.SetText(msg.Error())
			}
			return
		}
		t.Count.SetText(fmt.Sprintf("Exported to %s. %s", name, t.countText(f)))
	})
}
