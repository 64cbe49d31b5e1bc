package syncer

import (
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// To XPM, a local edit is sent at once; if XPM changed the same field since the last sync,
// the push still wins but XPM's value is kept in the history and the client is flagged,
// even though no pull saw XPM's edit first.
func TestPushTimeConflictKeepsXPMValue(t *testing.T) {
	r := newRig(t, Policy{Direction: ToXPM, Level: Everything, ImportAll: true})
	r.eng.opts.NoAutoPush = true
	r.api.put(sampleClient("Acme"))
	r.sync(Full)
	r.api.edit("c-0001", func(c *model.Client) { c.Fax = "02 8888 8888" })
	lc := r.local("c-0001")
	lc.Client.Fax = "02 7777 7777"
	if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if n, err := r.eng.FlushOutbox(r.ctx); err != nil || n != 1 {
		t.Fatalf("flush: %d, %v", n, err)
	}
	if got := r.api.get("c-0001").Fax; got != "02 7777 7777" {
		t.Fatalf("XPM fax = %q", got)
	}
	lc = r.local("c-0001")
	if lc.Review != "conflict" {
		t.Fatalf("review = %q", lc.Review)
	}
	hist, _ := r.st.History(r.ctx, lc.ID)
	found := false
	for _, h := range hist {
		if h.Field == "Fax" && h.Source == store.SourceConflict && h.Old == "02 8888 8888" && h.New == "02 7777 7777" {
			found = true
		}
	}
	if !found {
		t.Fatalf("XPM's value not kept: %+v", hist)
	}
	if res := r.sync(Delta); res.Updated != 0 || res.Pushed != 0 || res.Conflicts != 0 {
		t.Fatalf("sync after the push: %+v", res)
	}
}

// A contact field changed on both sides is a conflict like a client field.
func TestContactConflictFollowsDirection(t *testing.T) {
	for _, dir := range []Direction{FromXPM, ToXPM} {
		t.Run(dir.String(), func(t *testing.T) {
			r := newRig(t, Policy{Direction: dir, Level: Everything, ImportAll: true})
			r.eng.opts.NoAutoPush = true
			r.api.put(sampleClient("Acme", person("Jane", "jane@acme.com", "")))
			r.sync(Full)
			r.api.edit("c-0001", func(c *model.Client) { c.Contacts[0].Email = "jane@xpm.com" })
			lc := r.local("c-0001")
			lc.Client.Contacts[0].Email = "jane@local.com"
			if err := r.eng.SaveLocalClient(r.ctx, &lc); err != nil {
				t.Fatal(err)
			}
			res := r.sync(Delta)
			if res.Conflicts != 1 {
				t.Fatalf("conflicts = %d", res.Conflicts)
			}
			want, loser := "jane@xpm.com", "jane@local.com"
			if dir == ToXPM {
				want, loser = loser, want
			}
			if got := r.local("c-0001").Client.Contacts[0].Email; got != want {
				t.Errorf("local email = %q, want %q", got, want)
			}
			if got := r.api.get("c-0001").Contacts[0].Email; got != want {
				t.Errorf("XPM email = %q, want %q", got, want)
			}
			hist, _ := r.st.History(r.ctx, r.local("c-0001").ID)
			found := false
			for _, h := range hist {
				if h.Source == store.SourceConflict && h.Old == loser {
					found = true
				}
			}
			if !found {
				t.Errorf("losing value %q not kept: %+v", loser, hist)
			}
		})
	}
}
