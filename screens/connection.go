package screens

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"xpmsync/core/problem"
	"xpmsync/core/words"
)

// ConnState is where the link to XPM stands.
type ConnState int

// The states the Connection tab shows.
const (
	NotConnected ConnState = iota
	Waiting
	Connected
	NeedsReconnect
)

// ConnectionStatus is what the Connection tab shows.
type ConnectionStatus struct {
	State            ConnState
	Practice         string
	Email            string
	Since            time.Time
	AccessValidUntil time.Time
	Why              string // NeedsReconnect: the reason in plain words; NotConnected: what stops connecting
	Demo             bool   // tokens held in memory only
}

// TestResult is what one cheap call to XPM showed.
type TestResult struct {
	Staff           int
	MinuteRemaining int // -1 = unknown
	DayRemaining    int // -1 = unknown
	Took            time.Duration
}

// Practice is one XPM practice a Xero login can reach.
type Practice struct {
	ID   string
	Name string
}

// ConnectionService is what the Connection tab needs from the app.
type ConnectionService interface {
	Status() ConnectionStatus
	// Connect signs in through the browser; onURL receives the sign-in link as soon as it
	// exists (for "Copy link"); choose picks a practice when the login reaches several.
	Connect(ctx context.Context, onURL func(string), choose func([]Practice) (Practice, error)) error
	Test(ctx context.Context) (TestResult, error)
	Disconnect(ctx context.Context, removeLocalData bool) error
	ClientID() string
	SetClientID(id string) error
	RedirectURIs() []string
}

// ConnectionTab shows the link to XPM and lets the user make, test and end it.
type ConnectionTab struct {
	bg Runner // its background work (WithRunner)

	svc ConnectionService
	win fyne.Window

	Icon       *widget.Icon
	Headline   *widget.Label
	Sentence   *widget.Label
	Connect    *widget.Button
	Cancel     *widget.Button
	CopyLink   *widget.Button
	Test       *widget.Button
	Disconnect *widget.Button
	TestResult *widget.Label
	Details    *widget.Form
	ClientIDIn *widget.Entry
	SaveID     *widget.Button
	Advanced   *widget.Accordion
	Database   *databaseSection // nil when the service offers no shared database

	practice, email, since, valid *widget.Label

	mu      sync.Mutex
	cancel  context.CancelFunc
	linkURL string
	content fyne.CanvasObject
}

// NewConnectionTab builds the Connection tab; win hosts its dialogs.
func NewConnectionTab(svc ConnectionService, win fyne.Window, opts ...Option) *ConnectionTab {
	t := &ConnectionTab{bg: runnerOf(opts), svc: svc, win: win}
	t.Icon = widget.NewIcon(theme.InfoIcon())
	t.Headline = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	t.Sentence = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	t.Sentence.Wrapping = fyne.TextWrapWord
	t.Connect = widget.NewButtonWithIcon("Connect to XPM", theme.LoginIcon(), t.onConnect)
	t.Connect.Importance = widget.HighImportance
	t.Cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), t.onCancel)
	t.CopyLink = widget.NewButtonWithIcon("Copy link", theme.ContentCopyIcon(), t.onCopyLink)
	t.Test = widget.NewButtonWithIcon("Test connection", theme.MediaPlayIcon(), t.onTest)
	t.Disconnect = widget.NewButtonWithIcon("Disconnect", theme.LogoutIcon(), t.onDisconnect)
	t.Disconnect.Importance = widget.DangerImportance
	t.TestResult = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	t.TestResult.Wrapping = fyne.TextWrapWord
	t.practice, t.email, t.since, t.valid = widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	t.Details = widget.NewForm(
		widget.NewFormItem("Practice", t.practice),
		widget.NewFormItem("Connected as", t.email),
		widget.NewFormItem("Since", t.since),
		widget.NewFormItem("Access valid until", t.valid),
	)
	t.ClientIDIn = widget.NewEntry()
	t.ClientIDIn.SetPlaceHolder("Client ID of your Xero app (Auth code with PKCE)")
	t.ClientIDIn.SetText(svc.ClientID())
	t.SaveID = widget.NewButton("Save client ID", t.onSaveClientID)
	uris := widget.NewLabel(advancedText(svc.RedirectURIs()))
	uris.Wrapping = fyne.TextWrapWord
	advanced := container.NewVBox(container.NewBorder(nil, nil, nil, t.SaveID, t.ClientIDIn), uris)
	if ds, ok := svc.(DatabaseService); ok {
		t.Database = newDatabaseSection(ds, t.TestResult)
		advanced.Add(t.Database.content())
	}
	t.Advanced = widget.NewAccordion(widget.NewAccordionItem("Advanced", advanced))

	primary := container.NewCenter(container.NewHBox(t.Connect, t.CopyLink, t.Cancel))
	secondary := container.NewCenter(container.NewHBox(t.Test, t.Disconnect))
	card := container.NewVBox(container.NewCenter(container.NewGridWrap(fyne.NewSize(48, 48), t.Icon)), t.Headline, t.Sentence, primary,
		t.Details, secondary, t.TestResult, widget.NewSeparator(), t.Advanced)
	t.content = container.NewVScroll(container.NewCenter(container.NewGridWrap(fyne.NewSize(620, 560), card)))
	t.Refresh()
	return t
}

