package syncer_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// The child half of TestOutboxSurvivesSIGKILL: it signs in to the fake, sends the outbox of
// the database it is given until nothing is left, and exits.
func TestCrashChild(t *testing.T) {
	dir, base, tenant := os.Getenv("XPMSYNC_CRASH_DIR"), os.Getenv("XPMSYNC_CRASH_BASE"), os.Getenv("XPMSYNC_CRASH_TENANT")
	if dir == "" {
		t.Skip("run by TestOutboxSurvivesSIGKILL")
	}
	ctx := context.Background()
	tok, err := xpmtest.Login(ctx, base, xpmtest.DefaultClientID)
	if err != nil {
		t.Fatal(err)
	}
	api := xpm.New(xpm.Config{BaseURL: base, TenantID: tenant, Tokens: tok, Logger: slog.New(slog.DiscardHandler),
		Limiter: xpm.NewLimiter(xpm.LimiterConfig{PerMinute: -1}), Retry: xpm.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Millisecond, MaxAttempts: 3}})
	st, err := openLoc(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// Far in the future, so a change waiting out its backoff after a kill is due now.
	later := func() time.Time { return time.Now().Add(48 * time.Hour) }
	eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true, Now: later, InFlightGrace: time.Second})
	for range 20 {
		if _, err := eng.FlushOutbox(ctx); err != nil {
			t.Log(err)
		}
		if open, _, _ := st.OutboxCounts(ctx); open == 0 {
			return
		}
	}
	t.Fatal("the outbox did not empty")
}

// crashPlan is the queue of mixed changes the child sends, and what each should end as.
type crashPlan struct {
	a, b, c      store.LocalClient // linked clients
	newPhone     string
	addName      string
	edited       model.Contact // a contact of b, with a new email
	removed      model.Contact // a contact of c, removed here
	relID        int64         // relationship a → b added here
	oldRel       store.LocalRelationship
	createdID    int64
	createdName  string
	writesBefore int
}

// A child process sends a queue of mixed changes to the fake XPM and is killed with SIGKILL at
// random points, then started again until the queue is empty. The fake's own write log then
// proves every change reached XPM exactly once, and the local database and XPM agree.
func TestOutboxSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	r := newPeopleRig(t)
	plan := queueMixedChanges(t, r)
	r.fake.SetFaults(xpmfake.Faults{Latency: 150 * time.Millisecond})
	dir := filepath.Dir(r.st.Path())
	if r.st.Postgres() {
		dir = r.st.Path() // the test cluster trusts its users: the URL carries no password
	}
	must(t, r.st.Close())
	base := r.fake.BaseURL()
	kills := 0
	for round := 0; ; round++ {
		if round > 40 {
			t.Fatal("the queue never emptied")
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "XPMSYNC_CRASH_DIR="+dir, "XPMSYNC_CRASH_BASE="+base, "XPMSYNC_CRASH_TENANT="+r.fake.TenantID())
		must(t, cmd.Start())
		if round < 12 {
			time.Sleep(time.Duration(80+rand.IntN(400)) * time.Millisecond)
			if cmd.Process.Signal(syscall.SIGKILL) == nil {
				kills++
			}
			_ = cmd.Wait()
			t.Logf("round %d: killed; XPM has taken %d writes so far", round, len(r.fake.Writes())-plan.writesBefore)
			continue
		}
		r.fake.SetFaults(xpmfake.Faults{})
		if err := cmd.Wait(); err == nil {
			break
		}
	}
	st, err := openLoc(dir)
	must(t, err)
	t.Cleanup(func() { st.Close() })
	r.st = st
	t.Logf("%d kills", kills)
	checkExactlyOnce(t, r, plan)
	checkAgreement(t, r, plan)
}

func queueMixedChanges(t *testing.T, r *peopleRig) crashPlan {
	t.Helper()
	var withContacts []store.LocalClient
	for _, lc := range r.linked() {
		if len(lc.Client.Contacts) > 0 && lc.Client.Contacts[0].UUID != "" && !syncer.IsDerivedContact(lc.Client.Contacts[0]) {
			withContacts = append(withContacts, lc)
		}
	}
	if len(withContacts) < 3 {
		t.Fatalf("only %d linked clients with contacts", len(withContacts))
	}
	p := crashPlan{a: withContacts[0], b: withContacts[1], c: withContacts[2], newPhone: "09 555 0199", addName: "Crash Test Contact",
		createdName: "Kill Nine Ltd"}
	// A relationship already in XPM, to be removed during the crashes.
	oldID, err := r.eng.SaveRelationship(r.ctx, store.LocalRelationship{ClientID: p.c.ID, RelatedClientID: p.a.ID, Type: "Associate"})
	must(t, err)
	r.flush()
	p.oldRel, err = r.st.RelationshipTx(r.ctx, r.st.DB(), oldID)
	must(t, err)
	p.writesBefore = len(r.fake.Writes())

	a := p.a
	a.Client.Phone = p.newPhone
	must(t, r.eng.SaveLocalClient(r.ctx, &a))
	_, err = r.eng.SaveContact(r.ctx, p.a.ID, model.Contact{Name: p.addName, Email: "crash@example.com"})
	must(t, err)
	p.edited = p.b.Client.Contacts[0]
	p.edited.Email = "edited.after.crash@example.com"
	_, err = r.eng.SaveContact(r.ctx, p.b.ID, p.edited)
	must(t, err)
	p.removed = p.c.Client.Contacts[0]
	must(t, r.eng.RemoveContact(r.ctx, p.c.ID, p.removed))
	p.relID, err = r.eng.SaveRelationship(r.ctx, store.LocalRelationship{ClientID: p.a.ID, RelatedClientID: p.b.ID, Type: "Shareholder", NumberOfShares: "250"})
	must(t, err)
	must(t, r.eng.RemoveRelationship(r.ctx, oldID))
	p.createdID, err = r.st.InsertClient(r.ctx, &store.LocalClient{Client: model.Client{Name: p.createdName, Email: "accounts@killnine.example"}})
	must(t, err)
	must(t, r.eng.CreateInXPM(r.ctx, p.createdID))
	if open, _, _ := r.st.OutboxCounts(r.ctx); open != 7 {
		t.Fatalf("%d changes queued, want 7", open)
	}
	return p
}

