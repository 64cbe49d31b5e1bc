package linking_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// The History tab names people: "Partner: nobody → Pita Clarke", never "Partner: 0 → 1".
func TestHistoryNamesPartnerAndManager(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	pita, err := r.st.AddTeamMember(ctx, store.TeamMember{Name: "Pita Clarke", Email: "pita@k.nz"})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.st.UpsertXPMStaff(ctx, []model.Staff{{UUID: "x-ana", Name: "Ana Smith"}}); err != nil {
		t.Fatal(err)
	}
	id := r.local(t, model.Client{Name: "Kereama & Co"})
	tx, err := r.st.DB().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range []store.FieldChange{
		{ClientID: id, Field: "AccountManager", Old: "0", New: fmt.Sprint(pita), Source: store.SourceUser},
		{ClientID: id, Field: "JobManager", Old: "", New: "x-ana", Source: store.SourceXPM},
		{ClientID: id, Field: "JobManager", Old: "x-gone", New: "99", Source: store.SourceUser},
		{ClientID: id, Field: "Phone", Old: "1", New: "2", Source: store.SourceUser},
	} {
		if err := r.st.AddHistoryTx(ctx, tx, h); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	d, err := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, h := range d.History {
		lines = append(lines, h.Field+": "+h.Old+" → "+h.New)
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{"AccountManager: nobody → Pita Clarke", "JobManager: nobody → Ana Smith",
		"JobManager: an XPM staff member no longer listed → a team member since removed", "Phone: 1 → 2"} {
		if !strings.Contains(got, want) {
			t.Fatalf("history lacks %q:\n%s", want, got)
		}
	}
}
