package screens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// connDouble is a ConnectionService whose answers the test sets.
type connDouble struct {
	status       ConnectionStatus
	connectErr   error
	testErr      error
	link         string
	disconnected bool
	removedLocal bool
	clientID     string
}

func (d *connDouble) Status() ConnectionStatus { return d.status }
func (d *connDouble) Connect(ctx context.Context, onURL func(string), choose func([]Practice) (Practice, error)) error {
	onURL(d.link)
	if d.connectErr != nil {
		return d.connectErr
	}
	d.status = ConnectionStatus{State: Connected, Practice: "Kereama & Co", Email: "aroha@kereama.co.nz", Since: time.Now()}
	return nil
}
func (d *connDouble) Test(context.Context) (TestResult, error) {
	if d.testErr != nil {
		return TestResult{}, d.testErr
	}
	return TestResult{Staff: 9, MinuteRemaining: 57, DayRemaining: 4923, Took: 120 * time.Millisecond}, nil
}
func (d *connDouble) Disconnect(_ context.Context, removeLocal bool) error {
	d.disconnected, d.removedLocal = true, removeLocal
	d.status = ConnectionStatus{State: NotConnected}
	return nil
}
func (d *connDouble) ClientID() string           { return d.clientID }
func (d *connDouble) SetClientID(v string) error { d.clientID = v; return nil }
func (d *connDouble) RedirectURIs() []string {
	return []string{"http://localhost:5050/callback", "http://localhost:5051/callback"}
}

func TestConnectionTabConnectTestAndDisconnect(t *testing.T) {
	test.NewTempApp(t)
	d := &connDouble{link: "https://login.xero.com/identity/connect/authorize?x=1"}
	w := test.NewTempWindow(t, nil)
	tab := NewConnectionTab(d, w, testRun)
	w.SetContent(tab.Content())
	if tab.Headline.Text != "Not connected" || tab.Connect.Hidden || !tab.Disconnect.Hidden {
		t.Fatalf("start: headline %q connect hidden %v", tab.Headline.Text, tab.Connect.Hidden)
	}
	test.Tap(tab.Connect)
	if tab.Headline.Text != "Connected to Kereama & Co" || tab.Details.Hidden || tab.Test.Hidden {
		t.Fatalf("after connect: %q, details hidden %v", tab.Headline.Text, tab.Details.Hidden)
	}
	test.Tap(tab.Test)
	if !strings.Contains(tab.TestResult.Text, "57 this minute, 4,923 today") {
		t.Fatalf("test result %q", tab.TestResult.Text)
	}
	tab.doDisconnect(false)
	if !d.disconnected || d.removedLocal || tab.Headline.Text != "Not connected" {
		t.Fatalf("disconnect: %v %v %q", d.disconnected, d.removedLocal, tab.Headline.Text)
	}
}

func TestConnectionTabSaysWhyItFailedAndNeedsReconnect(t *testing.T) {
	test.NewTempApp(t)
	d := &connDouble{connectErr: errors.New("you denied access in Xero")}
	w := test.NewTempWindow(t, nil)
	tab := NewConnectionTab(d, w, testRun)
	test.Tap(tab.Connect)
	if !strings.Contains(tab.TestResult.Text, "Could not connect: you denied access in Xero") || tab.Connect.Hidden {
		t.Fatalf("after failure: %q, connect hidden %v", tab.TestResult.Text, tab.Connect.Hidden)
	}
	d.status = ConnectionStatus{State: NeedsReconnect, Practice: "Kereama & Co", Why: "The connection expired after 60 days unused."}
	tab.Refresh()
	if tab.Headline.Text != "XPM needs reconnecting" || tab.Connect.Text != "Reconnect" ||
		!strings.HasPrefix(tab.Sentence.Text, "The connection expired after 60 days unused.") {
		t.Fatalf("needs reconnect: %q / %q / %q", tab.Headline.Text, tab.Connect.Text, tab.Sentence.Text)
	}
}

func TestConnectionTabSavesClientID(t *testing.T) {
	test.NewTempApp(t)
	d := &connDouble{}
	tab := NewConnectionTab(d, test.NewTempWindow(t, nil), testRun)
	test.Type(tab.ClientIDIn, " ABC123 ")
	test.Tap(tab.SaveID)
	if d.clientID != "ABC123" {
		t.Fatalf("client id %q", d.clientID)
	}
}