func advancedText(uris []string) string {
	return "To connect your own practice, create an app in the Xero developer portal of type \"Auth code with PKCE\" " +
		"and add these redirect URIs exactly: " + strings.Join(uris, ", ") + ". XPM Sync listens on the first free one."
}

// Content is the tab's root object.
func (t *ConnectionTab) Content() fyne.CanvasObject { return t.content }

// Refresh redraws the card from the service's status.
func (t *ConnectionTab) Refresh() {
	st := t.svc.Status()
	t.practice.SetText(st.Practice)
	t.email.SetText(st.Email)
	t.since.SetText(formatWhen(st.Since))
	t.valid.SetText(formatWhen(st.AccessValidUntil))
	t.mu.Lock()
	waiting := t.cancel != nil
	hasLink := t.linkURL != ""
	t.mu.Unlock()
	connected := st.State == Connected
	t.Details.Hidden = !connected
	t.Test.Hidden, t.Disconnect.Hidden = !connected, !connected && st.State != NeedsReconnect
	t.Connect.Hidden = connected || waiting
	t.Cancel.Hidden = !waiting
	t.CopyLink.Hidden = !waiting || !hasLink
	switch {
	case waiting || st.State == Waiting:
		t.Icon.SetResource(theme.ViewRefreshIcon())
		t.Headline.SetText("Waiting for the browser…")
		t.Sentence.SetText("Sign in to Xero in your browser and allow XPM Sync to reach your practice. If no browser opened, copy the link and paste it into one.")
	case connected:
		t.Icon.SetResource(theme.ConfirmIcon())
		t.Headline.SetText("Connected to " + st.Practice)
		t.Sentence.SetText("XPM Sync can read and update this practice's clients and staff. The sign-in is kept in your computer's keychain.")
		if st.Demo {
			t.Sentence.SetText("This is the demo practice served by XPM Sync itself. Its tokens are held in memory only and are gone when you quit.")
		}
	case st.State == NeedsReconnect:
		t.Icon.SetResource(theme.ErrorIcon())
		t.Headline.SetText("XPM needs reconnecting")
		t.Sentence.SetText(strings.TrimSpace(st.Why+" Connect again to carry on syncing; your local data is kept.") + "")
		t.Connect.SetText("Reconnect")
	default:
		t.Icon.SetResource(theme.InfoIcon())
		t.Headline.SetText("Not connected")
		text := "Connect to Xero Practice Manager to bring in your clients and staff. You will sign in to Xero in your browser."
		if st.Why != "" {
			text = st.Why
		}
		t.Sentence.SetText(text)
		t.Connect.SetText("Connect to XPM")
	}
	t.Details.Refresh()
}

func formatWhen(at time.Time) string {
	if at.IsZero() {
		return "—"
	}
	return at.Local().Format("2 Jan 2006 15:04")
}

func (t *ConnectionTab) onConnect() {
	ctx, cancel := context.WithCancel(context.Background())
	t.mu.Lock()
	t.cancel, t.linkURL = cancel, ""
	t.mu.Unlock()
	t.TestResult.SetText("")
	t.Refresh()
	background(t.bg, func() (struct{}, error) {
		return struct{}{}, t.svc.Connect(ctx, t.onLinkReady, t.choosePractice)
	}, t.onConnectDone)
}

// onLinkReady runs on the engine's goroutine as soon as the sign-in link exists.
func (t *ConnectionTab) onLinkReady(url string) {
	t.mu.Lock()
	t.linkURL = url
	t.mu.Unlock()
	fyne.Do(t.Refresh)
}

