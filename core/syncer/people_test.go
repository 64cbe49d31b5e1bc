package syncer_test

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

type peopleRig struct {
	t    *testing.T
	ctx  context.Context
	fake *xpmfake.Server
	api  *xpm.Client
	st   *store.Store
	eng  *syncer.Engine
}

// newPeopleRig imports every XPM client of a small practice under To XPM + Everything.
func newPeopleRig(t *testing.T) *peopleRig {
	t.Helper()
	fake, api := startFake(t, xpmfake.Config{Clients: 12, Seed: 5, PMModule: true, DisableRateLimits: true})
	st := openStore(t, syncer.Policy{Direction: syncer.ToXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"})
	eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true})
	r := &peopleRig{t: t, ctx: context.Background(), fake: fake, api: api, st: st, eng: eng}
	if _, err := eng.Sync(r.ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	return r
}

// linked returns local clients linked to live XPM clients.
func (r *peopleRig) linked() []store.LocalClient {
	r.t.Helper()
	var out []store.LocalClient
	for _, x := range r.fake.Clients() {
		if x.IsArchived || x.IsDeleted {
			continue
		}
		lc, err := r.st.ClientByXPMTx(r.ctx, r.st.DB(), x.UUID)
		if err == nil {
			lc, _ = r.st.Client(r.ctx, lc.ID)
			out = append(out, lc)
		}
	}
	if len(out) < 3 {
		r.t.Fatalf("only %d linked clients", len(out))
	}
	return out
}

func (r *peopleRig) flush() {
	r.t.Helper()
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		r.t.Fatal(err)
	}
	open, _, err := r.st.OutboxCounts(r.ctx)
	if err != nil || open != 0 {
		r.t.Fatalf("outbox still has %d open items (%v)", open, err)
	}
}

func (r *peopleRig) writes(op string) []xpmfake.Write {
	var out []xpmfake.Write
	for _, w := range r.fake.Writes() {
		if w.Op == op && w.OK {
			out = append(out, w)
		}
	}
	return out
}

// A contact added, edited (made primary) and removed here reaches XPM once each; an edit
// sends only what changed here and keeps what XPM changed meanwhile.
func TestContactsEditedHereReachXPMOnce(t *testing.T) {
	r := newPeopleRig(t)
	lc := r.linked()[0]
	added, err := r.eng.SaveContact(r.ctx, lc.ID, model.Contact{Name: "Mia Tran", Email: "mia@example.com", Mobile: "0412 345 678", IsPrimary: true})
	must(t, err)
	if added.Mobile != "+61412345678" {
		t.Errorf("mobile saved as %q, want it normalised with the default country code", added.Mobile)
	}
	r.flush()
	x, _ := r.fake.Client(lc.XPMUUID)
	i := slices.IndexFunc(x.Contacts, func(c model.Contact) bool { return c.Name == "Mia Tran" })
	if i < 0 || !x.Contacts[i].IsPrimary {
		t.Fatalf("XPM client contacts after the add: %+v", x.Contacts)
	}
	for j, c := range x.Contacts {
		if j != i && c.IsPrimary {
			t.Errorf("XPM still has %q as primary too", c.Name)
		}
	}
	if n := len(r.writes("client.api/contact")); n != 1 {
		t.Errorf("%d contact adds in XPM, want 1", n)
	}
	got, _ := r.st.Client(r.ctx, lc.ID)
	k, ok := findByName(got.Client.Contacts, "Mia Tran")
	if !ok || k.UUID != x.Contacts[i].UUID {
		t.Fatalf("local contact did not keep XPM's UUID: %+v", k)
	}

	// XPM changes the phone; here the email changes. Only the email is sent.
	must(t, r.fake.EditClient(lc.XPMUUID, func(c *model.Client) {
		for j := range c.Contacts {
			if c.Contacts[j].UUID == k.UUID {
				c.Contacts[j].Phone = "02 9999 0000"
			}
		}
	}))
	k.Email = "mia.tran@example.com"
	_, err = r.eng.SaveContact(r.ctx, lc.ID, k)
	must(t, err)
	r.flush()
	x, _ = r.fake.Client(lc.XPMUUID)
	xc, _ := findByName(x.Contacts, "Mia Tran")
	if xc.Email != "mia.tran@example.com" || xc.Phone != "02 9999 0000" {
		t.Errorf("XPM contact after the edit: email %q phone %q; want the new email and XPM's own phone kept", xc.Email, xc.Phone)
	}

	must(t, r.eng.RemoveContact(r.ctx, lc.ID, k))
	r.flush()
	x, _ = r.fake.Client(lc.XPMUUID)
	if _, still := findByName(x.Contacts, "Mia Tran"); still {
		t.Error("removed contact is still on the XPM client")
	}
	dels := r.writes("client.api/contact/" + k.UUID)
	if len(dels) != 2 || dels[1].Method != "DELETE" || !strings.Contains(dels[1].Query, lc.XPMUUID) {
		t.Errorf("writes to the contact: %+v; want one PUT and one DELETE for this client only", dels)
	}
}