// checkExactlyOnce counts, in the fake's write log, the writes XPM applied for each change.
func checkExactlyOnce(t *testing.T, r *peopleRig, p crashPlan) {
	t.Helper()
	writes := r.fake.Writes()[p.writesBefore:]
	count := func(what string, match func(w xpmfake.Write) bool) {
		n := 0
		for _, w := range writes {
			if w.OK && match(w) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s reached XPM %d times, want exactly once", what, n)
		}
	}
	count("the client edit", func(w xpmfake.Write) bool {
		return w.Op == "client.api/update" && strings.Contains(w.Body, p.a.XPMUUID) && strings.Contains(w.Body, p.newPhone)
	})
	count("the new contact", func(w xpmfake.Write) bool { return w.Op == "client.api/contact" && strings.Contains(w.Body, p.addName) })
	count("the contact edit", func(w xpmfake.Write) bool {
		return w.Method == "PUT" && w.Op == "client.api/contact/"+p.edited.UUID && strings.Contains(w.Body, p.edited.Email)
	})
	count("the contact removal", func(w xpmfake.Write) bool {
		return w.Method == "DELETE" && w.Op == "client.api/contact/"+p.removed.UUID
	})
	count("the new relationship", func(w xpmfake.Write) bool {
		return w.Op == "client.api/addrelationship" && strings.Contains(w.Body, p.b.XPMUUID)
	})
	count("the relationship removal", func(w xpmfake.Write) bool {
		return w.Op == "client.api/deleterelationship" && strings.Contains(w.Body, p.oldRel.XPMUUID)
	})
	count("the new client", func(w xpmfake.Write) bool { return w.Op == "client.api/add" && strings.Contains(w.Body, p.createdName) })
}

// checkAgreement compares the local database with XPM for every change.
func checkAgreement(t *testing.T, r *peopleRig, p crashPlan) {
	t.Helper()
	if open, failed, _ := r.st.OutboxCounts(r.ctx); open != 0 || failed != 0 {
		t.Errorf("outbox: %d open, %d failed", open, failed)
	}
	xa, _ := r.fake.Client(p.a.XPMUUID)
	la := mustClient(t, r, p.a.ID)
	added, ok := findByName(la.Client.Contacts, p.addName)
	if xa.Phone != p.newPhone || la.Client.Phone != p.newPhone {
		t.Errorf("phone here %q, XPM %q", la.Client.Phone, xa.Phone)
	}
	if xc, inXPM := findByName(xa.Contacts, p.addName); !ok || !inXPM || xc.UUID != added.UUID {
		t.Errorf("new contact here %+v, in XPM %+v", added, xc)
	}
	xb, _ := r.fake.Client(p.b.XPMUUID)
	if i := slices.IndexFunc(xb.Contacts, func(c model.Contact) bool { return c.UUID == p.edited.UUID }); i < 0 || xb.Contacts[i].Email != p.edited.Email {
		t.Errorf("edited contact in XPM: %+v", xb.Contacts)
	}
	xc, _ := r.fake.Client(p.c.XPMUUID)
	if slices.ContainsFunc(xc.Contacts, func(c model.Contact) bool { return c.UUID == p.removed.UUID }) {
		t.Error("the removed contact is still on the client in XPM")
	}
	if slices.ContainsFunc(xc.Relationships, func(m model.Relationship) bool { return m.UUID == p.oldRel.XPMUUID }) {
		t.Error("the removed relationship is still in XPM")
	}
	rel, err := r.st.RelationshipTx(r.ctx, r.st.DB(), p.relID)
	must(t, err)
	if !slices.ContainsFunc(xa.Relationships, func(m model.Relationship) bool { return m.UUID == rel.XPMUUID && m.NumberOfShares == "250" }) {
		t.Errorf("the new relationship %q is not in XPM: %+v", rel.XPMUUID, xa.Relationships)
	}
	created := mustClient(t, r, p.createdID)
	n := 0
	for _, x := range r.fake.Clients() {
		if x.Name == p.createdName {
			n++
			if x.UUID != created.XPMUUID {
				t.Errorf("created client linked to %q, XPM has %q", created.XPMUUID, x.UUID)
			}
		}
	}
	if n != 1 {
		t.Errorf("XPM has %d clients named %s", n, p.createdName)
	}
}

// openLoc opens the store at a SQLite folder or a PostgreSQL URL (the run's engine).
func openLoc(loc string) (*store.Store, error) {
	if store.IsPostgresURL(loc) {
		return store.OpenPostgres(context.Background(), loc)
	}
	return store.OpenDir(loc)
}
