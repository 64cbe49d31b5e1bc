package syncer

import (
	"fmt"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// The scenario matrix, in the spirit of rclone's bisync tests: for every direction × level ×
// field class, one field is changed in XPM, locally, or on both sides after a settled first
// sync; then a sync runs and both sides are checked. The expectations restate seed 000/001 in
// plain terms (expect below), independently of the engine's code.

type who int

const (
	xpmSide who = iota
	localSide
	bothSides
)

func (w who) String() string { return [...]string{"xpm", "local", "both"}[w] }

// fieldCase is one field of each class, with the value each side changes it to.
type fieldCase struct {
	key         string
	class       model.FieldClass
	orig, x, lo string // for staff roles: XPM staff UUIDs
}

var fieldCases = []fieldCase{
	{"Name", model.ClassName, "Acme Pty Ltd", "Acme (XPM edit)", "Acme (local edit)"},
	{"Phone", model.ClassEverything, "02 1111 1111", "02 2222 2222", "02 3333 3333"},
	{"Website", model.ClassFromXPM, "https://acme.example", "https://xpm.example", "https://local.example"},
	{"AccountManager", model.ClassStaffRole, "s-1", "s-2", "s-3"},
}

// expect restates the rules: which value each side ends with ("orig", "x" or "lo") and
// whether the client is flagged for a conflict.
func expect(dir Direction, lvl Level, class model.FieldClass, w who) (local, remote string, conflict bool) {
	synced := lvl == Everything || (lvl == NameOnly && (class == model.ClassName || class == model.ClassStaffRole))
	changedX, changedL := w != localSide, w != xpmSide
	if !synced {
		local, remote = "orig", "orig"
		if changedL {
			local = "lo"
		}
		if changedX {
			remote = "x"
		}
		return local, remote, false
	}
	final := ""
	switch {
	case class == model.ClassFromXPM: // only ever from XPM: a local edit is overwritten
		final = "orig"
		if changedX {
			final = "x"
		}
	case w == bothSides: // both changed: the direction wins and the client is flagged
		final, conflict = "x", true
		if dir == ToXPM {
			final = "lo"
		}
	case class == model.ClassStaffRole: // both ways: the side that changed wins
		final = map[bool]string{true: "x", false: "lo"}[changedX]
	case dir == FromXPM: // XPM is the source of truth
		final = map[bool]string{true: "x", false: "orig"}[changedX]
	default: // To XPM: this app is the source of truth
		final = map[bool]string{true: "lo", false: "orig"}[changedL]
	}
	return final, final, conflict
}

func TestScenarioMatrix(t *testing.T) {
	for _, dir := range []Direction{FromXPM, ToXPM} {
		for _, lvl := range []Level{Everything, NameOnly, Nothing} {
			for _, fc := range fieldCases {
				for _, w := range []who{xpmSide, localSide, bothSides} {
					name := fmt.Sprintf("%s/%s/%s/%s-changed", dir, lvl, fc.key, w)
					t.Run(name, func(t *testing.T) { runScenario(t, dir, lvl, fc, w) })
				}
			}
		}
	}
}

// staffRig adds three XPM staff s-1…s-3, each linked to a local team member.
func staffRig(t *testing.T, p Policy) (*rig, map[string]int64) {
	r := newRig(t, p)
	r.eng.opts.NoAutoPush = true
	ids := map[string]int64{}
	for i := 1; i <= 3; i++ {
		u := fmt.Sprintf("s-%d", i)
		r.api.staff = append(r.api.staff, model.Staff{UUID: u, Name: "Staff " + u, Email: u + "@practice.example"})
		id, err := r.st.AddTeamMember(r.ctx, store.TeamMember{Name: "Staff " + u, Email: u + "@practice.example"})
		if err != nil {
			t.Fatal(err)
		}
		if err := r.st.LinkTeamMember(r.ctx, id, u, "email"); err != nil {
			t.Fatal(err)
		}
		ids[u] = id
	}
	return r, ids
}

func runScenario(t *testing.T, dir Direction, lvl Level, fc fieldCase, w who) {
	r, staffIDs := staffRig(t, Policy{Direction: dir, Level: lvl})
	c := sampleClient("Acme Pty Ltd", person("Jane Citizen", "jane@acme.com.au", "0411 111 111"))
	c.Phone, c.Website = "02 1111 1111", "https://acme.example"
	c.AccountManager = model.Ref{UUID: "s-1", Name: "Staff s-1"}
	r.api.put(c)
	uuid := "c-0001"
	r.sync(Full)
	if _, err := r.eng.ImportClient(r.ctx, uuid); err != nil {
		t.Fatal(err)
	}
	r.sync(Full) // settled: nothing to do
	f, _ := model.FieldByKey(fc.key)
	val := map[string]string{"orig": fc.orig, "x": fc.x, "lo": fc.lo}

	if w != localSide {
		r.api.edit(uuid, func(c *model.Client) {
			if fc.class == model.ClassStaffRole {
				c.AccountManager = model.Ref{UUID: fc.x, Name: "Staff " + fc.x}
			} else {
				f.Set(c, fc.x)
			}
		})
	}
	if w != xpmSide {
		lc := r.local(uuid)
		if fc.class == model.ClassStaffRole {
			lc.PartnerStaffID = staffIDs[fc.lo]
		} else {
			f.Set(&lc.Client, fc.lo)
		}
		if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
			t.Fatal(err)
		}
	}
	res := r.sync(Delta)

	wantLocal, wantRemote, wantConflict := expect(dir, lvl, fc.class, w)
	lc := r.local(uuid)
	x := r.api.get(uuid)
	gotLocal, gotRemote := f.Get(&lc.Client), f.Get(&x)
	if fc.class == model.ClassStaffRole {
		gotLocal = ""
		for u, id := range staffIDs {
			if id == lc.PartnerStaffID {
				gotLocal = u
			}
		}
	}
	if gotLocal != val[wantLocal] {
		t.Errorf("local %s = %q, want %q (%s)", fc.key, gotLocal, val[wantLocal], wantLocal)
	}
	if gotRemote != val[wantRemote] {
		t.Errorf("XPM %s = %q, want %q (%s)", fc.key, gotRemote, val[wantRemote], wantRemote)
	}
	if got := lc.Review == "conflict"; got != wantConflict {
		t.Errorf("flagged for conflict = %v (review %q), want %v", got, lc.Review, wantConflict)
	}
	if (res.Conflicts > 0) != wantConflict {
		t.Errorf("result conflicts = %d, want conflict %v", res.Conflicts, wantConflict)
	}
	hist, err := r.st.History(r.ctx, lc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if wantConflict {
		// The losing value is kept.
		loser := fc.lo
		if dir == ToXPM {
			loser = fc.x
		}
		found := false
		for _, h := range hist {
			if h.Field == fc.key && h.Source == store.SourceConflict && h.Old == loser {
				found = true
			}
		}
		if !found {
			t.Errorf("no conflict history row keeping %q: %+v", loser, hist)
		}
		if len(r.events("conflict")) == 0 {
			t.Errorf("no conflict event")
		}
	}
	if wantLocal == "x" && gotLocal != fc.orig {
		found := false
		for _, h := range hist {
			if h.Field == fc.key && (h.Source == store.SourceXPM || h.Source == store.SourceConflict) && h.New == fc.x {
				found = true
			}
		}
		if !found {
			t.Errorf("XPM's change was applied without a history row: %+v", hist)
		}
	}
	// The next sync has nothing left to do, and nothing is waiting in the outbox.
	again := r.sync(Delta)
	if again.Updated != 0 || again.Pushed != 0 || again.Conflicts != 0 {
		t.Errorf("a further sync still changed things: %+v", again)
	}
	if open, failed, _ := r.st.OutboxCounts(r.ctx); open != 0 || failed != 0 {
		t.Errorf("outbox: %d open, %d failed", open, failed)
	}
}