// Removing a contact XPM shares with another client only takes it off this client.
func TestRemovingASharedContactKeepsItOnTheOtherClient(t *testing.T) {
	r := newPeopleRig(t)
	ls := r.linked()
	a, b := ls[0], ls[1]
	k, err := r.eng.SaveContact(r.ctx, a.ID, model.Contact{Name: "Sam Shared", Email: "sam@example.com"})
	must(t, err)
	r.flush()
	k, _ = findByName(mustClient(t, r, a.ID).Client.Contacts, "Sam Shared")
	must(t, r.fake.EditClient(b.XPMUUID, func(c *model.Client) { c.Contacts = append(c.Contacts, model.Contact{UUID: k.UUID, Name: k.Name}) }))
	must(t, r.eng.RemoveContact(r.ctx, a.ID, k))
	r.flush()
	xa, _ := r.fake.Client(a.XPMUUID)
	xb, _ := r.fake.Client(b.XPMUUID)
	if _, on := findByName(xa.Contacts, "Sam Shared"); on {
		t.Error("still on the client it was removed from")
	}
	if _, on := findByName(xb.Contacts, "Sam Shared"); !on {
		t.Error("removing it from one client deleted it from the other client in XPM")
	}
}

// An invalid contact is refused before anything is saved, with the reason by field.
func TestInvalidContactIsNotSaved(t *testing.T) {
	r := newPeopleRig(t)
	lc := r.linked()[0]
	before := len(mustClient(t, r, lc.ID).Client.Contacts)
	_, err := r.eng.SaveContact(r.ctx, lc.ID, model.Contact{Name: " ", Email: "jo@example.com (home)", Mobile: "0411 111 111 (Leanne)"})
	var pe *syncer.ProblemsError
	if !errors.As(err, &pe) || pe.Problems["Name"] == "" || pe.Problems["Email"] == "" || pe.Problems["Mobile"] == "" {
		t.Fatalf("err = %v, want name, email and mobile problems", err)
	}
	if n := len(mustClient(t, r, lc.ID).Client.Contacts); n != before {
		t.Errorf("contacts %d → %d after a refused save", before, n)
	}
}

