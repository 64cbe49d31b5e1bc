package screens

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"xpmsync/core/enginetest"
	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/view"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// testRun makes a tab do its background work the app's way (its own goroutine, the result through
// fyne.Do) but return only when it is done, so a tap returns with the answer on screen.
var testRun = WithRunner(Blocking)

// waitFor checks cond; with testRun, loads finish before the tap returns, so a false cond is a
// real failure, but the loop keeps tests robust should a tab start its own goroutine.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

// clientsRig is a Clients tab over a real store, engine and fake XPM reached in process
// (enginetest), seen by the tab only through its ClientsBackend interfaces.
type clientsRig struct {
	*enginetest.Practice
	tab *ClientsTab
	win fyne.Window
}

func newClientsRig(t *testing.T, online bool) *clientsRig {
	t.Helper()
	test.NewTempApp(t)
	r := &clientsRig{Practice: enginetest.New(t)}
	r.Connect(t, xpmfake.Config{Seed: 11, DisableRateLimits: true},
		xpmtest.InProcess(), xpmtest.Retry(xpm.RetryPolicy{MaxAttempts: 1}))
	api := func() linking.API { return r.API }
	if !online {
		api = func() linking.API { return nil }
	}
	r.tab = NewClientsTab(linking.New(r.Store, api, r.Engine), testRun)
	r.win = test.NewTempWindow(t, r.tab.Content())
	r.win.Resize(fyne.NewSize(1200, 800))
	r.tab.SetWindow(r.win)
	return r
}

func (r *clientsRig) xpmClient(t *testing.T, c model.Client) model.Client {
	t.Helper()
	c = r.Fake.PutClient(c)
	got, err := r.API.GetClient(context.Background(), c.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Store.UpsertXPMClients(context.Background(), 1, []model.Client{got}); err != nil {
		t.Fatal(err)
	}
	return got
}

func (r *clientsRig) localClient(t *testing.T, c model.Client, uuid string) int64 {
	t.Helper()
	c.UUID = uuid
	id, err := r.Store.InsertClient(context.Background(), &view.LocalClient{Client: c, XPMUUID: uuid})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func (r *clientsRig) names() []string {
	var out []string
	for _, row := range r.tab.Rows() {
		out = append(out, row.Name)
	}
	return out
}

// choose selects the list row named name, as a click would.
func (r *clientsRig) choose(t *testing.T, name string) {
	t.Helper()
	for i, row := range r.tab.Rows() {
		if row.Name == name {
			r.tab.List.Select(i)
			waitFor(t, "detail of "+name, func() bool { return r.tab.Detail.Title.Text == name })
			return
		}
	}
	t.Fatalf("%q is not in the list %v", name, r.names())
}

func TestClientsTabSearchAsYouType(t *testing.T) {
	r := newClientsRig(t, false)
	r.localClient(t, model.Client{Name: "Kereama & Co", Email: "office@kereama.co.nz"}, "")
	if _, err := r.Store.UpsertXPMClients(context.Background(), 1, []model.Client{
		{UUID: "u1", Name: "Bloggs Electrical Ltd", Contacts: []model.Contact{{UUID: "k1", Name: "Jo Bloggs"}}},
		{UUID: "u2", Name: "Harbour View Trust"},
	}); err != nil {
		t.Fatal(err)
	}
	r.tab.Reload()
	waitFor(t, "all three clients", func() bool { return len(r.tab.Keys()) == 3 && r.tab.Count.Text == "3 clients" })

	test.Type(r.tab.Search, "jo")
	waitFor(t, "the contact's client", func() bool {
		rows := r.tab.Rows()
		return len(rows) == 1 && rows[0].Name == "Bloggs Electrical Ltd" && rows[0].Kind == view.KindXPM
	})
	if r.tab.Count.Text != "1 client" {
		t.Fatalf("count = %q", r.tab.Count.Text)
	}
	r.tab.Search.SetText("")
	test.Type(r.tab.Search, "zzz")
	waitFor(t, "no match", func() bool { return len(r.tab.Keys()) == 0 })
	if r.tab.Count.Text != "No client matches “zzz”." {
		t.Fatalf("count = %q", r.tab.Count.Text)
	}

	// Arrows move in the list from the search box; the chosen client's detail follows.
	r.tab.Search.SetText("")
	r.win.Canvas().Focus(r.tab.Search)
	r.tab.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	r.tab.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	waitFor(t, "second row chosen", func() bool { return r.tab.Detail.Title.Text == "Harbour View Trust" })
	if !r.tab.Detail.ImportB.Visible() || r.tab.Detail.Edit.Visible() {
		t.Error("an XPM client not imported offers Import, not Edit")
	}
	r.tab.Search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp})
	waitFor(t, "first row chosen", func() bool { return r.tab.Detail.Title.Text == "Bloggs Electrical Ltd" })
}

