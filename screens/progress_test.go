package screens

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/activity"
	"xpmsync/core/enginetest"
	"xpmsync/core/model"
	"xpmsync/core/view"
)

type closeBuffer struct {
	bytes.Buffer
	closed bool
}

func (b *closeBuffer) Close() error { b.closed = true; return nil }

func newProgressFixture(t *testing.T) (*ProgressTab, *enginetest.Practice, time.Time) {
	t.Helper()
	test.NewTempApp(t)
	p := enginetest.New(t)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	p.Store.SetClock(func() time.Time { return now })
	ctx := context.Background()
	for _, e := range []view.Event{
		{At: now.Add(-80 * time.Hour), Kind: "client_updated", ClientName: "Old News Ltd"},
		{At: now.Add(-3 * time.Hour), Kind: "sync_started", Details: "delta sync (schedule)"},
		{At: now.Add(-3 * time.Hour).Add(time.Second), Kind: "client_updated", ClientName: "Bloggs Electrical Ltd", Details: "Updated from XPM: email"},
		{At: now.Add(-3 * time.Hour).Add(2 * time.Second), Kind: "conflict", Result: "warning", ClientName: "Harbour View Trust", Details: "Changed in both places"},
		{At: now.Add(-3 * time.Hour).Add(3 * time.Second), Kind: "sync_finished", Details: "3 clients checked"},
		{At: now.Add(-2 * time.Minute), Kind: "sync_failed", Result: "failed", Details: "XPM did not answer"},
	} {
		if err := p.Store.AddEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	for _, status := range []string{"ok", "failed"} {
		p.RecordRun(t, "delta", "schedule", status)
	}
	tab := NewProgressTab(activity.New(p.Store), testRun)
	tab.SetClock(func() time.Time { return now })
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1200, 800))
	tab.Window = w
	tab.Reload()
	return tab, p, now
}

func kindsOf(rows []view.Event) string {
	var k []string
	for _, r := range rows {
		k = append(k, string(r.Kind))
	}
	return strings.Join(k, ",")
}

func TestProgressTabListsThePast72HoursNewestFirst(t *testing.T) {
	tab, _, _ := newProgressFixture(t)
	if got := kindsOf(tab.Rows()); got != "sync_failed,sync_finished,conflict,client_updated,sync_started" {
		t.Fatalf("rows = %s", got)
	}
	if tab.Count.Text != "5 actions in the past 72 hours" {
		t.Fatalf("count = %q", tab.Count.Text)
	}
	if tab.Cell(0, 0) != "2 min ago" || tab.Cell(0, 1) != "Sync failed" || tab.Cell(0, 3) != "Failed" || tab.Cell(0, 4) != "XPM did not answer" {
		t.Fatalf("first row = %q %q %q %q", tab.Cell(0, 0), tab.Cell(0, 1), tab.Cell(0, 3), tab.Cell(0, 4))
	}
	if tab.Cell(2, 2) != "Harbour View Trust" || tab.Cell(2, 3) != "Needs a look" {
		t.Fatalf("conflict row = %q %q", tab.Cell(2, 2), tab.Cell(2, 3))
	}
	if b := tab.Chart.Buckets(); len(b) != 72 || b[71].OK != 1 || b[71].Failed != 1 {
		t.Fatalf("chart's current hour = %+v", b[len(b)-1])
	}
	if !strings.Contains(tab.Legend.Text, "1 succeeded") || !strings.Contains(tab.Legend.Text, "1 failed") {
		t.Fatalf("legend = %q", tab.Legend.Text)
	}
}

func TestProgressTabFiltersByKindResultAndClient(t *testing.T) {
	tab, _, _ := newProgressFixture(t)

	tab.Kind.SetSelected(activity.GroupSyncs)
	if got := kindsOf(tab.Rows()); got != "sync_failed,sync_finished,sync_started" {
		t.Fatalf("syncs = %s", got)
	}
	tab.Result.SetSelected("Failed")
	if got := kindsOf(tab.Rows()); got != "sync_failed" {
		t.Fatalf("failed syncs = %s", got)
	}
	tab.Kind.SetSelected(allKinds)
	tab.Result.SetSelected(allResults)
	test.Type(tab.Client, "bloggs")
	if got := kindsOf(tab.Rows()); got != "client_updated" || tab.Count.Text != "1 action in the past 72 hours" {
		t.Fatalf("client search = %s, %q", got, tab.Count.Text)
	}
	tab.Kind.SetSelected(activity.GroupConflict)
	if len(tab.Rows()) != 0 || !strings.HasPrefix(tab.Count.Text, "Nothing in the past 72 hours matches these filters") {
		t.Fatalf("no match: %d rows, %q", len(tab.Rows()), tab.Count.Text)
	}
	tab.Client.SetText("")
	if got := kindsOf(tab.Rows()); got != "conflict" {
		t.Fatalf("conflicts = %s", got)
	}
}

