package screens

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/problem/problemtest"
)

// A tab words a failure exactly as the banner, the Progress list and the command line do.
func TestConnectionTabWordsFailuresTheOneWay(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range problemtest.Cases() {
		if c.Name == "cancelled" {
			continue // connecting that was cancelled has its own line
		}
		d := &connDouble{connectErr: c.Err, testErr: c.Err, status: ConnectionStatus{State: Connected, Practice: "Kereama & Co"}}
		w := test.NewTempWindow(t, nil)
		tab := NewConnectionTab(d, w, testRun)
		w.SetContent(tab.Content())
		test.Tap(tab.Test)
		if got := tab.TestResult.Text; got != "The test failed: "+c.Want {
			t.Errorf("%s: test %q", c.Name, got)
		}
		d.status = ConnectionStatus{State: NotConnected}
		tab.Refresh()
		test.Tap(tab.Connect)
		if got := tab.TestResult.Text; got != "Could not connect: "+c.Want {
			t.Errorf("%s: connect %q", c.Name, got)
		}
	}
}
