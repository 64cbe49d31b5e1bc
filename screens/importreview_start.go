package screens

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/importer"
	"xpmsync/core/problem"
)

// ImportRunner runs an import (*importer.Importer).
type ImportRunner interface {
	Run(ctx context.Context, clientIDs []int64, progress func(importer.Progress)) (importer.Summary, error)
}

// ImportStart is "Import items from XPM": a warning first, then the import with progress and
// Cancel, then what it found with the way to review it. One dialog, three stages.
type ImportStart struct {
	bg Runner // its background work (WithRunner)

	run ImportRunner
	ids []int64

	// Warning stage.
	Warning  *widget.Label
	Continue *widget.Button
	Dismiss  *widget.Button
	// Running stage.
	Step *widget.Label
	Bar  *widget.ProgressBar
	Stop *widget.Button
	// Result stage.
	ResultHead   *widget.Label // "The import has finished", "The import was cancelled", …
	resultIcon   *widget.Icon
	Result       *widget.Label
	Review       *widget.Button // "Review new items (N)"
	ProgressLink *widget.Hyperlink
	CloseResult  *widget.Button
	Summary      importer.Summary
	Err          error
	stageWarning *fyne.Container
	stageRunning *fyne.Container
	stageResult  *fyne.Container
	content      *fyne.Container
	dialog       dialog.Dialog
	mu           sync.Mutex
	cancel       context.CancelFunc
	reviewClient int64

	// Ctx is the parent of the import's context (the app's, cancelled on quit); nil = Background.
	Ctx context.Context
	// OnReview opens the review of new items: for one client, or every client (0).
	OnReview func(clientID int64)
	// OnProgressTab shows the Integration Progress tab.
	OnProgressTab func()
	// OnDone is called on the UI goroutine when the import has ended (refresh lists).
	OnDone func(importer.Summary, error)
}

// NewImportStart prepares the import of clientIDs; what names them in the warning
// ("Smith Holdings Ltd", "3 clients").
func NewImportStart(run ImportRunner, clientIDs []int64, what string, opts ...Option) *ImportStart {
	s := &ImportStart{bg: runnerOf(opts), run: run, ids: clientIDs}
	s.Warning = widget.NewLabel(fmt.Sprintf("This imports %s from Xero Practice Manager: the client details (name, title, email, "+
		"phone, date of birth, address, gender) and the people and entities related to it, such as directors, "+
		"shareholders, trustees and partners.\n\nExisting group member and entity information will be replaced: "+
		"the client details here are overwritten with XPM's, and so are the shares, percentages and dates of people "+
		"already brought over. New people, entities and contacts wait for you to import, ignore or link them.", what))
	s.Warning.Wrapping = fyne.TextWrapWord
	s.Continue = widget.NewButtonWithIcon("Continue", theme.DownloadIcon(), s.onContinue)
	s.Continue.Importance = widget.HighImportance
	s.Dismiss = widget.NewButton("Cancel", s.hide)
	warnIcon := widget.NewIcon(theme.WarningIcon())
	s.stageWarning = container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), s.Dismiss, s.Continue),
		container.NewVBox(warnIcon), nil, s.Warning)

	s.Step = widget.NewLabel("Starting…")
	s.Step.Wrapping = fyne.TextWrapWord
	s.Bar = widget.NewProgressBar()
	s.Bar.Max = float64(max(1, len(clientIDs)))
	s.Stop = widget.NewButtonWithIcon("Cancel import", theme.CancelIcon(), s.onStop)
	s.stageRunning = container.NewVBox(widget.NewLabelWithStyle("The import is in progress", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.Step, s.Bar, container.NewHBox(layout.NewSpacer(), s.Stop))
	s.stageRunning.Hide()

	s.Result = widget.NewLabel("")
	s.Result.Wrapping = fyne.TextWrapWord
	s.Review = widget.NewButtonWithIcon("Review new items", theme.ListIcon(), s.onReview)
	s.Review.Importance = widget.HighImportance
	s.ProgressLink = widget.NewHyperlink("Review Integration progress", nil)
	s.ProgressLink.OnTapped = s.onProgressTab
	s.CloseResult = widget.NewButton("Close", s.hide)
	s.ResultHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.resultIcon = widget.NewIcon(theme.ConfirmIcon())
	s.stageResult = container.NewBorder(container.NewHBox(s.resultIcon, s.ResultHead),
		container.NewHBox(s.ProgressLink, layout.NewSpacer(), s.CloseResult, s.Review), nil, nil, s.Result)
	s.stageResult.Hide()

	s.content = container.NewStack(s.stageWarning, s.stageRunning, s.stageResult)
	return s
}

