package screens

import (
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/view"
)

// The edit form loads the Partner/Manager the client has, never "(nobody)" for a client with one.
func TestEditFormLoadsTheClientsManager(t *testing.T) {
	staff := []view.TeamMember{{ID: 1, Name: "Ana Smith", XPMUUID: "x-ana"}, {ID: 2, Name: "Pita Clarke", XPMUUID: "x-pita"}}
	cases := []struct {
		id          int64
		ref         model.Ref
		want, extra string
	}{
		{2, model.Ref{}, "Pita Clarke", ""},
		{0, model.Ref{UUID: "x-pita", Name: "Pita Clarke"}, "Pita Clarke", ""},
		{0, model.Ref{UUID: "x-hine", Name: "Hine Kaur"}, "Hine Kaur (in XPM; not linked to a team member)", "Hine Kaur (in XPM; not linked to a team member)"},
		{0, model.Ref{}, "(nobody)", ""},
	}
	for _, c := range cases {
		got, extra := roleChoice(staff, c.id, c.ref)
		if got != c.want || extra != c.extra {
			t.Errorf("roleChoice(%d, %+v) = %q, %q; want %q, %q", c.id, c.ref, got, extra, c.want, c.extra)
		}
	}
	// Saving keeps an XPM-only choice as it was: it maps to no team member.
	if id := staffID(staff, "Hine Kaur (in XPM; not linked to a team member)"); id != 0 {
		t.Fatalf("the XPM-only label saved as team member %d", id)
	}
}
