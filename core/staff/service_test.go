package staff

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

func TestAddMemberLinksByEmailAtOnce(t *testing.T) {
	api := &memXPM{staff: []model.Staff{{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"}}}
	svc, _, _ := newService(t, api)
	ctx := context.Background()
	m, err := svc.AddMember(ctx, Member{Name: "Ann", Email: " ANN@k.nz "})
	if err != nil {
		t.Fatal(err)
	}
	if m.XPMUUID != "x-ann" || m.LinkHow != store.LinkEmail || !m.CreateDue.IsZero() {
		t.Fatalf("member = %+v; want linked by email, nothing pending", m)
	}
	for _, bad := range []Member{{Name: "  "}, {Name: "Bob", Email: "bob at k.nz"}, {Name: "Cy", Mobile: "call me"}, {Name: "Di", Phone: "ring reception"}} {
		if _, err := svc.AddMember(ctx, bad); err == nil {
			t.Errorf("AddMember(%+v) accepted", bad)
		}
	}
	if _, err := svc.AddMember(ctx, Member{Name: "Eru", Mobile: "+64 21 555 0101", Phone: "(09) 555-0100"}); err != nil {
		t.Errorf("a member with ordinary numbers: %v", err)
	}
}

func TestMemberWithoutEmailIsNeverCreated(t *testing.T) {
	api := &memXPM{}
	svc, _, clk := newService(t, api)
	ctx := context.Background()
	m, _ := svc.AddMember(ctx, Member{Name: "Temp"})
	if !m.CreateDue.IsZero() {
		t.Fatalf("no-email member pending creation: %+v", m)
	}
	// Adding an email later starts the 24 hours from when they were added.
	clk.advance(2 * time.Hour)
	m, err := svc.EditMember(ctx, m.ID, Member{Name: "Temp Worker", Email: "temp@k.nz"})
	if err != nil {
		t.Fatal(err)
	}
	if !m.CreateDue.Equal(m.CreatedAt.Add(CreateDelay)) || m.Name != "Temp Worker" {
		t.Fatalf("after adding an email: %+v", m)
	}
	clk.advance(22 * time.Hour)
	if n, _ := svc.RunDue(ctx, clk.now()); n != 1 {
		t.Fatalf("created %d, want 1", n)
	}
}

func TestEditEmailToMatchXPMLinks(t *testing.T) {
	api := &memXPM{staff: []model.Staff{{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"}}}
	svc, _, _ := newService(t, api)
	ctx := context.Background()
	m, _ := svc.AddMember(ctx, Member{Name: "Ann", Email: "annie@k.nz"})
	if m.CreateDue.IsZero() {
		t.Fatal("want a pending creation")
	}
	m, err := svc.EditMember(ctx, m.ID, Member{Name: "Ann", Email: "ann@k.nz"})
	if err != nil || m.XPMUUID != "x-ann" || !m.CreateDue.IsZero() {
		t.Fatalf("after fixing the email: %+v, %v; want linked by email", m, err)
	}
}

func TestLinkByHandRules(t *testing.T) {
	api := &memXPM{staff: []model.Staff{
		{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"},
		{UUID: "x-bob", Name: "Bob Hare", Email: "bob@k.nz"},
	}}
	svc, _, _ := newService(t, api)
	ctx := context.Background()
	ann, _ := svc.AddMember(ctx, Member{Name: "Ann", Email: "ann@k.nz"})
	jo, _ := svc.AddMember(ctx, Member{Name: "Jo", Email: "jo@k.nz"})

	b, _ := svc.Board(ctx)
	if len(b.Options) != 1 || b.Options[0].UUID != "x-bob" {
		t.Fatalf("dropdown = %v; want only the unlinked Bob", b.Options)
	}
	err := svc.Link(ctx, jo.ID, "x-ann")
	if !errors.Is(err, store.ErrStaffTaken) || err.Error() != "Ann Lee is already linked to Ann. Unlink them from Ann first." {
		t.Fatalf("linking a taken staff member: %v", err)
	}
	if err := svc.Link(ctx, jo.ID, "x-nobody"); err == nil {
		t.Fatal("linking to staff XPM does not list was accepted")
	}
	if err := svc.Link(ctx, jo.ID, "x-bob"); err != nil { // emails differ: allowed by hand
		t.Fatal(err)
	}
	if u, _ := svc.LinkedUUID(ctx, jo.ID); u != "x-bob" {
		t.Fatalf("LinkedUUID = %q", u)
	}
	if m, ok, err := svc.ByXPMUUID(ctx, "x-ann"); !ok || err != nil || m.ID != ann.ID {
		t.Fatalf("ByXPMUUID = %+v, %v, %v", m, ok, err)
	}
	if _, ok, err := svc.ByXPMUUID(ctx, "x-none"); ok || err != nil {
		t.Fatalf("ByXPMUUID of unknown = %v, %v", ok, err)
	}
	if err := svc.Unlink(ctx, jo.ID); err != nil {
		t.Fatal(err)
	}
	if note, _ := svc.RoleNote(ctx, "Partner", jo.ID); !strings.HasPrefix(note, "Jo is not linked to XPM staff, so this Partner will not sync") {
		t.Fatalf("role note = %q", note)
	}
	if note, _ := svc.RoleNote(ctx, "Manager", ann.ID); note != "" {
		t.Fatalf("linked manager note = %q", note)
	}
}

func TestLinkAllByEmailRelinksWhatAutomaticLinkingLeaves(t *testing.T) {
	api := &memXPM{staff: []model.Staff{{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz"}}}
	svc, _, _ := newService(t, api)
	ctx := context.Background()
	ann, _ := svc.AddMember(ctx, Member{Name: "Ann", Email: "ann@k.nz"})
	if err := svc.Unlink(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := svc.AutoLink(ctx); n != 0 {
		t.Fatalf("automatic linking relinked someone unlinked by hand")
	}
	if n, err := svc.LinkAllByEmail(ctx); n != 1 || err != nil {
		t.Fatalf("Link all by email linked %d, %v; want 1", n, err)
	}
}

func TestImportFromXPM(t *testing.T) {
	api := &memXPM{staff: []model.Staff{
		{UUID: "x-ann", Name: "Ann Lee", Email: "ann@k.nz", Phone: "09 555 0101"},
		{UUID: "x-bob", Name: "Bob Hare", Email: "bob@k.nz"},
		{UUID: "x-cat", Name: "Cat Ng", Email: "cat@k.nz"},
	}}
	svc, st, _ := newService(t, api)
	ctx := context.Background()
	bob, _ := svc.AddMember(ctx, Member{Name: "Robert", Email: "bob@k.nz"})
	if err := svc.Unlink(ctx, bob.ID); err != nil { // keep him unlinked so import has to match him
		t.Fatal(err)
	}
	n, err := svc.Import(ctx, []string{"x-ann", "x-bob", "x-gone"})
	if err != nil || n != 2 {
		t.Fatalf("import = %d, %v; want 2", n, err)
	}
	all, _ := st.TeamMembers(ctx)
	if len(all) != 2 {
		t.Fatalf("members = %+v; want Ann imported and Robert linked, no duplicate Bob", all)
	}
	for _, m := range all {
		switch m.Name {
		case "Ann Lee":
			if m.XPMUUID != "x-ann" || m.LinkHow != store.LinkImport || m.Phone != "09 555 0101" {
				t.Errorf("Ann = %+v", m)
			}
		case "Robert":
			if m.XPMUUID != "x-bob" {
				t.Errorf("Robert = %+v", m)
			}
		default:
			t.Errorf("unexpected member %+v", m)
		}
	}
	if n, _ := svc.Import(ctx, []string{"x-ann"}); n != 0 {
		t.Fatalf("importing a linked staff member again made %d", n)
	}
	if ev := events(t, st, EventLinked); len(ev) != 3 { // Robert by email at add, Ann, Robert again
		t.Fatalf("link events = %q", ev)
	}
}
