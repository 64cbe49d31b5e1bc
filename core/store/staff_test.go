package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestTeamMemberLinkUnlinkAndPendingCreation(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return t0 })

	ann, err := s.AddTeamMember(ctx, TeamMember{Name: " Ann Lee ", Email: " ann@kereama.co.nz ", CreateDue: t0.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	bob, err := s.AddTeamMember(ctx, TeamMember{Name: "Bob Hare", XPMUUID: "x-bob", LinkHow: LinkImport})
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.TeamMember(ctx, ann)
	if err != nil || m.Name != "Ann Lee" || m.Email != "ann@kereama.co.nz" || m.Linked() {
		t.Fatalf("Ann read back as %+v, %v; want trimmed name and email, not linked", m, err)
	}

	if due, _ := s.DueStaffCreations(ctx, t0.Add(23*time.Hour)); len(due) != 0 {
		t.Fatalf("due after 23 h = %v, want none", due)
	}
	due, err := s.DueStaffCreations(ctx, t0.Add(24*time.Hour))
	if err != nil || len(due) != 1 || due[0].ID != ann {
		t.Fatalf("due after 24 h = %+v, %v; want Ann only", due, err)
	}

	// The XPM staff member linked to Bob cannot be linked to Ann as well, and the error names Bob.
	err = s.LinkTeamMember(ctx, ann, "x-bob", LinkManual)
	if !errors.Is(err, ErrStaffTaken) || !strings.Contains(err.Error(), "Bob Hare") {
		t.Fatalf("linking a taken staff member: %v; want ErrStaffTaken naming Bob Hare", err)
	}
	if err := s.MarkStaffCreateSent(ctx, ann, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkTeamMember(ctx, ann, "x-ann", LinkManual); err != nil {
		t.Fatal(err)
	}
	m, _ = s.TeamMember(ctx, ann)
	if m.XPMUUID != "x-ann" || m.LinkHow != LinkManual || !m.CreateDue.IsZero() || !m.CreateSentAt.IsZero() {
		t.Fatalf("after linking: %+v; want linked by hand with no creation pending", m)
	}
	if byU, err := s.TeamMemberByXPMUUID(ctx, "x-ann"); err != nil || byU.ID != ann {
		t.Fatalf("by UUID = %+v, %v", byU, err)
	}

	if err := s.UnlinkTeamMember(ctx, ann); err != nil {
		t.Fatal(err)
	}
	m, _ = s.TeamMember(ctx, ann)
	if m.Linked() || m.LinkHow != LinkUnlinked || !m.CreateDue.IsZero() {
		t.Fatalf("after unlinking: %+v; want unlinked and nothing pending", m)
	}
	if _, err := s.TeamMemberByXPMUUID(ctx, "x-ann"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("by UUID after unlink: %v, want ErrNotFound", err)
	}
	// The freed staff member can now go to someone else.
	if err := s.LinkTeamMember(ctx, bob, "x-ann", LinkManual); err != nil {
		t.Fatal(err)
	}
	if byU, err := s.TeamMemberByXPMUUID(ctx, "x-ann"); err != nil || byU.ID != bob {
		t.Fatalf("x-ann after relinking = %+v, %v; want Bob", byU, err)
	}

	m.Name, m.Email = "Ann Lee-Smith", "ann.smith@kereama.co.nz"
	if err := s.UpdateTeamMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	all, err := s.TeamMembers(ctx)
	if err != nil || len(all) != 2 || all[0].Name != "Ann Lee-Smith" || all[0].Email != "ann.smith@kereama.co.nz" {
		t.Fatalf("members = %+v, %v", all, err)
	}
	if err := s.UpdateTeamMember(ctx, TeamMember{ID: 999, Name: "Nobody"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("update of a missing member: %v, want ErrNotFound", err)
	}
}
