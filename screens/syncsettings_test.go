package screens

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/view"
)

// settingsDouble is a SyncSettingsService that keeps the policy in memory, throttles manual
// resyncs like the engine, and records what the tab asked for.
type settingsDouble struct {
	policy  view.Policy
	now     func() time.Time
	last    map[view.Kind]time.Time
	resyncs []view.Kind
	plan    view.Plan
	saves   int
}

func (d *settingsDouble) Policy(context.Context) (view.Policy, error) { return d.policy, nil }
func (d *settingsDouble) SavePolicy(_ context.Context, p view.Policy) error {
	if p.DefaultCountryCode == "" || strings.Trim(p.DefaultCountryCode, "0123456789") != "" {
		return errors.New("the default country code is not a calling code: use digits only, like 61 for Australia")
	}
	d.policy = p
	d.saves++
	return nil
}
func (d *settingsDouble) Resync(_ context.Context, k view.Kind) (view.Result, error) {
	if at := d.ManualResyncAvailableAt(k); d.now().Before(at) {
		return view.Result{}, &view.ThrottledError{Kind: k, At: at}
	}
	d.last[k] = d.now()
	d.resyncs = append(d.resyncs, k)
	return view.Result{Kind: k, Clients: 1204, Updated: 3}, nil
}
func (d *settingsDouble) ManualResyncAvailableAt(k view.Kind) time.Time {
	if t, ok := d.last[k]; ok {
		return t.Add(view.ManualEvery)
	}
	return time.Time{}
}
func (d *settingsDouble) Preview(context.Context) (view.Plan, error) { return d.plan, nil }
func (d *settingsDouble) WriteSummary(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, "Record,Client,Name\ncontact,Acme,Leanne Smith\n")
	return err
}

type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time { return c.t }

func newSettingsTab(t *testing.T) (*SyncSettingsTab, *settingsDouble, *testClock, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	clk := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	d := &settingsDouble{policy: view.DefaultPolicy(), now: clk.Now, last: map[view.Kind]time.Time{}}
	w := test.NewTempWindow(t, nil)
	w.Resize(fyne.NewSize(1000, 800))
	tab := NewSyncSettings(d, w, testRun)
	tab.SetClock(clk.Now)
	w.SetContent(tab.Content())
	return tab, d, clk, w
}

// overlayButton finds a button by its text in the window's top dialog.
func overlayButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, v)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return found
}