// Content is the dialog's body (tests place it in a window).
func (s *ImportStart) Content() fyne.CanvasObject { return s.content }

// Show opens the dialog on w at the warning.
func (s *ImportStart) Show(w fyne.Window) {
	s.dialog = dialog.NewCustomWithoutButtons("Import items from XPM", s.content, w)
	s.dialog.Resize(fyne.NewSize(560, 300))
	s.dialog.Show()
}

func (s *ImportStart) hide() {
	if s.dialog != nil {
		s.dialog.Hide()
	}
}

func (s *ImportStart) onContinue() {
	s.stageWarning.Hide()
	s.stageRunning.Show()
	parent := s.Ctx
	if parent == nil {
		parent = context.Background()
	}
	ctx, cancel := context.WithCancel(parent)
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	background(s.bg, func() (importer.Summary, error) {
		defer cancel()
		return s.run.Run(ctx, s.ids, s.onProgress)
	}, s.finished)
}

// onProgress runs on the import's goroutine.
func (s *ImportStart) onProgress(p importer.Progress) {
	fyne.Do(func() {
		s.Bar.Max = float64(max(1, p.Total))
		s.Bar.SetValue(float64(p.Done))
		if p.Client != "" {
			s.Step.SetText(fmt.Sprintf("Reading %s from XPM (%d of %d)…", p.Client, p.Done+1, p.Total))
		}
	})
}

func (s *ImportStart) onStop() {
	s.Stop.Disable()
	s.Step.SetText("Cancelling… clients already imported are kept.")
	s.mu.Lock()
	if s.cancel != nil {
		s.cancel()
	}
	s.mu.Unlock()
}

func (s *ImportStart) finished(sum importer.Summary, err error) {
	s.Summary, s.Err = sum, err
	s.stageRunning.Hide()
	s.stageResult.Show()
	s.ResultHead.Importance = widget.MediumImportance
	switch {
	case errors.Is(err, context.Canceled):
		s.ResultHead.SetText("The import was cancelled")
		s.resultIcon.SetResource(theme.WarningIcon())
		s.Result.SetText(sum.Text())
	case err != nil:
		s.ResultHead.SetText("Nothing was imported")
		s.resultIcon.SetResource(theme.ErrorIcon())
		s.Result.SetText(problem.Words(err))
	case len(sum.Failed()) > 0:
		s.ResultHead.SetText("The import has finished, with problems")
		s.resultIcon.SetResource(theme.WarningIcon())
		s.Result.SetText(sum.Text() + " Every step is listed on the Integration Progress tab for 72 hours.")
	default:
		s.ResultHead.SetText("The import has finished")
		s.resultIcon.SetResource(theme.ConfirmIcon())
		s.Result.SetText(sum.Text() + " Every step is listed on the Integration Progress tab for 72 hours.")
	}
	s.reviewClient = 0
	if len(s.ids) == 1 {
		s.reviewClient = s.ids[0]
	}
	if n := sum.Pending(); n > 0 {
		s.Review.SetText(fmt.Sprintf("Review new items (%d)", n))
		s.Review.Show()
	} else {
		s.Review.Hide()
	}
	if s.OnDone != nil {
		s.OnDone(sum, err)
	}
}

func (s *ImportStart) onReview() {
	s.hide()
	if s.OnReview != nil {
		s.OnReview(s.reviewClient)
	}
}

func (s *ImportStart) onProgressTab() {
	s.hide()
	if s.OnProgressTab != nil {
		s.OnProgressTab()
	}
}
