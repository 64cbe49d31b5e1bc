package screens

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"xpmsync/core/model"
	"xpmsync/core/view"
)

// TestShots saves pictures of the contact and relationship forms and the Sync dialog with a
// blank side, for a person to look at: XPMSYNC_SHOTS=DIR go test -run TestShots ./screens/
func TestShots(t *testing.T) {
	dir := os.Getenv("XPMSYNC_SHOTS")
	if dir == "" {
		t.Skip("set XPMSYNC_SHOTS=DIR to save the pictures")
	}
	r := newClientsRig(t, true)
	fyne.CurrentApp().Settings().SetTheme(theme.DefaultTheme())
	_, _, aID, _ := r.linkedPair(t)
	ctx := context.Background()
	_, err := r.Engine.SaveContact(ctx, aID, model.Contact{Name: "Hemi Walker", Email: "hemi@aroha.example", Mobile: "021 555 0101", Position: "Director", IsPrimary: true})
	must(t, err)
	r.Engine.Wait()
	r.tab.Detail.reshow()
	r.tab.Detail.Tabs.SelectIndex(1)
	shot(t, r, filepath.Join(dir, "contacts-tab.png"))
	test.Tap(r.tab.Detail.AddContact)
	f := r.tab.Detail.ContactFormOpen()
	test.Type(f.Entries["Name"], "Ana Silva")
	test.Type(f.Entries["Email"], "ana@example")
	test.Type(f.Entries["Mobile"], "0412 345 678 (work)")
	shot(t, r, filepath.Join(dir, "contacts-form.png"))
	f.dlg.Hide()

	r.tab.Detail.Tabs.SelectIndex(2)
	test.Tap(r.tab.Detail.AddRelation)
	rf := r.tab.Detail.RelationshipFormOpen()
	rf.Type.SetSelected("Partner")
	test.Type(rf.Find, "Bridget")
	test.Type(rf.Percent, "150")
	test.Type(rf.Start, "2024-13-01")
	shot(t, r, filepath.Join(dir, "relationships-form.png"))
	rf.dlg.Hide()

	r.SavePolicy(t, view.Policy{Direction: view.ToXPM, Level: view.Everything, DefaultCountryCode: "64"})
	x := r.xpmClient(t, model.Client{Name: "Kauri Builders Ltd", Address: "12 Kauri Rd", City: "Whangarei", PostCode: "0110",
		Phone: "09 430 1111", Fax: "09 430 2222"})
	r.localClient(t, model.Client{Name: "Kauri Builders Ltd", Phone: "09 430 9999"}, x.UUID)
	r.tab.Reload()
	r.choose(t, x.Name)
	test.Tap(r.tab.Detail.Sync)
	test.Tap(r.tab.SyncDlg().Row("City").Check)
	test.Tap(r.tab.SyncDlg().Row("City").Dir)
	test.Tap(r.tab.SyncDlg().Row("Phone").Check)
	shot(t, r, filepath.Join(dir, "sync-blank.png"))
	test.Tap(r.tab.SyncDlg().Apply)
	shot(t, r, filepath.Join(dir, "sync-clear-confirm.png"))
}

func shot(t *testing.T, r *clientsRig, path string) {
	t.Helper()
	img := r.win.Canvas().Capture()
	f, err := os.Create(path)
	must(t, err)
	defer f.Close()
	must(t, png.Encode(f, img))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
