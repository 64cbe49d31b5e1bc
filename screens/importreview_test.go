package screens

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xpmsync/core/enginetest"
	"xpmsync/core/importer"
	"xpmsync/core/model"
	"xpmsync/core/view"
)

// oneClientXPM answers GetClient with one detailed client.
type oneClientXPM struct{ c model.Client }

func (x oneClientXPM) GetClient(context.Context, string) (model.Client, error) { return x.c, nil }

type reviewFixture struct {
	*enginetest.Practice
	im     *importer.Importer
	client int64
	old    int64 // a shareholder the practice recorded by hand
}

// newReviewFixture links a local company to XPM, records a shareholder by hand, and imports:
// four items wait (director, shareholder, secretary, one contact).
func newReviewFixture(t *testing.T) *reviewFixture {
	t.Helper()
	ctx := context.Background()
	p := enginetest.New(t)
	st := p.Store
	x := model.Client{UUID: "co-1", Name: "Smith Holdings Ltd", Email: "admin@smith.test",
		Relationships: []model.Relationship{
			{UUID: "r-dir", Type: "Director", RelatedClient: model.Ref{UUID: "p-1", Name: "Jane Smith"}},
			{UUID: "r-sh", Type: "Shareholder", RelatedClient: model.Ref{UUID: "p-1", Name: "Jane Smith"}, NumberOfShares: "100"},
			{UUID: "r-sec", Type: "Secretary", RelatedClient: model.Ref{UUID: "p-2", Name: "Tom Smith"}},
		},
		Contacts: []model.Contact{{UUID: "ct-1", Name: "Ana Roa", Email: "ana@smith.test"}}}
	f := &reviewFixture{Practice: p}
	var err error
	f.client, err = st.InsertClient(ctx, &view.LocalClient{Client: model.Client{Name: "Smith Holdings"}, XPMUUID: "co-1"})
	if err != nil {
		t.Fatal(err)
	}
	err = st.WithTx(ctx, func(tx *sql.Tx) error {
		f.old, err = st.InsertRelationshipTx(ctx, tx, view.LocalRelationship{ClientID: f.client, RelatedName: "J. Smith", Type: "Shareholder"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f.im = importer.New(st, func() importer.API { return oneClientXPM{x} }, importer.Options{})
	if _, err := f.im.Run(ctx, []int64{f.client}, nil); err != nil {
		t.Fatal(err)
	}
	return f
}

func openReview(t *testing.T, f *reviewFixture, clientID int64) (*ImportReview, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	r := NewImportReview(f.im, clientID, "Smith Holdings Ltd", testRun)
	w := test.NewTempWindow(t, r.Content())
	w.Resize(fyne.NewSize(1000, 600))
	r.Window = w
	r.Reload()
	return r, w
}

func indexOf(t *testing.T, r *ImportReview, name, label string) int {
	t.Helper()
	for i, it := range r.Items() {
		if it.Name == name && it.Label == label {
			return i
		}
	}
	t.Fatalf("no row %s (%s) in %+v", name, label, r.Items())
	return -1
}

func TestImportReviewImportIgnoreLinkUntilAllDealtWith(t *testing.T) {
	f := newReviewFixture(t)
	r, _ := openReview(t, f, f.client)
	changed := 0
	r.OnChanged = func() { changed++ }
	if len(r.Items()) != 4 || r.Count.Text != "4 items to review" || r.Done.Visible() {
		t.Fatalf("start: %d items, count %q", len(r.Items()), r.Count.Text)
	}

	// Import the director as co-owner: the company's own email is refused and the form stays open.
	r.OpenImport(indexOf(t, r, "Jane Smith", "Director"))
	form := r.ImportForm
	if form == nil || form.Name.Text != "Jane Smith" || form.Relationship.Text != "Director" {
		t.Fatalf("import form %+v", form)
	}
	test.Tap(form.CoOwner)
	if !form.CoOwnerHint.Visible() {
		t.Error("ticking co-owner does not say an email no one uses is needed")
	}
	test.Type(form.Email, "admin@smith.test")
	test.Tap(form.Save)
	if r.ImportForm == nil || !form.Error.Visible() || !strings.Contains(form.Error.Text, "already the email of client Smith Holdings Ltd") {
		t.Fatalf("in-use email: form open %v, error %q", r.ImportForm != nil, form.Error.Text)
	}
	form.Email.SetText("")
	test.Type(form.Email, "jane.owner@smith.test")
	test.Tap(form.Save)
	if r.ImportForm != nil || len(r.Items()) != 3 || !strings.Contains(r.Status.Text, "co-owner") {
		t.Fatalf("after import: form open %v, %d items, status %q", r.ImportForm != nil, len(r.Items()), r.Status.Text)
	}

	// Ignore the secretary.
	r.IgnoreItem(indexOf(t, r, "Tom Smith", "Secretary"))
	if len(r.Items()) != 2 || !strings.Contains(r.Status.Text, "comes back the next time") {
		t.Fatalf("after ignore: %d items, status %q", len(r.Items()), r.Status.Text)
	}

	// Link the shareholder to the one recorded by hand.
	r.OpenLink(indexOf(t, r, "Jane Smith", "Shareholder"))
	lf := r.LinkForm
	if lf == nil || len(lf.Choices) != 1 || !lf.Link.Disabled() {
		t.Fatalf("link form %+v", lf)
	}
	lf.Choice.SetSelectedIndex(0)
	if !strings.Contains(lf.Warning.Text, "will be replaced with Jane Smith from XPM") || lf.Link.Disabled() {
		t.Fatalf("after choosing: warning %q", lf.Warning.Text)
	}
	test.Tap(lf.Link)
	if r.LinkForm != nil || len(r.Items()) != 1 {
		t.Fatalf("after link: form open %v, %d items", r.LinkForm != nil, len(r.Items()))
	}
	got, _ := f.Store.RelationshipTx(context.Background(), f.Store.DB(), f.old)
	if got.XPMUUID != "r-sh" || got.RelatedName != "Jane Smith" || got.NumberOfShares != "100" {
		t.Fatalf("the hand-recorded shareholder was not replaced: %+v", got)
	}

	// The contact has nothing to link to here: the form says so and offers Import instead.
	r.OpenLink(0)
	if r.LinkForm == nil || !r.LinkForm.Choice.Disabled() || !strings.Contains(r.LinkForm.Warning.Text, "Use Import instead") {
		t.Fatalf("link form without choices: %+v", r.LinkForm)
	}
	test.Tap(r.LinkForm.Cancel)

	// Tick the last one and ignore it in bulk: all dealt with.
	r.SetSelected(0, true)
	if r.IgnoreSelected.Disabled() || r.IgnoreSelected.Text != "Ignore selected items (1)" {
		t.Fatalf("ignore-selected button %q disabled=%v", r.IgnoreSelected.Text, r.IgnoreSelected.Disabled())
	}
	test.Tap(r.IgnoreSelected)
	if len(r.Items()) != 0 || !r.Done.Visible() || r.List.Visible() || r.IgnoreSelected.Visible() {
		t.Fatalf("after the last decision: %d items, done shown %v", len(r.Items()), r.Done.Visible())
	}
	if changed != 4 {
		t.Errorf("OnChanged called %d times, want once per decision (4)", changed)
	}
	if n, _ := f.im.PendingCount(context.Background()); n != 0 {
		t.Errorf("PendingCount after all dealt with = %d", n)
	}
}

func TestImportReviewSelectAllIgnoresEverySelectedRow(t *testing.T) {
	f := newReviewFixture(t)
	r, _ := openReview(t, f, 0) // every client, as from Integration Progress
	if !strings.Contains(r.Title.Text, "all clients") || len(r.Items()) != 4 {
		t.Fatalf("title %q, %d items", r.Title.Text, len(r.Items()))
	}
	if !r.IgnoreSelected.Disabled() {
		t.Fatal("Ignore selected items is enabled with nothing selected")
	}
	test.Tap(r.SelectAll)
	if r.Selected() != 4 || r.IgnoreSelected.Text != "Ignore selected items (4)" {
		t.Fatalf("select all: %d selected, %q", r.Selected(), r.IgnoreSelected.Text)
	}
	r.SetSelected(1, false)
	if r.SelectAll.Checked || r.Selected() != 3 {
		t.Fatalf("unticking one row: select-all %v, %d selected", r.SelectAll.Checked, r.Selected())
	}
	test.Tap(r.IgnoreSelected)
	if len(r.Items()) != 1 || r.Selected() != 0 || !strings.Contains(r.Status.Text, "Ignored 3 items") {
		t.Fatalf("after bulk ignore: %d items, %d selected, status %q", len(r.Items()), r.Selected(), r.Status.Text)
	}
	// The next import brings the ignored ones back.
	if _, err := f.im.Run(context.Background(), []int64{f.client}, nil); err != nil {
		t.Fatal(err)
	}
	r.Reload()
	if len(r.Items()) != 4 {
		t.Fatalf("after the next import %d items wait, want 4", len(r.Items()))
	}
}

func TestImportStartWarnsThenImportsAndOffersTheReview(t *testing.T) {
	test.NewTempApp(t)
	f := newReviewFixture(t)
	s := NewImportStart(f.im, []int64{f.client}, "Smith Holdings Ltd", testRun)
	w := test.NewTempWindow(t, s.Content())
	w.Resize(fyne.NewSize(560, 320))
	if !strings.Contains(s.Warning.Text, "Existing group member and entity information will be replaced") {
		t.Fatalf("warning %q", s.Warning.Text)
	}
	var reviewed int64 = -1
	done := false
	s.OnReview = func(id int64) { reviewed = id }
	s.OnDone = func(importer.Summary, error) { done = true }
	test.Tap(s.Continue)
	if !done || s.Err != nil || !s.stageResult.Visible() || s.stageWarning.Visible() {
		t.Fatalf("after Continue: done %v, err %v", done, s.Err)
	}
	if s.ResultHead.Text != "The import has finished" || !strings.Contains(s.Result.Text, "4 new items to review") || s.Review.Text != "Review new items (4)" || !s.Review.Visible() {
		t.Fatalf("result %q, review button %q", s.Result.Text, s.Review.Text)
	}
	test.Tap(s.Review)
	if reviewed != f.client {
		t.Fatalf("review opened for %d, want client %d", reviewed, f.client)
	}
}

func TestImportStartSaysWhenNotConnected(t *testing.T) {
	test.NewTempApp(t)
	im := importer.New(enginetest.New(t).Store, func() importer.API { return nil }, importer.Options{})
	s := NewImportStart(im, []int64{1}, "Smith Holdings Ltd", testRun)
	test.NewTempWindow(t, s.Content())
	test.Tap(s.Continue)
	if s.ResultHead.Text != "Nothing was imported" || !strings.Contains(s.Result.Text, "Connection tab") || s.Review.Visible() {
		t.Fatalf("not connected: %q, review shown %v", s.Result.Text, s.Review.Visible())
	}
}
