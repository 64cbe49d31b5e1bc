package screens

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// dbDouble is a connection service that also offers the shared database setting.
type dbDouble struct {
	connDouble
	url, password string
	copied        chan string
}

func (d *dbDouble) Database() string { return d.url }
func (d *dbDouble) SetDatabase(u, pw string) error {
	if u != "" && !strings.HasPrefix(u, "postgres://") {
		return errors.New("The shared database address is not valid.")
	}
	d.url, d.password = u, pw
	return nil
}
func (d *dbDouble) CopyToDatabase(_ context.Context, u, _ string) (string, error) {
	d.copied <- u
	return "Copied 3 clients, every table checked.", nil
}

func TestSharedDatabaseSettingSavesCopiesAndRefusesABadAddress(t *testing.T) {
	test.NewTempApp(t)
	d := &dbDouble{copied: make(chan string, 1)}
	tab := NewConnectionTab(d, test.NewTempWindow(t, nil), testRun)
	if tab.Database == nil {
		t.Fatal("no shared database setting under Advanced")
	}
	test.Type(tab.Database.URL, "db.example:5432")
	test.Tap(tab.Database.Save)
	if d.url != "" || !strings.Contains(tab.TestResult.Text, "not valid") {
		t.Fatalf("bad address saved %q, said %q", d.url, tab.TestResult.Text)
	}
	tab.Database.URL.SetText("postgres://front@db.example:5432/practice")
	test.Type(tab.Database.Password, "pw")
	test.Tap(tab.Database.Save)
	if d.url != "postgres://front@db.example:5432/practice" || d.password != "pw" || tab.Database.Password.Text != "" ||
		!strings.Contains(tab.TestResult.Text, "shared practice database") {
		t.Fatalf("saved %q/%q, said %q", d.url, d.password, tab.TestResult.Text)
	}
	said := make(chan string, 1)
	tab.Database.copyDone = func() { said <- tab.TestResult.Text }
	test.Tap(tab.Database.Copy)
	if got := <-d.copied; got != d.url {
		t.Fatalf("copied to %q", got)
	}
	select {
	case msg := <-said:
		if !strings.Contains(msg, "Copied 3 clients") {
			t.Fatalf("after copy: %q", msg)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the copy never reported")
	}
}
