package screens

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
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
	State    ConnState
	Practice string
	Email    string
	Since    time.Time
	Why      string // NeedsReconnect: the reason in plain words
	Demo     bool   // tokens held in memory only
}

// ConnectionService is what the Connection tab needs from the app.
type ConnectionService interface {
	Status() ConnectionStatus
	Connect(ctx context.Context) error
}

// ConnectionTab shows the link to XPM and lets the user make it.
type ConnectionTab struct {
	svc ConnectionService

	Headline *widget.Label
	Sentence *widget.Label
	Icon     *widget.Icon
	Connect  *widget.Button
	Details  *widget.Form
	practice *widget.Label
	email    *widget.Label
	since    *widget.Label
	content  fyne.CanvasObject
}

// NewConnectionTab builds the Connection tab.
func NewConnectionTab(svc ConnectionService) *ConnectionTab {
	t := &ConnectionTab{svc: svc}
	t.Icon = widget.NewIcon(theme.InfoIcon())
	t.Headline = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	t.Sentence = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	t.Sentence.Wrapping = fyne.TextWrapWord
	t.Connect = widget.NewButtonWithIcon("Connect to XPM", theme.LoginIcon(), t.onConnect)
	t.Connect.Importance = widget.HighImportance
	t.practice, t.email, t.since = widget.NewLabel(""), widget.NewLabel(""), widget.NewLabel("")
	t.Details = widget.NewForm(
		widget.NewFormItem("Practice", t.practice),
		widget.NewFormItem("Connected as", t.email),
		widget.NewFormItem("Since", t.since),
	)
	card := container.NewVBox(container.NewCenter(t.Icon), t.Headline, t.Sentence, container.NewCenter(t.Connect), t.Details)
	t.content = container.NewCenter(container.NewGridWrap(fyne.NewSize(560, 360), card))
	t.Refresh()
	return t
}

// Content is the tab's root object.
func (t *ConnectionTab) Content() fyne.CanvasObject { return t.content }

// Refresh redraws the card from the service's status.
func (t *ConnectionTab) Refresh() {
	st := t.svc.Status()
	t.practice.SetText(st.Practice)
	t.email.SetText(st.Email)
	if !st.Since.IsZero() {
		t.since.SetText(st.Since.Local().Format("2 Jan 2006 15:04"))
	}
	t.Details.Hidden = st.State != Connected
	t.Connect.Hidden = st.State == Connected || st.State == Waiting
	switch st.State {
	case Connected:
		t.Icon.SetResource(theme.ConfirmIcon())
		t.Headline.SetText("Connected to " + st.Practice)
		t.Sentence.SetText("XPM Sync can read and update this practice's clients and staff.")
		if st.Demo {
			t.Sentence.SetText("This is the demo practice served by XPM Sync itself. Its tokens are held in memory only and are gone when you quit.")
		}
	case Waiting:
		t.Icon.SetResource(theme.ViewRefreshIcon())
		t.Headline.SetText("Waiting for the browser…")
		t.Sentence.SetText("Sign in to Xero in the browser window and allow XPM Sync to access your practice.")
	case NeedsReconnect:
		t.Icon.SetResource(theme.ErrorIcon())
		t.Headline.SetText("XPM needs reconnecting")
		t.Sentence.SetText(st.Why + " Connect again to carry on syncing; your local data is kept.")
		t.Connect.SetText("Reconnect")
	default:
		t.Icon.SetResource(theme.InfoIcon())
		t.Headline.SetText("Not connected")
		t.Sentence.SetText("Connect to Xero Practice Manager to bring in your clients and staff. You will sign in to Xero in your browser.")
		t.Connect.SetText("Connect to XPM")
	}
	t.Details.Refresh()
}

func (t *ConnectionTab) onConnect() {
	t.Connect.Disable()
	background(func() (struct{}, error) {
		return struct{}{}, t.svc.Connect(context.Background())
	}, func(_ struct{}, err error) {
		t.Connect.Enable()
		t.Refresh()
		if err != nil {
			t.Sentence.SetText("Could not connect: " + err.Error())
		}
	})
}
