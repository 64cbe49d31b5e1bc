package screens

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"xpmsync/core/enginetest"
	"xpmsync/core/model"
	"xpmsync/core/staff"
)

// staffFixture is the real staff service over a fresh store whose XPM mirror holds xs; there
// is no connection, as when the app has synced once and is offline.
func staffFixture(t *testing.T, xs ...model.Staff) (*StaffTab, *staff.Service, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	st := enginetest.New(t).Store
	st.SetClock(func() time.Time { return staffNow })
	if err := st.UpsertXPMStaff(context.Background(), xs); err != nil {
		t.Fatal(err)
	}
	svc := staff.New(st, nil)
	tab := NewStaffTab(context.Background(), svc, testRun)
	w := test.NewTempWindow(t, tab.Content())
	w.Resize(fyne.NewSize(1200, 700))
	tab.Window = w
	tab.Reload()
	return tab, svc, w
}

func rowOf(t *testing.T, tab *StaffTab, name string) *StaffRow {
	t.Helper()
	for _, r := range tab.Rows {
		if r.Name.Text == name {
			return r
		}
	}
	t.Fatalf("no row for %s; rows: %d", name, len(tab.Rows))
	return nil
}

// staffNow is the fixture's clock; tests move it.
var staffNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

var (
	xAnn = model.Staff{UUID: "x-ann", Name: "Ann Lee", Email: "ann@kereama.co.nz"}
	xBob = model.Staff{UUID: "x-bob", Name: "Bob Hare", Email: "bob@kereama.co.nz"}
)

func TestStaffTabEmptyStateSaysWhatToDo(t *testing.T) {
	tab, _, w := staffFixture(t, xAnn)
	if len(tab.Rows) != 0 || !tab.LinkAll.Disabled() {
		t.Fatalf("rows %d, Link all enabled %v", len(tab.Rows), !tab.LinkAll.Disabled())
	}
	found := false
	for _, o := range test.LaidOutObjects(w.Canvas().Content()) {
		if l, ok := o.(*widget.Label); ok && l.Visible() && strings.HasPrefix(l.Text, "Import your people from XPM") {
			found = true
		}
	}
	if !found {
		t.Fatal("the empty tab does not say what to do")
	}
}

