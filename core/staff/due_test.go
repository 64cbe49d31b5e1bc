package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/xpm"
)

// memXPM is XPM's staff list in memory; addErr, when set, decides what an add answers after
// (apply=true) or instead of applying it.
type memXPM struct {
	mu     sync.Mutex
	staff  []model.Staff
	adds   int
	lists  int
	addErr func() (apply bool, err error)
}

func (m *memXPM) ListStaff(ctx context.Context) ([]model.Staff, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lists++
	return append([]model.Staff(nil), m.staff...), nil
}

func (m *memXPM) AddStaff(ctx context.Context, s model.Staff) (model.Staff, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.adds++
	apply, err := true, error(nil)
	if m.addErr != nil {
		apply, err = m.addErr()
	}
	if apply {
		s.UUID = fmt.Sprintf("x-new-%d", m.adds)
		m.staff = append(m.staff, s)
	}
	if err != nil {
		return model.Staff{}, err
	}
	return s, nil
}

func (m *memXPM) withEmail(email string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, s := range m.staff {
		if NormEmail(s.Email) == NormEmail(email) {
			n++
		}
	}
	return n
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newService(t *testing.T, api *memXPM) (*Service, *store.Store, *clock) {
	t.Helper()
	st := storetest.Open(t)
	clk := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st.SetClock(clk.now)
	if err := st.UpsertXPMStaff(context.Background(), api.staff); err != nil {
		t.Fatal(err)
	}
	return New(st, func() API { return api }), st, clk
}

func member(t *testing.T, st *store.Store, id int64) store.TeamMember {
	t.Helper()
	m, err := st.TeamMember(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func events(t *testing.T, st *store.Store, kind model.EventKind) []string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT result || ': ' || details FROM events WHERE kind = ? ORDER BY id`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func TestCreatedInXPMTwentyFourHoursAfterBeingAdded(t *testing.T) {
	api := &memXPM{staff: []model.Staff{{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"}}}
	svc, st, clk := newService(t, api)
	ctx := context.Background()
	m, err := svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "mere@k.nz"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := svc.Board(ctx)
	if got := b.Rows[0].Status; got != "Will be created in XPM in 24 h" {
		t.Fatalf("status right after adding = %q", got)
	}

	clk.advance(23*time.Hour + 59*time.Minute)
	if n, err := svc.RunDue(ctx, clk.now()); err != nil || n != 0 || api.adds != 0 {
		t.Fatalf("before 24 h: created %d, %v, adds %d; want nothing", n, err, api.adds)
	}
	b, _ = svc.Board(ctx)
	if got := b.Rows[0].Status; got != "Will be created in XPM in 1 min" {
		t.Fatalf("status a minute before = %q", got)
	}

	clk.advance(time.Minute)
	n, err := svc.RunDue(ctx, clk.now())
	if err != nil || n != 1 || api.withEmail("mere@k.nz") != 1 {
		t.Fatalf("at 24 h: created %d, %v; XPM has %d Mere; want exactly one created", n, err, api.withEmail("mere@k.nz"))
	}
	got := member(t, st, m.ID)
	if !got.Linked() || got.LinkHow != store.LinkCreated || !got.CreateDue.IsZero() {
		t.Fatalf("after creation: %+v; want linked as created, nothing pending", got)
	}
	if ev := events(t, st, EventCreated); len(ev) != 1 || !strings.HasPrefix(ev[0], "ok: Mere Tane created in XPM") {
		t.Fatalf("events = %q", ev)
	}
	// Ticks after that change nothing.
	for range 3 {
		clk.advance(time.Minute)
		if n, err := svc.RunDue(ctx, clk.now()); n != 0 || err != nil {
			t.Fatalf("later tick created %d, %v", n, err)
		}
	}
	if api.adds != 1 {
		t.Fatalf("adds = %d, want 1", api.adds)
	}
}

func TestManualLinkBeforeTwentyFourHoursCancelsCreation(t *testing.T) {
	api := &memXPM{staff: []model.Staff{{UUID: "x-mt", Name: "M. Tane", Email: "mtane@other.nz"}}}
	svc, st, clk := newService(t, api)
	ctx := context.Background()
	m, err := svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "mere@k.nz"})
	if err != nil {
		t.Fatal(err)
	}
	clk.advance(3 * time.Hour)
	if err := svc.Link(ctx, m.ID, "x-mt"); err != nil {
		t.Fatal(err)
	}
	clk.advance(48 * time.Hour)
	if n, err := svc.RunDue(ctx, clk.now()); n != 0 || err != nil || api.adds != 0 {
		t.Fatalf("after manual link: created %d, %v, adds %d; want none", n, err, api.adds)
	}
	if got := member(t, st, m.ID); got.XPMUUID != "x-mt" || got.LinkHow != store.LinkManual {
		t.Fatalf("member = %+v, want linked by hand to x-mt", got)
	}
	if ev := events(t, st, EventLinked); len(ev) != 1 || !strings.Contains(ev[0], "planned creation in XPM is cancelled") {
		t.Fatalf("link events = %q", ev)
	}
	// Unlinking later does not bring the creation back (seed 001: "is/was not mapped").
	if err := svc.Unlink(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	clk.advance(48 * time.Hour)
	if n, _ := svc.RunDue(ctx, clk.now()); n != 0 || api.adds != 0 {
		t.Fatalf("after unlink: created %d, want none", n)
	}
	if ev := events(t, st, EventUnlinked); len(ev) != 1 {
		t.Fatalf("unlink events = %q", ev)
	}
}

func TestEmailMatchInXPMMeansLinkNeverCreate(t *testing.T) {
	api := &memXPM{}
	svc, st, clk := newService(t, api)
	ctx := context.Background()
	m, err := svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "Mere@K.nz"})
	if err != nil {
		t.Fatal(err)
	}
	// Someone adds her in XPM directly; the local mirror has not seen it yet.
	api.staff = append(api.staff, model.Staff{UUID: "x-mere", Name: "Mere T", Email: " mere@k.nz"})
	clk.advance(CreateDelay)
	if n, err := svc.RunDue(ctx, clk.now()); n != 0 || err != nil || api.adds != 0 {
		t.Fatalf("created %d, %v, adds %d; want a link and no add", n, err, api.adds)
	}
	if got := member(t, st, m.ID); got.XPMUUID != "x-mere" || got.LinkHow != store.LinkEmail {
		t.Fatalf("member = %+v, want linked by email", got)
	}

	// Same email held by someone already linked: still never created.
	api.staff = append(api.staff, model.Staff{UUID: "x-desk", Name: "Front desk", Email: "desk@k.nz"})
	if err := svc.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	first, _ := svc.AddMember(ctx, Member{Name: "Desk one", Email: "desk@k.nz"})
	second, _ := svc.AddMember(ctx, Member{Name: "Desk two", Email: "desk@k.nz"})
	if member(t, st, first.ID).XPMUUID != "x-desk" || !member(t, st, second.ID).CreateDue.IsZero() {
		t.Fatalf("first should link, second should wait for a human: %+v / %+v", member(t, st, first.ID), member(t, st, second.ID))
	}
	clk.advance(2 * CreateDelay)
	if n, _ := svc.RunDue(ctx, clk.now()); n != 0 || api.adds != 0 {
		t.Fatalf("created %d for an email XPM already has", n)
	}
	b, _ := svc.Board(ctx)
	for _, r := range b.Rows {
		if r.Member.ID == second.ID && r.Status != "Not linked: the XPM staff with this email is linked to Desk one" {
			t.Fatalf("second desk status = %q", r.Status)
		}
	}
}

func TestCrashMidCreateNeverCreatesTwice(t *testing.T) {
	api := &memXPM{}
	svc, st, clk := newService(t, api)
	ctx := context.Background()
	m, _ := svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "mere@k.nz"})
	clk.advance(CreateDelay)

	// XPM applies the add but the answer is lost.
	api.addErr = func() (bool, error) {
		return true, fmt.Errorf("POST staff.api/add: %w: connection reset", xpm.ErrOutcomeUnknown)
	}
	if n, err := svc.RunDue(ctx, clk.now()); n != 0 || !errors.Is(err, xpm.ErrOutcomeUnknown) {
		t.Fatalf("lost answer: created %d, %v; want ErrOutcomeUnknown", n, err)
	}
	if got := member(t, st, m.ID); got.Linked() || got.CreateSentAt.IsZero() {
		t.Fatalf("after a lost answer: %+v; want unlinked with the add marked in flight", got)
	}
	b, _ := svc.Board(ctx)
	if !strings.HasPrefix(b.Rows[0].Status, "Being created in XPM") {
		t.Fatalf("status = %q", b.Rows[0].Status)
	}

	if _, err := svc.EditMember(ctx, m.ID, Member{Name: "Mere Tane", Email: "mere.tane@k.nz"}); err == nil {
		t.Fatal("the email changed while the add's outcome is unknown; the lookup by email would miss her")
	}
	// A fresh service over the same database is the app restarting after a crash.
	api.addErr = nil
	svc2 := New(st, func() API { return api })
	for range 3 {
		clk.advance(time.Minute)
		if _, err := svc2.RunDue(ctx, clk.now()); err != nil {
			t.Fatal(err)
		}
	}
	if api.adds != 1 || api.withEmail("mere@k.nz") != 1 {
		t.Fatalf("adds = %d, XPM has %d Mere; want the one add only", api.adds, api.withEmail("mere@k.nz"))
	}
	got := member(t, st, m.ID)
	if !got.Linked() || got.LinkHow != store.LinkCreated || !got.CreateSentAt.IsZero() {
		t.Fatalf("after recovery: %+v; want linked as created", got)
	}
	if ev := events(t, st, EventCreated); len(ev) != 2 || !strings.HasPrefix(ev[0], "pending:") || !strings.Contains(ev[1], "confirmed by email") {
		t.Fatalf("created events = %q", ev)
	}
}

func TestLostAddThatNeverReachedXPMIsSentAgainAfterLooking(t *testing.T) {
	api := &memXPM{}
	svc, _, clk := newService(t, api)
	ctx := context.Background()
	svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "mere@k.nz"})
	clk.advance(CreateDelay)
	api.addErr = func() (bool, error) { return false, fmt.Errorf("%w: timeout", xpm.ErrOutcomeUnknown) }
	if _, err := svc.RunDue(ctx, clk.now()); err == nil {
		t.Fatal("want an error for the lost add")
	}
	api.addErr = nil
	lists := api.lists
	if n, err := svc.RunDue(ctx, clk.now()); n != 1 || err != nil {
		t.Fatalf("retry: created %d, %v", n, err)
	}
	if api.lists != lists+1 || api.withEmail("mere@k.nz") != 1 {
		t.Fatalf("the retry must read XPM's list first (lists %d→%d) and create one Mere (%d)", lists, api.lists, api.withEmail("mere@k.nz"))
	}
}

func TestRefusedCreationIsRetriedLaterAndShown(t *testing.T) {
	api := &memXPM{addErr: func() (bool, error) {
		return false, &xpm.APIError{Method: "POST staff.api/add", Description: "Email address is invalid"}
	}}
	svc, st, clk := newService(t, api)
	ctx := context.Background()
	m, _ := svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "mere@k.nz"})
	clk.advance(CreateDelay)
	if n, err := svc.RunDue(ctx, clk.now()); n != 0 || err != nil {
		t.Fatalf("refusal: created %d, %v; want 0 and no error (recorded on the member)", n, err)
	}
	got := member(t, st, m.ID)
	if !got.CreateDue.Equal(clk.now().Add(RetryAfter)) || !got.CreateSentAt.IsZero() {
		t.Fatalf("after refusal: %+v; want retry in an hour", got)
	}
	b, _ := svc.Board(ctx)
	if want := "Will be created in XPM in 1 h (last try: XPM said: Email address is invalid)"; b.Rows[0].Status != want {
		t.Fatalf("status = %q, want %q", b.Rows[0].Status, want)
	}
	if ev := events(t, st, EventCreated); len(ev) != 1 || !strings.HasPrefix(ev[0], "failed:") {
		t.Fatalf("events = %q", ev)
	}
	api.addErr = nil
	clk.advance(RetryAfter)
	if n, _ := svc.RunDue(ctx, clk.now()); n != 1 {
		t.Fatalf("retry created %d, want 1", n)
	}
}

func TestNotConnectedCreationsWait(t *testing.T) {
	api := &memXPM{}
	svc, st, clk := newService(t, api)
	svc.api = func() API { return nil }
	ctx := context.Background()
	m, _ := svc.AddMember(ctx, Member{Name: "Mere Tane", Email: "mere@k.nz"})
	clk.advance(2 * CreateDelay)
	if n, err := svc.RunDue(ctx, clk.now()); n != 0 || err != nil {
		t.Fatalf("offline: %d, %v", n, err)
	}
	if got := member(t, st, m.ID); got.Linked() || got.CreateDue.IsZero() {
		t.Fatalf("offline: %+v; want still pending", got)
	}
}