func (t *ConnectionTab) onConnectDone(_ struct{}, err error) {
	t.mu.Lock()
	if t.cancel != nil {
		t.cancel()
	}
	t.cancel, t.linkURL = nil, ""
	t.mu.Unlock()
	t.Refresh()
	switch {
	case errors.Is(err, context.Canceled):
		t.TestResult.SetText("Connecting was cancelled. Nothing was changed.")
	case err != nil:
		t.TestResult.SetText("Could not connect: " + problem.Words(err))
	}
}

func (t *ConnectionTab) onCancel() {
	t.mu.Lock()
	if t.cancel != nil {
		t.cancel()
	}
	t.mu.Unlock()
}

func (t *ConnectionTab) onCopyLink() {
	t.mu.Lock()
	url := t.linkURL
	t.mu.Unlock()
	if url == "" {
		return
	}
	fyne.CurrentApp().Clipboard().SetContent(url)
	t.TestResult.SetText("Link copied. Paste it into your browser's address bar to sign in.")
}

// choosePractice runs on the engine's goroutine: it asks on the UI goroutine and waits.
func (t *ConnectionTab) choosePractice(ps []Practice) (Practice, error) {
	picked := make(chan int, 1)
	fyne.Do(func() {
		names := make([]string, len(ps))
		for i, p := range ps {
			names[i] = p.Name
			if names[i] == "" {
				names[i] = fmt.Sprintf("Practice %d (%s)", i+1, p.ID)
			}
		}
		sel := widget.NewSelect(names, nil)
		sel.SetSelectedIndex(0)
		d := dialog.NewCustomConfirm("Which practice?", "Connect", "Cancel",
			container.NewVBox(widget.NewLabel("Your Xero login reaches several XPM practices. Choose the one to sync with."), sel),
			func(ok bool) {
				if ok {
					picked <- sel.SelectedIndex()
				} else {
					picked <- -1
				}
			}, t.win)
		d.Show()
	})
	i := <-picked
	if i < 0 {
		return Practice{}, context.Canceled
	}
	return ps[i], nil
}

func (t *ConnectionTab) onTest() {
	t.Test.Disable()
	t.TestResult.SetText("Asking XPM…")
	background(t.bg, func() (TestResult, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return t.svc.Test(ctx)
	}, t.onTestDone)
}

func (t *ConnectionTab) onTestDone(r TestResult, err error) {
	t.Test.Enable()
	if err != nil {
		t.TestResult.SetText("The test failed: " + problem.Words(err))
		t.Refresh()
		return
	}
	text := fmt.Sprintf("XPM answered in %d ms and lists %d staff.", r.Took.Milliseconds(), r.Staff)
	if r.MinuteRemaining >= 0 && r.DayRemaining >= 0 {
		text += fmt.Sprintf(" API allowance left: %d this minute, %s today.", r.MinuteRemaining, words.Thousands(r.DayRemaining))
	}
	t.TestResult.SetText(text)
}

func (t *ConnectionTab) onDisconnect() {
	remove := widget.NewCheck("Also remove local clients, staff and history", nil)
	msg := widget.NewLabel("XPM Sync stops syncing, tells Xero to forget its access and removes the sign-in from your keychain. " +
		"Your local clients, staff and history stay on this computer unless you tick the box.")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Disconnect from XPM?", "Disconnect", "Keep connected",
		container.NewGridWrap(fyne.NewSize(460, 150), container.NewVBox(msg, remove)),
		func(ok bool) {
			if ok {
				t.doDisconnect(remove.Checked)
			}
		}, t.win)
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

func (t *ConnectionTab) doDisconnect(removeLocal bool) {
	t.Disconnect.Disable()
	background(t.bg, func() (struct{}, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		return struct{}{}, t.svc.Disconnect(ctx, removeLocal)
	}, func(_ struct{}, err error) {
		t.Disconnect.Enable()
		t.Refresh()
		if err != nil {
			t.TestResult.SetText(err.Error())
			return
		}
		t.TestResult.SetText("Disconnected.")
	})
}

func (t *ConnectionTab) onSaveClientID() {
	if err := t.svc.SetClientID(strings.TrimSpace(t.ClientIDIn.Text)); err != nil {
		t.TestResult.SetText("Could not save the client ID: " + err.Error())
		return
	}
	t.TestResult.SetText("Client ID saved. XPM Sync uses it from its next start.")
}
