package app

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/screens"
)

// An empty client ID is refused with where to find one, and the saved one stays.
func TestConnectionTabRefusesAnEmptyClientID(t *testing.T) {
	a := test.NewTempApp(t)
	svc, err := StartServices(Options{DataDir: t.TempDir(), ReadOnly: true, UIRunner: screens.Blocking})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	w := NewWindow(a, svc)
	tab := w.Connection
	const good = "6A1B2C3D4E5F60718293A4B5C6D7E8F9"
	tab.ClientIDIn.SetText(good)
	test.Tap(tab.SaveID)
	tab.ClientIDIn.SetText("  ")
	test.Tap(tab.SaveID)
	if !strings.Contains(tab.TestResult.Text, "empty") || !strings.Contains(tab.TestResult.Text, "developer.xero.com") {
		t.Fatalf("message = %q", tab.TestResult.Text)
	}
	if got := (connectionService{svc}).ClientID(); got != good {
		t.Fatalf("saved client ID = %q, want the earlier one kept", got)
	}
}
