package staff_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/staff"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// loopback starts the fake XPM on 127.0.0.1, signs in with PKCE and returns a real API client.
func loopback(t *testing.T) (*xpmfake.Server, *xpm.Client) {
	t.Helper()
	return xpmtest.Connect(t, xpmfake.Config{PMModule: true, Staff: 1, Seed: 11, DisableRateLimits: true},
		xpmtest.Quiet(), xpmtest.Retry(xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond}))
}

func openStore(t *testing.T, now func() time.Time) *store.Store {
	t.Helper()
	st := storetest.Open(t)
	st.SetClock(now)
	return st
}

// loseAddAnswer lets XPM apply staff.api/add and then cuts the answer, as a crash or a dropped
// connection would.
type loseAddAnswer struct {
	*xpm.Client
	fake *xpmfake.Server
}

func (l loseAddAnswer) AddStaff(ctx context.Context, s model.Staff) (model.Staff, error) {
	l.fake.SetFaults(xpmfake.Faults{TruncateXML: true})
	defer l.fake.SetFaults(xpmfake.Faults{})
	return l.Client.AddStaff(ctx, s)
}

type testClock struct{ t time.Time }

func (c *testClock) Now() time.Time          { return c.t }
func (c *testClock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func withEmail(fake *xpmfake.Server, email string) int {
	n := 0
	for _, s := range fake.Staff() {
		if staff.NormEmail(s.Email) == staff.NormEmail(email) {
			n++
		}
	}
	return n
}

func TestTwentyFourHourRuleAgainstFakeXPM(t *testing.T) {
	fake, api := loopback(t)
	// The app's clock jumps a day ahead; the fake's stays put so the access token stays valid.
	clk := &testClock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := openStore(t, clk.Now)
	ctx := context.Background()
	var current staff.API = loseAddAnswer{api, fake}
	svc := staff.New(st, func() staff.API { return current })

	m, err := svc.AddMember(ctx, staff.Member{Name: "Mere Tane", Email: "mere.tane@kereama.co.nz"})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(staff.CreateDelay)
	if _, err := svc.RunDue(ctx, clk.Now()); !errors.Is(err, xpm.ErrOutcomeUnknown) {
		t.Fatalf("cut answer: %v, want ErrOutcomeUnknown", err)
	}
	if withEmail(fake, "mere.tane@kereama.co.nz") != 1 {
		t.Fatal("the fake should hold the staff member whose answer was cut")
	}
	current = api
	for range 2 {
		clk.Advance(time.Minute)
		if _, err := svc.RunDue(ctx, clk.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if n := withEmail(fake, "mere.tane@kereama.co.nz"); n != 1 {
		t.Fatalf("XPM has %d Mere Tane after recovery, want 1", n)
	}
	got, _ := st.TeamMember(ctx, m.ID)
	if !got.Linked() || got.LinkHow != store.LinkCreated {
		t.Fatalf("after recovery: %+v", got)
	}

	// A normal creation over the wire.
	jo, _ := svc.AddMember(ctx, staff.Member{Name: "Jo Parata", Email: "jo@kereama.co.nz", Mobile: "021 555 0199"})
	clk.Advance(staff.CreateDelay)
	if n, err := svc.RunDue(ctx, clk.Now()); n != 1 || err != nil {
		t.Fatalf("created %d, %v", n, err)
	}
	jo, _ = st.TeamMember(ctx, jo.ID)
	var inXPM model.Staff
	for _, s := range fake.Staff() {
		if s.UUID == jo.XPMUUID {
			inXPM = s
		}
	}
	if inXPM.Name != "Jo Parata" || inXPM.Email != "jo@kereama.co.nz" || inXPM.Mobile != "021 555 0199" {
		t.Fatalf("XPM holds %+v for Jo", inXPM)
	}
}

// Partner and Manager follow the link both ways, whatever the direction, only when linked.
func TestPartnerAndManagerRoundTripAgainstFakeXPM(t *testing.T) {
	for _, dir := range []syncer.Direction{syncer.FromXPM, syncer.ToXPM} {
		t.Run(dir.String(), func(t *testing.T) { partnerManagerRoundTrip(t, dir) })
	}
}

func partnerManagerRoundTrip(t *testing.T, dir syncer.Direction) {
	fake, api := loopback(t)
	clk := fake.Clock()
	st := openStore(t, clk.Now)
	ctx := context.Background()
	ann := fake.PutStaff(model.Staff{Name: "Ann Lee", Email: "ann@kereama.co.nz"})
	bob := fake.PutStaff(model.Staff{Name: "Bob Hare", Email: "bob@kereama.co.nz"})
	client := fake.PutClient(model.Client{Name: "Harbour View Trust", AccountManager: model.Ref{UUID: ann.UUID}})

	if err := syncer.SavePolicy(ctx, st, syncer.Policy{Direction: dir, ImportAll: true, DefaultCountryCode: "64"}); err != nil {
		t.Fatal(err)
	}
	eng := syncer.New(st, api, syncer.Options{Now: clk.Now, NoAutoPush: true, Logger: slog.New(slog.DiscardHandler)})
	svc := staff.New(st, func() staff.API { return api })
	sync := func(kind syncer.Kind) {
		t.Helper()
		clk.Advance(time.Minute)
		if _, err := eng.Sync(ctx, kind, syncer.TriggerSchedule, nil); err != nil {
			t.Fatalf("sync: %v", err)
		}
		if _, err := svc.RunDue(ctx, clk.Now()); err != nil { // the scheduler's tick after a sync
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
	}
	local := func() store.LocalClient {
		t.Helper()
		ids, err := st.LinkedClientIDs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		lc, err := st.Client(ctx, ids[client.UUID])
		if err != nil {
			t.Fatal(err)
		}
		return lc
	}

	// Team members with the same emails as XPM link by email on the next tick.
	annM, _ := svc.AddMember(ctx, staff.Member{Name: "Ann", Email: "ANN@kereama.co.nz"})
	bobM, _ := svc.AddMember(ctx, staff.Member{Name: "Bob", Email: "bob@kereama.co.nz"})
	jo, _ := svc.AddMember(ctx, staff.Member{Name: "Jo", Email: "jo@elsewhere.nz"})
	sync(syncer.Full)
	if u, _ := svc.LinkedUUID(ctx, annM.ID); u != ann.UUID {
		t.Fatalf("Ann linked to %q, want %q", u, ann.UUID)
	}
	sync(syncer.Full)
	if lc := local(); lc.PartnerStaffID != annM.ID {
		t.Fatalf("from XPM: local partner = %d, want Ann (%d)", lc.PartnerStaffID, annM.ID)
	}

	// XPM → here: a Manager set in XPM arrives on the local client, whatever the direction.
	if err := fake.EditClient(client.UUID, func(c *model.Client) { c.JobManager = model.Ref{UUID: bob.UUID} }); err != nil {
		t.Fatal(err)
	}
	sync(syncer.Delta)
	if lc := local(); lc.ManagerStaffID != bobM.ID {
		t.Fatalf("from XPM: local manager = %d, want Bob (%d)", lc.ManagerStaffID, bobM.ID)
	}

	// Here → XPM: staff roles sync both ways whatever the direction.
	lc := local()
	lc.PartnerStaffID = bobM.ID
	if err := eng.SaveLocalClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.FlushOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := fake.Client(client.UUID); got.AccountManager.UUID != bob.UUID {
		t.Fatalf("to XPM: XPM partner = %+v, want Bob %s", got.AccountManager, bob.UUID)
	}

	// An unlinked team member as Manager stays local and the Clients tab can say why.
	lc = local()
	lc.ManagerStaffID = jo.ID
	if err := eng.SaveLocalClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.FlushOutbox(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := fake.Client(client.UUID); got.JobManager.UUID != bob.UUID {
		t.Fatalf("an unlinked manager reached XPM: %+v", got.JobManager)
	}
	if note, _ := svc.RoleNote(ctx, "Manager", jo.ID); !strings.HasPrefix(note, "Jo is not linked to XPM staff, so this Manager will not sync") {
		t.Fatalf("note = %q", note)
	}
}