func TestStaffTabLinkByDropdownAndUnlink(t *testing.T) {
	tab, svc, _ := staffFixture(t, xAnn, xBob)
	ctx := context.Background()
	if _, err := svc.AddMember(ctx, staff.Member{Name: "Ann", Email: "ann@kereama.co.nz"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddMember(ctx, staff.Member{Name: "Jo Parata", Email: "jo@elsewhere.nz"}); err != nil {
		t.Fatal(err)
	}
	tab.Reload()

	ann, jo := rowOf(t, tab, "Ann"), rowOf(t, tab, "Jo Parata")
	if ann.Status.Text != "Linked by email" || ann.Status.Importance != widget.SuccessImportance || ann.XPM.Selected != "Ann Lee" || ann.XPMEmail.Text != "ann@kereama.co.nz" {
		t.Fatalf("Ann: %q (%v), select %q", ann.Status.Text, ann.Status.Importance, ann.XPM.Selected)
	}
	if jo.Status.Text != "Will be created in XPM in 24 h" || jo.Status.Importance != widget.WarningImportance {
		t.Fatalf("Jo: %q", jo.Status.Text)
	}
	// Jo's dropdown offers only the XPM staff nobody is linked to, by name while names are unique.
	if !slices.Equal(jo.XPM.Options, []string{"Bob Hare"}) {
		t.Fatalf("Jo's choices = %q", jo.XPM.Options)
	}

	jo.XPM.SetSelected("Bob Hare")
	jo = rowOf(t, tab, "Jo Parata")
	if jo.Status.Text != "Linked by hand" || jo.XPM.Selected != "Bob Hare" || jo.Unlink.Disabled() {
		t.Fatalf("after choosing Bob: %q, select %q", jo.Status.Text, jo.XPM.Selected)
	}
	if !strings.Contains(tab.Message.Text, "Jo Parata is linked to XPM staff Bob Hare") {
		t.Fatalf("message = %q", tab.Message.Text)
	}
	if opts := rowOf(t, tab, "Ann").XPM.Options; slices.Contains(opts, "Bob Hare") {
		t.Fatalf("Bob is still offered to Ann after being linked to Jo: %q", opts)
	}

	test.Tap(jo.Unlink)
	jo = rowOf(t, tab, "Jo Parata")
	if !strings.HasPrefix(jo.Status.Text, "Not linked: unlinked by hand") || jo.XPM.Selected != "" || !jo.Unlink.Disabled() {
		t.Fatalf("after unlink: %q, select %q", jo.Status.Text, jo.XPM.Selected)
	}
	if !slices.Contains(jo.XPM.Options, "Bob Hare") {
		t.Fatalf("Bob should be offered again: %q", jo.XPM.Options)
	}

	// Why is Ann Lee not in the list? Because Ann holds her.
	test.Type(tab.Ask, "ann lee")
	if !strings.Contains(tab.Answer.Text, "Ann Lee is already linked to team member Ann") {
		t.Fatalf("answer = %q", tab.Answer.Text)
	}
}

func TestStaffTabAddMember(t *testing.T) {
	tab, _, w := staffFixture(t, xAnn)
	test.Tap(tab.AddButton)
	test.Tap(tab.MemberSave)
	if got := tab.MemberError.Text; got != "A team member needs a name." {
		t.Fatalf("saving with no name says %q", got)
	}
	test.Type(tab.MemberName, "Mere Tane")
	test.Type(tab.MemberEmail, "mere at kereama")
	test.Tap(tab.MemberSave)
	if !tab.MemberError.Visible() || !strings.Contains(tab.MemberError.Text, "not an email address") || len(tab.Rows) != 0 {
		t.Fatalf("a bad email was not caught: %q, rows %d", tab.MemberError.Text, len(tab.Rows))
	}
	if len(w.Canvas().Overlays().List()) == 0 {
		t.Fatal("the form closed on an error; the typed details would be lost")
	}
	tab.MemberEmail.SetText("mere@kereama.co.nz")
	test.Tap(tab.MemberSave)
	if len(w.Canvas().Overlays().List()) != 0 {
		t.Fatal("the form is still open after saving")
	}
	mere := rowOf(t, tab, "Mere Tane")
	if mere.Status.Text != "Will be created in XPM in 24 h" || mere.Email.Text != "mere@kereama.co.nz" {
		t.Fatalf("Mere: %q / %q", mere.Status.Text, mere.Email.Text)
	}
	if !strings.Contains(tab.Message.Text, "will be created in XPM in 24 h unless you link them by hand first") {
		t.Fatalf("message = %q", tab.Message.Text)
	}

	// Editing the email to Ann's links by email.
	test.Tap(mere.Edit)
	tab.MemberEmail.SetText("ANN@kereama.co.nz")
	test.Tap(tab.MemberSave)
	if got := rowOf(t, tab, "Mere Tane").Status.Text; got != "Linked by email" {
		t.Fatalf("after editing the email: %q", got)
	}
}

func TestStaffTabImportFromXPM(t *testing.T) {
	tab, _, w := staffFixture(t, xAnn, xBob)
	test.Tap(tab.ImportButton)
	if tab.ImportChoice == nil || len(w.Canvas().Overlays().List()) == 0 {
		t.Fatal("the import dialog did not open")
	}
	if !strings.Contains(tab.Message.Text, "Not connected to XPM") {
		t.Fatalf("offline import should say the list is from the last sync: %q", tab.Message.Text)
	}
	if !tab.ImportSave.Disabled() {
		t.Fatal("Import is enabled with nobody chosen")
	}
	tab.ImportChoice.SetSelected([]string{"Bob Hare · bob@kereama.co.nz"})
	test.Tap(tab.ImportSave)
	bob := rowOf(t, tab, "Bob Hare")
	if bob.Status.Text != "Linked: imported from XPM" || len(tab.Rows) != 1 {
		t.Fatalf("after import: %q, rows %d", bob.Status.Text, len(tab.Rows))
	}
	if tab.Summary.Text != "1 team member · 1 linked · 2 XPM staff" {
		t.Fatalf("summary = %q", tab.Summary.Text)
	}
}

func TestStaffTabCountdownMovesWithoutRebuildingRows(t *testing.T) {
	t.Cleanup(func() { staffNow = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) })
	tab, svc, _ := staffFixture(t, xBob)
	if _, err := svc.AddMember(context.Background(), staff.Member{Name: "Mere Tane", Email: "mere@kereama.co.nz"}); err != nil {
		t.Fatal(err)
	}
	tab.Reload()
	before := rowOf(t, tab, "Mere Tane")
	staffNow = staffNow.Add(19 * time.Hour)
	tab.Reload()
	after := rowOf(t, tab, "Mere Tane")
	if after != before || after.Status.Text != "Will be created in XPM in 5 h" {
		t.Fatalf("status %q; same row widgets %v (a rebuild would close an open dropdown)", after.Status.Text, after == before)
	}

	// A failed link resets the dropdown rather than showing a choice that did not happen.
	if _, err := svc.AddMember(context.Background(), staff.Member{Name: "Bob", Email: "bob@kereama.co.nz"}); err != nil {
		t.Fatal(err)
	}
	tab.Reload()
	stale := rowOf(t, tab, "Mere Tane")
	stale.uuidOf["Bob Hare"] = "x-bob" // the list as it was before Bob was linked
	stale.XPM.Options = append(stale.XPM.Options, "Bob Hare")
	stale.XPM.SetSelected("Bob Hare")
	if !strings.Contains(tab.Message.Text, "already linked") || tab.Message.Importance != widget.DangerImportance {
		t.Fatalf("message = %q", tab.Message.Text)
	}
	if got := rowOf(t, tab, "Mere Tane").XPM.Selected; got != "" {
		t.Fatalf("dropdown still shows %q after the link failed", got)
	}
}

// Someone added by mistake can be taken back: first their creation in XPM, then the person, each
// after a confirmation that says what XPM will and won't get, and each recorded.
func TestStaffTabDontCreateThenRemove(t *testing.T) {
	tab, svc, w := staffFixture(t, xAnn)
	if _, err := svc.AddMember(context.Background(), staff.Member{Name: "Zoe Prendergast", Email: "zoe@kereama.co.nz"}); err != nil {
		t.Fatal(err)
	}
	tab.Reload()
	zoe := rowOf(t, tab, "Zoe Prendergast")
	if !zoe.DontCreate.Visible() || zoe.Unlink.Visible() {
		t.Fatalf("a pending member offers Don't create %v, Unlink %v", zoe.DontCreate.Visible(), zoe.Unlink.Visible())
	}
	test.Tap(zoe.DontCreate)
	if !strings.Contains(tab.ConfirmText.Text, "XPM will not get a new staff member for Zoe Prendergast") {
		t.Fatalf("confirmation = %q", tab.ConfirmText.Text)
	}
	test.Tap(tab.ConfirmYes)
	zoe = rowOf(t, tab, "Zoe Prendergast")
	if zoe.DontCreate.Visible() || !strings.Contains(zoe.Status.Text, "not to be created in XPM") {
		t.Fatalf("after Don't create: %q, button shown %v", zoe.Status.Text, zoe.DontCreate.Visible())
	}
	if !strings.Contains(tab.Message.Text, "will not be created in XPM") {
		t.Fatalf("message = %q", tab.Message.Text)
	}

	test.Tap(zoe.Edit)
	test.Tap(tab.MemberRemove)
	if !strings.Contains(tab.ConfirmText.Text, "XPM is not affected") {
		t.Fatalf("remove confirmation = %q", tab.ConfirmText.Text)
	}
	test.Tap(tab.ConfirmYes)
	if len(tab.Rows) != 0 || len(w.Canvas().Overlays().List()) != 0 {
		t.Fatalf("rows %d, dialogs open %d", len(tab.Rows), len(w.Canvas().Overlays().List()))
	}
	if !strings.Contains(tab.Message.Text, "Zoe Prendergast removed") {
		t.Fatalf("message = %q", tab.Message.Text)
	}
}

// Removing a linked member says XPM keeps them; the add form has no Remove.
func TestStaffTabRemoveLinkedSaysXPMKeepsThem(t *testing.T) {
	tab, svc, w := staffFixture(t, xAnn)
	if _, err := svc.AddMember(context.Background(), staff.Member{Name: "Ann", Email: "ann@kereama.co.nz"}); err != nil {
		t.Fatal(err)
	}
	tab.Reload()
	test.Tap(tab.AddButton)
	if slices.Contains(test.LaidOutObjects(w.Canvas().Overlays().Top()), fyne.CanvasObject(tab.MemberRemove)) {
		t.Fatal("the Add form offers Remove")
	}
	tab.closeDialog()
	test.Tap(rowOf(t, tab, "Ann").Edit)
	test.Tap(tab.MemberRemove)
	if !strings.Contains(tab.ConfirmText.Text, "XPM keeps staff member Ann Lee") {
		t.Fatalf("confirmation = %q", tab.ConfirmText.Text)
	}
}