// Relationships entered here go to XPM's relationship endpoints, once, and keep XPM's UUID.
func TestRelationshipsEnteredHereReachXPM(t *testing.T) {
	r := newPeopleRig(t)
	ls := r.linked()
	owner, other := ls[0], ls[1]
	id, err := r.eng.SaveRelationship(r.ctx, store.LocalRelationship{ClientID: owner.ID, RelatedClientID: other.ID, Type: "Shareholder",
		NumberOfShares: "1000", StartDate: "2024-07-01"})
	must(t, err)
	r.flush()
	rel, err := r.st.RelationshipTx(r.ctx, r.st.DB(), id)
	must(t, err)
	x, _ := r.fake.Client(owner.XPMUUID)
	i := slices.IndexFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == rel.XPMUUID })
	if rel.XPMUUID == "" || i < 0 || x.Relationships[i].NumberOfShares != "1000" || x.Relationships[i].RelatedClient.UUID != other.XPMUUID {
		t.Fatalf("local %+v; XPM %+v", rel, x.Relationships)
	}
	rel.NumberOfShares = "1500"
	_, err = r.eng.SaveRelationship(r.ctx, rel)
	must(t, err)
	r.flush()
	x, _ = r.fake.Client(owner.XPMUUID)
	if i := slices.IndexFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == rel.XPMUUID }); i < 0 || x.Relationships[i].NumberOfShares != "1500" {
		t.Errorf("XPM after the edit: %+v", x.Relationships)
	}
	must(t, r.eng.RemoveRelationship(r.ctx, id))
	r.flush()
	x, _ = r.fake.Client(owner.XPMUUID)
	if slices.ContainsFunc(x.Relationships, func(m model.Relationship) bool { return m.UUID == rel.XPMUUID }) {
		t.Error("removed relationship is still in XPM")
	}
	for op, want := range map[string]int{"client.api/addrelationship": 1, "client.api/updaterelationship": 1, "client.api/deleterelationship": 1} {
		if n := len(r.writes(op)); n != want {
			t.Errorf("%s: %d writes, want %d", op, n, want)
		}
	}
	_, err = r.eng.SaveRelationship(r.ctx, store.LocalRelationship{ClientID: owner.ID, RelatedClientID: other.ID, Type: "Director", Percentage: "50"})
	var pe *syncer.ProblemsError
	if !errors.As(err, &pe) || pe.Problems["Percentage"] == "" {
		t.Errorf("a director with a percentage: err = %v, want XPM's rule", err)
	}
}

func findByName(cs []model.Contact, name string) (model.Contact, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return model.Contact{}, false
}

func mustClient(t *testing.T, r *peopleRig, id int64) store.LocalClient {
	t.Helper()
	lc, err := r.st.Client(r.ctx, id)
	must(t, err)
	return lc
}

