package health

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
)

func openStore(t testing.TB) *store.Store {
	t.Helper()
	return storetest.Open(t) // SQLite, or PostgreSQL when the run asks for it
}

// seedSmall makes a practice: a linked partner, an unlinked manager, a local client, its XPM
// twin not imported, and a local client linked to an archived XPM client.
func seedSmall(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.UpsertXPMStaff(ctx, []model.Staff{{UUID: "s-ann", Name: "Ann Partner"}, {UUID: "s-bob", Name: "Bob Manager"}}))
	ann, err := st.AddTeamMember(ctx, store.TeamMember{Name: "Ann Partner"})
	must(err)
	must(st.LinkTeamMember(ctx, ann, "s-ann", "manual"))
	bob, err := st.AddTeamMember(ctx, store.TeamMember{Name: "Bob Local"})
	must(err)
	base := model.Client{Phone: "09 300 1000", PostalAddress: "PO Box 1", PostCode: "1010", Country: "New Zealand"}
	smith := base
	smith.Name, smith.Email = "Smith & Co", "office@smithco.nz"
	smith.Contacts = []model.Contact{{Name: "Jo Smith", Email: "jo@smithco.nz", Mobile: "021 555 0101 (Jo)", IsPrimary: true}}
	_, err = st.InsertClient(ctx, &store.LocalClient{Client: smith, PartnerStaffID: ann, ManagerStaffID: bob})
	must(err)
	twin := base
	twin.UUID, twin.Name, twin.Email = "x-smith", "Smith and Co Limited", "Office@SmithCo.nz "
	twin.AccountManager, twin.JobManager = model.Ref{UUID: "s-ann"}, model.Ref{UUID: "s-bob"}
	twin.Contacts = []model.Contact{{UUID: "k1", Name: "Jo Smith", Email: "jo@smithco", IsPrimary: true}}
	old := base
	old.UUID, old.Name, old.Email, old.IsArchived = "x-old", "Old Client Ltd", "old@client.nz", true
	_, err = st.UpsertXPMClients(ctx, 1, []model.Client{twin, old})
	must(err)
	oldLocal := old
	oldLocal.IsArchived = false
	_, err = st.InsertClient(ctx, &store.LocalClient{Client: oldLocal, XPMUUID: "x-old", PartnerStaffID: ann, ManagerStaffID: ann})
	must(err)
}

func TestReviewFromTheDatabase(t *testing.T) {
	st := openStore(t)
	seedSmall(t, st)
	ctx := context.Background()
	svc := &Service{St: st}
	r, err := svc.Review(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, f := range r.Open {
		var names []string
		for _, c := range f.Clients {
			names = append(names, c.Name)
		}
		got[f.Check] = append(got[f.Check], strings.Join(names, " + "))
	}
	want := map[string]string{
		CheckDuplicate:      "Smith & Co + Smith and Co Limited",
		CheckManagerUnlink:  "Smith & Co", // Bob is a team member not linked to XPM
		CheckArchivedLinked: "Old Client Ltd",
		CheckBadEmail:       "Smith and Co Limited",
		CheckBadMobile:      "Smith & Co", // a local contact's mobile
	}
	for check, names := range want {
		if len(got[check]) == 0 || got[check][0] != names {
			t.Errorf("%s: got %v, want %q first", check, got[check], names)
		}
	}
	if len(got[CheckManagerUnlink]) != 1 {
		t.Errorf("manager not linked: %v, want only the local Smith (an XPM client has XPM's own staff)", got[CheckManagerUnlink])
	}
	if len(got[CheckPartnerUnlink]) != 0 || len(got[CheckNoPartner]) != 0 {
		t.Errorf("Ann is linked, yet: %v %v", got[CheckPartnerUnlink], got[CheckNoPartner])
	}
	if r.Clients != 3 {
		t.Errorf("checked %d clients, want 3 (two local, one XPM only)", r.Clients)
	}
}

func TestNotAProblemIsRememberedUntilTheDataChanges(t *testing.T) {
	st := openStore(t)
	seedSmall(t, st)
	ctx := context.Background()
	svc := &Service{St: st}
	r, _ := svc.Review(ctx)
	var dup Finding
	for _, f := range r.Open {
		if f.Check == CheckDuplicate {
			dup = f
		}
	}
	if err := svc.Dismiss(ctx, dup, "jo"); err != nil {
		t.Fatal(err)
	}
	r, _ = svc.Review(ctx)
	for _, f := range r.Open {
		if f.Check == CheckDuplicate {
			t.Fatal("a dismissed duplicate still shows")
		}
	}
	if len(r.Hidden) != 1 {
		t.Fatalf("hidden = %d, want 1", len(r.Hidden))
	}
	dis, _ := Dismissals(ctx, st)
	if d := dis[dup.Key()]; d.By != "jo" || time.Since(d.At) > time.Minute {
		t.Errorf("dismissal = %+v, want by jo just now", d)
	}
	lc, err := st.Client(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	lc.Client.Email = "hello@smithco.nz"
	if err := st.UpdateClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	r, _ = svc.Review(ctx)
	back := false
	for _, f := range r.Open {
		back = back || f.Check == CheckDuplicate
	}
	if !back {
		t.Error("the duplicate did not show again after its data changed")
	}
}

func TestTrendKeeps90Days(t *testing.T) {
	st := openStore(t)
	seedSmall(t, st)
	ctx := context.Background()
	svc := &Service{St: st}
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i, day := range []int{-120, -30, -1, 0} {
		at := now.AddDate(0, 0, day)
		st.SetClock(func() time.Time { return at })
		if err := svc.AfterSync(ctx, int64(i+1)); err != nil {
			t.Fatal(err)
		}
	}
	pts, err := svc.Trend(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 3 {
		t.Fatalf("trend has %d points, want 3 (the one 120 days ago forgotten)", len(pts))
	}
	if pts[2].Counts[CheckDuplicate] != 1 || pts[2].Total == 0 {
		t.Errorf("last point = %+v", pts[2])
	}
}

func TestExportCSVIsFormulaSafe(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	_, err := st.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: "=HYPERLINK(\"x\")", Email: "+bad"}})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := (&Service{St: st}).ExportCSV(ctx, &b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Check" || len(rows) < 3 {
		t.Fatalf("rows = %v", rows)
	}
	for _, r := range rows[1:] {
		if strings.HasPrefix(r[1], "=") || strings.HasPrefix(r[4], "+") {
			t.Errorf("formula not neutralised: %v", r)
		}
	}
}