func overlayText(t *testing.T, w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *widget.RichText:
			b.WriteString(v.String() + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.TempWidgetRenderer(t, v).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

func TestSyncSettingsShowsWhatEachLevelCovers(t *testing.T) {
	tab, _, _, _ := newSettingsTab(t)
	if tab.Direction.Selected != "From XPM" || tab.Level.Selected != "Everything" || tab.ImportAll.Checked || tab.CountryCode.Text != "61" {
		t.Fatalf("start: %q %q %v %q", tab.Direction.Selected, tab.Level.Selected, tab.ImportAll.Checked, tab.CountryCode.Text)
	}
	help := tab.LevelHelp.Text
	for _, want := range []string{"Name", "Street address", "Postal address", "Phone", "Fax", "Contacts: name, email, phone, mobile, salutation",
		"Always from XPM", "Website", "Company structure", "client groups", "Partner and Manager"} {
		if !strings.Contains(help, want) {
			t.Errorf("Everything help lacks %q:\n%s", want, help)
		}
	}
	tab.Level.SetSelected("Client name only")
	if help := tab.LevelHelp.Text; !strings.Contains(help, "Synced: Name") || strings.Contains(help, "Postal address") || strings.Contains(help, "Website") {
		t.Errorf("name-only help:\n%s", help)
	}
	tab.Level.SetSelected("Nothing")
	if !strings.Contains(tab.LevelHelp.Text, "stop updating") {
		t.Errorf("nothing help: %s", tab.LevelHelp.Text)
	}
	if !strings.Contains(tab.DirectionHelp.Text, "overwritten by the values in Xero Practice Manager") {
		t.Errorf("direction help: %s", tab.DirectionHelp.Text)
	}
}

func TestSyncSettingsDirectionChangeAsksWhichSideIsOverwritten(t *testing.T) {
	tab, d, _, w := newSettingsTab(t)
	tab.Direction.SetSelected("To XPM")
	text := overlayText(t, w)
	if !strings.Contains(text, "Changes made in Xero Practice Manager to synced fields will be overwritten") {
		t.Fatalf("confirmation does not say XPM is overwritten:\n%s", text)
	}
	keep := overlayButton(t, w, "Keep “From XPM”")
	if keep == nil {
		t.Fatal("no Keep button")
	}
	test.Tap(keep)
	if d.policy.Direction != view.FromXPM || tab.Direction.Selected != "From XPM" || d.saves != 0 {
		t.Fatalf("after Keep: saved %v, shown %q", d.policy.Direction, tab.Direction.Selected)
	}
	tab.Direction.SetSelected("To XPM")
	change := overlayButton(t, w, "Use “To XPM”")
	if change == nil {
		t.Fatal("no Change button")
	}
	test.Tap(change)
	if d.policy.Direction != view.ToXPM || !strings.Contains(tab.Status.Text, "Saved") {
		t.Fatalf("after Change: saved %v, status %q", d.policy.Direction, tab.Status.Text)
	}
	if !strings.Contains(tab.DirectionHelp.Text, "overwritten by the values in XPM Sync") {
		t.Errorf("help after the change: %s", tab.DirectionHelp.Text)
	}
}

func TestSyncSettingsSavesLevelImportAllAndCountryCode(t *testing.T) {
	tab, d, _, _ := newSettingsTab(t)
	tab.Level.SetSelected("Client name only")
	test.Tap(tab.ImportAll)
	tab.CountryCode.SetText("+64")
	test.Tap(tab.SaveCountry)
	if d.policy.Level != view.NameOnly || !d.policy.ImportAll || d.policy.DefaultCountryCode != "64" {
		t.Fatalf("saved %+v", d.policy)
	}
	tab.CountryCode.SetText("NZ")
	test.Tap(tab.SaveCountry)
	if d.policy.DefaultCountryCode != "64" || tab.CountryCode.Text != "64" || !strings.Contains(tab.Status.Text, "Not saved") {
		t.Fatalf("bad code: saved %q, shown %q, status %q", d.policy.DefaultCountryCode, tab.CountryCode.Text, tab.Status.Text)
	}
}

func TestSyncSettingsResyncButtonsAreThrottledWithCountdown(t *testing.T) {
	tab, d, clk, _ := newSettingsTab(t)
	test.Tap(tab.ResyncNow)
	if len(d.resyncs) != 1 || d.resyncs[0] != view.Delta {
		t.Fatalf("resyncs = %v", d.resyncs)
	}
	if tab.Status.Text != "Resync now finished: 1,204 clients checked; 3 updated." {
		t.Errorf("status %q", tab.Status.Text)
	}
	if !tab.ResyncNow.Disabled() || tab.NowWait.Text != "available again in 5:00" || tab.ResyncAll.Disabled() {
		t.Fatalf("after press: now disabled %v %q, all disabled %v", tab.ResyncNow.Disabled(), tab.NowWait.Text, tab.ResyncAll.Disabled())
	}
	clk.t = clk.t.Add(2*time.Minute + 48*time.Second)
	tab.UpdateButtons()
	if tab.NowWait.Text != "available again in 2:12" {
		t.Fatalf("countdown %q", tab.NowWait.Text)
	}
	test.Tap(tab.ResyncAll)
	if len(d.resyncs) != 2 || d.resyncs[1] != view.Full || !tab.ResyncAll.Disabled() {
		t.Fatalf("resync all: %v", d.resyncs)
	}
	clk.t = clk.t.Add(2*time.Minute + 12*time.Second)
	tab.UpdateButtons()
	if tab.ResyncNow.Disabled() || tab.NowWait.Text != "" || !tab.ResyncAll.Disabled() {
		t.Fatalf("after 5 min: now disabled %v %q; all disabled %v", tab.ResyncNow.Disabled(), tab.NowWait.Text, tab.ResyncAll.Disabled())
	}
}

func TestSyncSettingsPreviewListsWhatWouldHappen(t *testing.T) {
	tab, d, _, w := newSettingsTab(t)
	d.plan = view.Plan{Kind: view.Delta, Since: time.Date(2026, 3, 2, 8, 55, 0, 0, time.UTC), Fetched: 3,
		NewInXPM: []string{"Brand New Ltd"},
		Changes: []view.PlanItem{{Client: "Acme Pty Ltd", Field: "Phone", Local: "02 1111 1111", XPM: "02 2222 2222", Result: "02 2222 2222", Outcome: view.TookXPM},
			{Client: "Beta Trust", Field: "Name", Local: "Beta (local)", XPM: "Beta (XPM)", Result: "Beta (local)", Outcome: view.DirectionWins}},
		Flags:   []view.PlanItem{{Client: "Gone Ltd", Note: "deleted in XPM: would be flagged for review (kept here)"}},
		Invalid: 2}
	test.Tap(tab.Preview)
	text := overlayText(t, w)
	for _, want := range []string{"New in XPM (1): Brand New Ltd", "Acme Pty Ltd — Phone: 02 1111 1111 → 02 2222 2222 (from XPM)",
		"Beta Trust — Name: Beta (XPM) → Beta (local) (changed on both sides", "Gone Ltd — deleted in XPM", "2 records would not be imported"} {
		if !strings.Contains(text, want) {
			t.Errorf("preview lacks %q:\n%s", want, text)
		}
	}
	if got := PlanText(view.Plan{Kind: view.Delta}); strings.Contains(got, "agree") || !strings.Contains(got, "only carries changes") || !strings.Contains(got, "Sync differences") {
		t.Errorf("empty plan: %q", got)
	}
}

type bufCloser struct {
	bytes.Buffer
	closed bool
}

func (b *bufCloser) Close() error { b.closed = true; return nil }

func TestSyncSettingsSavesTheSummary(t *testing.T) {
	tab, _, _, _ := newSettingsTab(t)
	var out bufCloser
	tab.SaveSummaryTo(&out, "summary.csv")
	if !out.closed || !strings.Contains(out.String(), "Leanne Smith") || tab.Status.Text != "Sync summary saved to summary.csv." {
		t.Fatalf("summary: closed %v, %q, status %q", out.closed, out.String(), tab.Status.Text)
	}
}