func TestClientsTabFiltersAndSort(t *testing.T) {
	r := newClientsRig(t, false)
	x := r.xpmClient(t, model.Client{Name: "Aroha Bakery Ltd", Phone: "09 111 1111"})
	r.xpmClient(t, model.Client{Name: "Zeal Orchards"})
	r.localClient(t, model.Client{Name: "Aroha Bakery Ltd", Phone: "09 999 9999"}, x.UUID)
	r.localClient(t, model.Client{Name: "Mōhio Consulting"}, "")
	r.tab.Reload()
	waitFor(t, "three rows", func() bool { return len(r.tab.Keys()) == 3 })

	pick := func(label string) {
		t.Helper()
		r.tab.Filter.SetSelected(label)
	}
	pick("Has differences")
	if got := r.names(); len(got) != 1 || got[0] != "Aroha Bakery Ltd" {
		t.Fatalf("Has differences: %v", got)
	}
	if text, _, _ := rowBadge(r.tab.Rows()[0]); text != "differs" {
		t.Fatalf("a differing client's row is marked %q", text)
	}
	pick("Not linked")
	if got := r.names(); len(got) != 1 || got[0] != "Mōhio Consulting" {
		t.Fatalf("Not linked: %v", got)
	}
	pick("XPM clients not imported")
	if got := r.names(); len(got) != 1 || got[0] != "Zeal Orchards" || r.tab.Count.Text != "1 client" {
		t.Fatalf("XPM only: %v / %q", got, r.tab.Count.Text)
	}
	pick("Conflict")
	if len(r.tab.Keys()) != 0 || !strings.Contains(r.tab.Count.Text, "All clients") {
		t.Fatalf("an empty filter says what to do: %q", r.tab.Count.Text)
	}
	pick("All clients")
	r.tab.Sort.SetSelected(sortByChanged)
	if got := r.names(); got[0] != "Mōhio Consulting" {
		t.Fatalf("last change first: %v", got)
	}

	// Differences show in red with the XPM value under them, even offline.
	r.tab.Sort.SetSelected(sortByName)
	r.choose(t, "Aroha Bakery Ltd")
	if red := r.tab.Detail.RedFields(); len(red) != 1 || red[0] != "Phone" {
		t.Fatalf("red fields %v, want Phone", red)
	}
	if !r.tab.Detail.Sync.Visible() || r.tab.Detail.Sync.Text != "Sync differences (1)" {
		t.Fatalf("sync button: visible %v, %q", r.tab.Detail.Sync.Visible(), r.tab.Detail.Sync.Text)
	}
	// An action that needs XPM says plainly that XPM Sync is not connected, and what to do.
	test.Tap(r.tab.Detail.Refresh)
	if !strings.Contains(r.tab.Detail.Notice.Text, "not connected to XPM. Connect on the Connection tab") {
		t.Fatalf("offline refresh says %q", r.tab.Detail.Notice.Text)
	}

	// Export writes what is shown, safely.
	dir := t.TempDir()
	r.tab.Filter.SetSelected("Linked to XPM")
	r.tab.ExportTo(dir)
	files, _ := filepath.Glob(filepath.Join(dir, "clients-*.csv"))
	if len(files) != 1 {
		t.Fatalf("export wrote %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "Aroha Bakery Ltd") || strings.Contains(string(b), "Zeal Orchards") {
		t.Fatalf("export of the shown clients:\n%s", b)
	}
}

func TestClientsTabConnectLinksChosenXPMClient(t *testing.T) {
	r := newClientsRig(t, true)
	target := r.Fake.PutClient(model.Client{Name: "Harbour View Family Trust", Email: "trustees@harbour.nz", WebURL: ""})
	r.Fake.PutClient(model.Client{Name: "Harbour Lights Ltd"})
	id := r.localClient(t, model.Client{Name: "Harbour View Trust"}, "")
	r.tab.Reload()
	r.choose(t, "Harbour View Trust")
	if r.tab.Detail.Connect.Text != "Connect to XPM" {
		t.Fatalf("connect button says %q", r.tab.Detail.Connect.Text)
	}
	test.Tap(r.tab.Detail.Connect)
	dlg := r.tab.ConnectDlg()
	if dlg == nil || dlg.Query.Text != "Harbour View Trust" {
		t.Fatal("Connect dialog should search by the local name")
	}
	// The exact local name is not in XPM: edit the search, as the article says.
	dlg.Query.SetText("")
	test.Type(dlg.Query, "harbour")
	test.Tap(dlg.Find)
	if len(dlg.Candidates()) != 2 {
		t.Fatalf("candidates %+v", dlg.Candidates())
	}
	if dlg.Link.Disabled() == false {
		t.Fatal("Link must wait for a choice")
	}
	for i, c := range dlg.Candidates() {
		if c.Client.UUID == target.UUID {
			dlg.Results.Select(i)
		}
	}
	test.Tap(dlg.Link)
	lc, _ := r.Store.Client(context.Background(), id)
	if lc.XPMUUID != target.UUID {
		t.Fatalf("linked to %q, want %q", lc.XPMUUID, target.UUID)
	}
	waitFor(t, "Disconnect shown", func() bool { return r.tab.Detail.Connect.Text == "Disconnect" })
	if !r.tab.Detail.Open.Visible() {
		t.Error("a linked client offers Open in XPM")
	}
	var opened string
	r.tab.SetOpenURL(func(u *url.URL) error { opened = u.String(); return nil })
	test.Tap(r.tab.Detail.Open)
	if !strings.Contains(opened, target.UUID) {
		t.Errorf("Open in XPM opened %q", opened)
	}
	// A computer with no browser set up: plain words and the address, not the system's reason.
	r.tab.SetOpenURL(func(*url.URL) error { return errors.New(`exec: "xdg-open": executable file not found in $PATH`) })
	test.Tap(r.tab.Detail.Open)
	if msg := r.tab.Detail.Notice.Text; strings.Contains(msg, "exec") || !strings.Contains(msg, opened) {
		t.Errorf("a failed open says %q", msg)
	}
}

func TestClientsTabTwoWaySyncThroughDialog(t *testing.T) {
	r := newClientsRig(t, true)
	x := r.xpmClient(t, model.Client{Name: "Tui Orchards Ltd", Phone: "07 555 0101", Website: "https://old.tui.example",
		City: "Hastings", Fax: "07 555 0999"})
	id := r.localClient(t, model.Client{Name: "Tui Orchards Ltd", Phone: "07 555 0202", Website: "https://tui.example",
		City: "Havelock North", Fax: "07 555 0888"}, x.UUID)
	r.tab.Reload()
	r.choose(t, "Tui Orchards Ltd")
	if got := strings.Join(r.tab.Detail.RedFields(), ","); got != "City,Phone,Fax,Website" {
		t.Fatalf("red fields %s", got)
	}
	test.Tap(r.tab.Detail.Sync)
	dlg := r.tab.SyncDlg()
	if dlg == nil || len(dlg.Rows) != 4 || !dlg.Apply.Disabled() {
		t.Fatal("sync dialog lists the four fields, Apply waits for a tick")
	}
	// Website always comes from XPM (seed 000): never offered for sending.
	if w := dlg.Row("Website"); w.ToXPM || !w.Dir.Disabled() {
		t.Fatal("the Sync dialog offers to send Website, an XPM-only field")
	}
	// Phone: XPM is right (XPM >> here). Fax: ours is right (here >> XPM). City: left alone.
	test.Tap(dlg.Row("Phone").Check)
	test.Tap(dlg.Row("Fax").Check)
	if !dlg.Row("Fax").ToXPM {
		test.Tap(dlg.Row("Fax").Dir)
	}
	if !dlg.Row("Fax").ToXPM || dlg.Row("Phone").ToXPM {
		t.Fatal("direction arrows did not follow the taps")
	}
	test.Tap(dlg.Apply)
	if r.tab.SyncDlg() != nil {
		t.Fatalf("dialog still open: %q (apply disabled: %v)", dlg.Status.Text, dlg.Apply.Disabled())
	}

	lc, _ := r.Store.Client(context.Background(), id)
	remote, _ := r.Fake.Client(x.UUID)
	if lc.Client.Phone != "07 555 0101" {
		t.Errorf("local phone %q, want XPM's", lc.Client.Phone)
	}
	if remote.Fax != "07 555 0888" || remote.Website != "https://old.tui.example" {
		t.Errorf("XPM fax %q website %q, want our fax and XPM's own website", remote.Fax, remote.Website)
	}
	if lc.Client.City != "Havelock North" || remote.City != "Hastings" {
		t.Errorf("unticked City changed: here %q, XPM %q", lc.Client.City, remote.City)
	}
	waitFor(t, "only City still red", func() bool { return strings.Join(r.tab.Detail.RedFields(), ",") == "City,Website" })
	if !strings.Contains(r.tab.Detail.Notice.Text, "sent to XPM: Fax") {
		t.Errorf("notice %q", r.tab.Detail.Notice.Text)
	}
}

func TestClientsTabEditValidatesAndCreateOffersLink(t *testing.T) {
	r := newClientsRig(t, true)
	existing := r.Fake.PutClient(model.Client{Name: "O'Brien & Co. Ltd"})
	r.tab.Reload()
	test.Tap(r.tab.AddBtn)
	e := r.tab.EditDlg()
	if e == nil {
		t.Fatal("no add form")
	}
	test.Tap(e.Save)
	if !strings.Contains(e.Problem.Text, "needs a name") {
		t.Fatalf("empty name accepted: %q", e.Problem.Text)
	}
	test.Type(e.Entries["Name"], "OBrien Co Ltd")
	test.Type(e.Entries["Email"], "not an email")
	test.Tap(e.Save)
	if !strings.Contains(e.Problem.Text, "Email") {
		t.Fatalf("bad email accepted: %q", e.Problem.Text)
	}
	e.Entries["Email"].SetText("office@obrien.co.nz")
	test.Tap(e.Save)
	// XPM has it under another spelling: the add is stopped and the match offered first.
	ld := r.tab.LikelyDlg()
	if ld == nil || len(ld.Likely.XPM) != 1 {
		t.Fatalf("add went ahead without offering the XPM match: %+v", ld)
	}
	test.Tap(ld.AddAnyway)
	if r.tab.EditDlg() != nil {
		t.Fatalf("valid client not saved: %q", e.Problem.Text)
	}
	waitFor(t, "new client shown", func() bool { return r.tab.Detail.Title.Text == "OBrien Co Ltd" })

	before := len(r.Fake.Clients())
	test.Tap(r.tab.Detail.Create)
	dd := r.tab.DupDlg()
	if dd == nil || len(dd.Dups) != 1 || dd.Dups[0].Client.UUID != existing.UUID {
		t.Fatalf("duplicate not offered: %+v", dd)
	}
	test.Tap(dd.Links[0])
	r.Engine.Wait()
	if n := len(r.Fake.Clients()); n != before {
		t.Fatalf("XPM went from %d to %d clients: a duplicate was created", before, n)
	}
	waitFor(t, "linked instead", func() bool { return r.tab.Detail.Current().Linked() })
}

func TestClientsTabImportSuggestAndDisconnect(t *testing.T) {
	r := newClientsRig(t, false)
	r.xpmClient(t, model.Client{Name: "Pūriri Farms Ltd", Email: "office@puriri.nz"})
	r.xpmClient(t, model.Client{Name: "Kauri Cafe"})
	r.localClient(t, model.Client{Name: "Puriri Farms Ltd", Email: "OFFICE@puriri.nz"}, "")
	r.tab.Reload()
	if !r.tab.Matches.Visible() || r.tab.Matches.Text != "Resolve matches (1)" {
		t.Fatalf("matches button: visible %v, %q", r.tab.Matches.Visible(), r.tab.Matches.Text)
	}
	if ids, _ := r.Store.LinkedClientIDs(context.Background()); len(ids) != 0 {
		t.Fatal("a suggestion linked a client without a click")
	}

	// Importing an XPM-only client works offline: it only reads the last sync's copy.
	r.choose(t, "Kauri Cafe")
	test.Tap(r.tab.Detail.ImportB)
	waitFor(t, "imported client shown", func() bool {
		cur := r.tab.Detail.Current()
		return cur.Local != nil && cur.Linked() && cur.Client.Name == "Kauri Cafe"
	})
	rows := r.tab.Rows()
	for _, row := range rows {
		if row.Name == "Kauri Cafe" && row.Kind != view.KindLocal {
			t.Fatal("the imported client is still listed as an XPM client")
		}
	}
	r.tab.Detail.Disconnect()
	waitFor(t, "disconnected", func() bool { return !r.tab.Detail.Current().Linked() })
	if r.tab.Detail.Connect.Text != "Connect to XPM" || !r.tab.Detail.Create.Visible() {
		t.Fatalf("after Disconnect: %q, create visible %v", r.tab.Detail.Connect.Text, r.tab.Detail.Create.Visible())
	}
}

// An XPM client that import-all left out says why: XPM archived or deleted it.
func TestXPMOnlyRowsSayWhenXPMArchivedOrDeletedThem(t *testing.T) {
	for want, r := range map[string]view.ClientRow{
		"XPM client":                 {Kind: view.KindXPM},
		"XPM client, archived there": {Kind: view.KindXPM, Archived: true},
		"XPM client, deleted there":  {Kind: view.KindXPM, Deleted: true},
		"archived in XPM":            {Kind: view.KindLocal, XPMUUID: "x", Archived: true},
	} {
		if got, _, _ := rowBadge(r); got != want {
			t.Errorf("%+v: badge %q, want %q", r, got, want)
		}
	}
}