// Closing the engine while XPM does not answer stops the background push at once; the change
// stays in the outbox and a later start sends it, once.
func TestCloseLeavesQueuedWorkInTheOutbox(t *testing.T) {
	r := newPeopleRig(t)
	lc := r.linked()[0]
	eng := syncer.New(r.st, r.api, syncer.Options{Logger: slog.New(slog.DiscardHandler)})
	r.fake.SetFaults(xpmfake.Faults{Latency: time.Minute})
	if _, err := eng.SaveContact(r.ctx, lc.ID, model.Contact{Name: "Quinn Quit", Email: "quinn@example.com"}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the push is now waiting on XPM
	ctx, cancel := context.WithTimeout(r.ctx, 2*time.Second)
	defer cancel()
	if err := eng.Close(ctx); err != nil {
		t.Fatalf("Close did not return within 2 s: %v", err)
	}
	if open, _, _ := r.st.OutboxCounts(r.ctx); open != 1 {
		t.Fatalf("%d changes left in the outbox, want the contact add", open)
	}
	r.fake.SetFaults(xpmfake.Faults{})
	// The next start: the outbox is sent, and XPM gets the contact once.
	next := syncer.New(r.st, r.api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true, Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if _, err := next.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	x, _ := r.fake.Client(lc.XPMUUID)
	n := 0
	for _, c := range x.Contacts {
		if c.Name == "Quinn Quit" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("XPM has the contact %d times, want once", n)
	}
}

// A client created here goes to XPM with its Partner and Manager when they are linked to XPM
// staff (seed 001), and the next sync keeps them here.
func TestCreateInXPMCarriesPartnerAndManager(t *testing.T) {
	r := newPeopleRig(t)
	staff := r.fake.Staff()
	if len(staff) < 2 {
		t.Fatal("the fake practice has fewer than two staff")
	}
	partner, err := r.st.AddTeamMember(r.ctx, store.TeamMember{Name: staff[0].Name, Email: staff[0].Email})
	must(t, err)
	manager, err := r.st.AddTeamMember(r.ctx, store.TeamMember{Name: staff[1].Name, Email: staff[1].Email})
	must(t, err)
	must(t, r.st.LinkTeamMember(r.ctx, partner, staff[0].UUID, "manual"))
	must(t, r.st.LinkTeamMember(r.ctx, manager, staff[1].UUID, "manual"))
	id, err := r.st.InsertClient(r.ctx, &store.LocalClient{Client: model.Client{Name: "Pohutukawa Plumbing Ltd"}, PartnerStaffID: partner, ManagerStaffID: manager})
	must(t, err)
	must(t, r.eng.CreateInXPM(r.ctx, id))
	r.flush()
	lc := mustClient(t, r, id)
	x, ok := r.fake.Client(lc.XPMUUID)
	if !ok || x.AccountManager.UUID != staff[0].UUID || x.JobManager.UUID != staff[1].UUID {
		t.Fatalf("XPM client %+v: partner %q manager %q, want %s and %s", ok, x.AccountManager.UUID, x.JobManager.UUID, staff[0].UUID, staff[1].UUID)
	}
	if _, err := r.eng.Sync(r.ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	if lc = mustClient(t, r, id); lc.PartnerStaffID != partner || lc.ManagerStaffID != manager {
		t.Fatalf("after the next sync partner %d manager %d, want %d and %d", lc.PartnerStaffID, lc.ManagerStaffID, partner, manager)
	}
}

// A relationship XPM refuses stays here, is marked with XPM's reason in plain words, is listed
// in the sync summary, and does not hold back the client's later changes.
func TestRefusedRelationshipStaysLocalAndDoesNotBlock(t *testing.T) {
	r := newPeopleRig(t)
	ls := r.linked()
	a, b := ls[0], ls[1]
	must(t, r.fake.DeleteClient(b.XPMUUID)) // deleted (or merged) in XPM meanwhile
	relID, err := r.eng.SaveRelationship(r.ctx, store.LocalRelationship{ClientID: a.ID, RelatedClientID: b.ID, Type: "Director"})
	must(t, err)
	_, err = r.eng.SaveContact(r.ctx, a.ID, model.Contact{Name: "After The Refusal", Email: "after@example.com"})
	must(t, err)
	if _, err := r.eng.FlushOutbox(r.ctx); err != nil {
		t.Fatal(err)
	}
	x, _ := r.fake.Client(a.XPMUUID)
	if _, ok := findByName(x.Contacts, "After The Refusal"); !ok {
		t.Error("the refused relationship held back the next change of the client")
	}
	rel, err := r.st.RelationshipTx(r.ctx, r.st.DB(), relID)
	if err != nil || rel.XPMUUID != "" {
		t.Fatalf("the refused relationship: %+v, %v; want it kept here, not linked", rel, err)
	}
	open, failed, _ := r.st.OutboxCounts(r.ctx)
	if open != 0 || failed != 1 {
		t.Fatalf("outbox: %d open, %d failed", open, failed)
	}
	var sum strings.Builder
	must(t, syncer.WriteSummaryCSV(r.ctx, r.st, &sum))
	if !strings.Contains(sum.String(), "relationship,"+a.Client.Name) || !strings.Contains(sum.String(), "XPM did not take the relationship Director") ||
		!strings.Contains(sum.String(), "Invalid related client identifier") {
		t.Errorf("sync summary:\n%s", sum.String())
	}
}

// Making a contact primary here survives a sync that runs before the change is sent: the
// sync pulls first, then sends, and XPM ends with the contact chosen here as its primary.
func TestPrimaryChosenHereSurvivesTheNextSync(t *testing.T) {
	r := newPeopleRig(t)
	var lc store.LocalClient
	for _, c := range r.linked() {
		if len(c.Client.Contacts) >= 2 && !syncer.IsDerivedContact(c.Client.Contacts[1]) {
			lc = c
			break
		}
	}
	if lc.ID == 0 {
		t.Skip("no linked client with two contacts in this seed")
	}
	k := lc.Client.Contacts[1]
	if k.IsPrimary {
		k = lc.Client.Contacts[0]
	}
	k.IsPrimary = true
	_, err := r.eng.SaveContact(r.ctx, lc.ID, k)
	must(t, err)
	if _, err := r.eng.Sync(r.ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	x, _ := r.fake.Client(lc.XPMUUID)
	for _, c := range x.Contacts {
		if (c.UUID == k.UUID) != c.IsPrimary {
			t.Errorf("XPM: %s primary = %v", c.Name, c.IsPrimary)
		}
	}
	for _, c := range mustClient(t, r, lc.ID).Client.Contacts {
		if (c.UUID == k.UUID) != c.IsPrimary {
			t.Errorf("here: %s primary = %v", c.Name, c.IsPrimary)
		}
	}
}