func TestProgressTabEmptyHistorySaysWhatToDo(t *testing.T) {
	test.NewTempApp(t)
	tab := NewProgressTab(activity.New(enginetest.New(t).Store), testRun)
	test.NewTempWindow(t, tab.Content())
	tab.Reload()
	if len(tab.Rows()) != 0 || !strings.Contains(tab.Count.Text, "connect to XPM on the Connection tab") {
		t.Fatalf("empty: %q", tab.Count.Text)
	}
	if tab.Review.Visible() || tab.Flagged.Visible() {
		t.Fatal("review links shown with nothing to review")
	}
	if !strings.Contains(tab.Legend.Text, "no syncs yet") {
		t.Fatalf("legend = %q", tab.Legend.Text)
	}
}

func TestProgressTabReviewLinksCountWhatWaitsOnTheUser(t *testing.T) {
	tab, p, now := newProgressFixture(t)
	ctx := context.Background()
	var ids []int64
	for _, name := range []string{"Harbour View Trust", "Gone Ltd"} {
		id, err := p.Store.InsertClient(ctx, &view.LocalClient{Client: model.Client{Name: name}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		if _, err := p.Store.DB().ExecContext(ctx, `UPDATE clients SET review = 'conflict' WHERE id = ?`, id); err != nil {
			t.Fatal(err)
		}
	}
	for i, who := range []string{"Mere Kereama", "Tane Kereama", "Kereama Family Trust"} {
		if _, err := p.Store.DB().ExecContext(ctx, `INSERT INTO import_items(client_id, kind, xpm_uuid, name, payload, first_seen_at, seen_at)
			VALUES(?, 'relationship', ?, ?, '{}', ?, ?)`, ids[0], fmt.Sprint("r", i), who, now.Format(time.RFC3339), now.Format(time.RFC3339)); err != nil {
			t.Fatal(err)
		}
	}
	var reviewed, flagged bool
	tab.OnReview = func() { reviewed = true }
	tab.OnFlagged = func() { flagged = true }
	tab.Reload()
	if !tab.Review.Visible() || tab.Review.Text != "Review new items (3)" || !tab.Flagged.Visible() || tab.Flagged.Text != "Flagged by a sync (2)" {
		t.Fatalf("links: %v %q, %v %q", tab.Review.Visible(), tab.Review.Text, tab.Flagged.Visible(), tab.Flagged.Text)
	}
	tapLink(tab.Review)
	tapLink(tab.Flagged)
	if !reviewed || !flagged {
		t.Fatalf("tapping asked to review imports=%v clients=%v", reviewed, flagged)
	}
}

// tapLink taps the middle of a link: a link reacts on its text only.
func tapLink(l *widget.Hyperlink) {
	size := l.Size()
	test.TapAt(l, fyne.NewPos(size.Width/2, size.Height/2))
}

func TestProgressTabExportsWhatTheFiltersShow(t *testing.T) {
	tab, _, _ := newProgressFixture(t)
	tab.Kind.SetSelected(activity.GroupConflict)
	var buf closeBuffer
	tab.ExportTo(&buf, "activity.csv")
	if !buf.closed {
		t.Fatal("file not closed")
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\r\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "Time,Action,Client,Result,Details") || !strings.Contains(lines[1], "Conflict,Harbour View Trust,Needs a look") {
		t.Fatalf("csv = %q", buf.String())
	}
	if !strings.HasPrefix(tab.Count.Text, "Exported to activity.csv.") || tab.Export.Disabled() {
		t.Fatalf("after export: %q, disabled=%v", tab.Count.Text, tab.Export.Disabled())
	}
}

func TestProgressTabShowsTheRunningSyncAndCancels(t *testing.T) {
	tab, _, _ := newProgressFixture(t)
	cancelled := false
	tab.OnCancel = func() { cancelled = true }
	if tab.Cancel.Visible() || tab.Bar.Visible() {
		t.Fatal("idle tab shows a running sync")
	}
	tab.SyncStarted("Full sync (you asked)")
	tab.SyncProgress("Fetching all clients from XPM", 1000, 0)
	if !tab.Busy.Visible() || tab.Step.Text != "Fetching all clients from XPM — 1,000 clients so far" {
		t.Fatalf("unknown total: busy=%v step=%q", tab.Busy.Visible(), tab.Step.Text)
	}
	tab.SyncProgress("Fetching all clients from XPM", 1204, 15000)
	if !tab.Bar.Visible() || tab.Busy.Visible() || tab.Bar.TextFormatter() != "1,204 of 15,000 clients" {
		t.Fatalf("bar visible=%v text=%q", tab.Bar.Visible(), tab.Bar.TextFormatter())
	}
	test.Tap(tab.Cancel)
	if !cancelled || !tab.Cancel.Disabled() {
		t.Fatalf("cancel: called=%v disabled=%v", cancelled, tab.Cancel.Disabled())
	}
	tab.SyncEnded("Sync cancelled; what was fetched before is kept.")
	if tab.Cancel.Visible() || tab.Bar.Visible() || tab.Title.Text != "No sync running" || tab.Step.Text != "Sync cancelled; what was fetched before is kept." {
		t.Fatalf("after end: cancel=%v bar=%v title=%q step=%q", tab.Cancel.Visible(), tab.Bar.Visible(), tab.Title.Text, tab.Step.Text)
	}
}
