package importer_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"xpmsync/core/auth"
	"xpmsync/core/importer"
	"xpmsync/core/model"
	"xpmsync/core/store"
)

func TestImportReplacesDetailsAndOffersPeopleEntitiesAndContacts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	sum := f.run(t, f.client)
	if len(sum.Failed()) != 0 || sum.Pending() != 5 {
		t.Fatalf("summary %+v: want 5 items to review and no failure", sum)
	}
	lc, err := f.st.Client(ctx, f.client)
	if err != nil {
		t.Fatal(err)
	}
	x := smithHoldings()
	if lc.Client.Name != x.Name || lc.Client.Phone != x.Phone || lc.Client.Email != x.Email || lc.Client.Address != x.Address || lc.Client.City != x.City {
		t.Fatalf("client details not replaced from XPM: %+v", lc.Client)
	}
	hist, err := f.st.History(ctx, f.client)
	if err != nil {
		t.Fatal(err)
	}
	var fields []string
	for _, h := range hist {
		if h.Source == store.SourceXPM {
			fields = append(fields, h.Field)
		}
	}
	if !slices.Contains(fields, "Phone") || !slices.Contains(fields, "Name") {
		t.Fatalf("history of the replaced details: %v", fields)
	}
	p := f.pending(t)
	want := []string{"ct-ana", "ct-jane", "r-dir", "r-sec", "r-sh"}
	got := keys(p)
	sort.Strings(got)
	if !slices.Equal(got, want) {
		t.Fatalf("items to review %v, want %v", got, want)
	}
	if d := importer.Describe(p["r-sh"]); d != "Shareholder · 100 shares · since 1 Jul 2015" {
		t.Errorf("shareholder line = %q", d)
	}
	if n, _ := f.im.PendingCount(ctx); n != 5 {
		t.Errorf("PendingCount = %d, want 5", n)
	}
	k := f.kinds()
	if k[importer.KindStarted] != 1 || k[importer.KindFinished] != 1 {
		t.Fatalf("events %v", k)
	}
	evs, _ := f.st.Events(ctx, store.EventQuery{Kinds: []model.EventKind{importer.KindFinished}})
	if len(evs) != 1 || evs[0].ClientID != f.client || !strings.Contains(evs[0].Details, "5 people, entities and contacts wait for review") {
		t.Fatalf("recorded finish event %+v", evs)
	}
}

func TestThreeDecisionsAndTheNextImport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	old := f.addLocalRel(t, store.LocalRelationship{RelatedName: "J. Smith", Type: "Shareholder", NumberOfShares: "90", Email: "j@smith.test"})
	f.run(t, f.client)
	p := f.pending(t)

	// Import the director under a changed name with an email.
	if err := f.im.Import(ctx, p["r-dir"].ID, importer.Form{Name: "Jane M. Smith", Relationship: "Director", Email: "jane.m@smith.test"}); err != nil {
		t.Fatal(err)
	}
	// Ignore the secretary.
	if n, err := f.im.Ignore(ctx, p["r-sec"].ID); err != nil || n != 1 {
		t.Fatalf("ignore: %d, %v", n, err)
	}
	// Link the shareholder to what the practice recorded.
	choices, err := f.im.LinkChoices(ctx, p["r-sh"].ID)
	if err != nil || len(choices) != 1 || choices[0].ID != old {
		t.Fatalf("link choices %+v, %v", choices, err)
	}
	if err := f.im.Link(ctx, p["r-sh"].ID, old); err != nil {
		t.Fatal(err)
	}
	if got := keys(f.pending(t)); len(got) != 2 {
		t.Fatalf("after three decisions the list holds %v, want the two contacts", got)
	}
	rels := f.rels(t)
	if len(rels) != 2 {
		t.Fatalf("local people and entities %+v, want the imported director and the linked shareholder", rels)
	}

	// The next import offers the ignored secretary again, and never the imported or linked ones.
	sum := f.run(t, f.client)
	p = f.pending(t)
	got := keys(p)
	sort.Strings(got)
	if !slices.Equal(got, []string{"ct-ana", "ct-jane", "r-sec"}) {
		t.Fatalf("second import offers %v", got)
	}
	if sum.Clients[0].Decided != 2 || sum.Clients[0].New != 0 {
		t.Fatalf("second import result %+v", sum.Clients[0])
	}
	if n := len(f.rels(t)); n != 2 {
		t.Fatalf("second import duplicated people: %d rows", n)
	}
	k := f.kinds()
	if k[importer.KindImported] != 1 || k[importer.KindIgnored] != 1 || k[importer.KindLinked] != 1 {
		t.Fatalf("decision events %v", k)
	}
	// A decision is applied once only.
	if err := f.im.Import(ctx, p["r-sec"].ID, importer.Form{Name: "Tom Smith"}); err != nil {
		t.Fatal(err)
	}
	if err := f.im.Import(ctx, p["r-sec"].ID, importer.Form{Name: "Tom Smith"}); !errors.Is(err, store.ErrDecided) {
		t.Fatalf("importing twice: %v, want ErrDecided", err)
	}
}

func TestBulkIgnoreEmptiesTheListUntilTheNextImport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.run(t, f.client)
	var ids []int64
	for _, it := range f.pending(t) {
		ids = append(ids, it.ID)
	}
	n, err := f.im.Ignore(ctx, ids...)
	if err != nil || n != 5 {
		t.Fatalf("ignored %d, %v", n, err)
	}
	if left := f.pending(t); len(left) != 0 {
		t.Fatalf("after ignoring all, %d remain", len(left))
	}
	if c, _ := f.im.PendingCount(ctx); c != 0 {
		t.Fatalf("PendingCount = %d, want 0 (all items dealt with)", c)
	}
	if k := f.kinds(); k[importer.KindIgnored] != 5 {
		t.Fatalf("each ignore is recorded: %v", k)
	}
	// Ignoring again changes nothing and records nothing.
	if n, _ := f.im.Ignore(ctx, ids...); n != 0 {
		t.Fatalf("ignored %d already-ignored items", n)
	}
	sum := f.run(t, f.client)
	if sum.Pending() != 5 || len(f.pending(t)) != 5 {
		t.Fatalf("the next import offers %d of the 5 ignored items", sum.Pending())
	}
}

func TestLinkToExistingReplacesTheLocalItem(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	old := f.addLocalRel(t, store.LocalRelationship{RelatedName: "J. Smith", Type: "Owner", NumberOfShares: "90", Email: "j@smith.test"})
	other := f.addLocalRel(t, store.LocalRelationship{RelatedName: "Bob Lee", Type: "Auditor"})
	// A contact the practice typed in by hand, without XPM's UUID.
	lc, _ := f.st.Client(ctx, f.client)
	lc.Client.Contacts = append(lc.Client.Contacts, model.Contact{Name: "Ana (accounts)", Email: "old@smith.test"})
	if err := f.st.UpdateClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	f.run(t, f.client)
	p := f.pending(t)
	if err := f.im.Link(ctx, p["r-sh"].ID, old); err != nil {
		t.Fatal(err)
	}
	rels := f.rels(t)
	if len(rels) != 2 {
		t.Fatalf("linking added or removed a row: %+v", rels)
	}
	var linked store.LocalRelationship
	for _, r := range rels {
		if r.ID == old {
			linked = r
		}
	}
	want := store.LocalRelationship{ID: old, ClientID: f.client, RelatedName: "Jane Smith", Type: "Shareholder",
		NumberOfShares: "100", StartDate: "2015-07-01", XPMUUID: "r-sh", Email: "j@smith.test"}
	if linked != want {
		t.Fatalf("linked row\n got %+v\nwant %+v", linked, want)
	}
	// The linked row is no longer a choice; a linked row cannot take a second XPM item.
	choices, _ := f.im.LinkChoices(ctx, p["r-dir"].ID)
	if len(choices) != 1 || choices[0].ID != other {
		t.Fatalf("choices after the link %+v", choices)
	}
	if err := f.im.Link(ctx, p["r-dir"].ID, old); !errors.Is(err, importer.ErrNotLinkable) {
		t.Fatalf("linking onto an already linked row: %v", err)
	}

	// Contacts: the hand-typed one takes XPM's Ana.
	cs, _ := f.im.LinkChoices(ctx, p["ct-ana"].ID)
	if len(cs) != 1 || !strings.HasPrefix(cs[0].Label, "Ana (accounts)") {
		t.Fatalf("contact choices %+v", cs)
	}
	if err := f.im.Link(ctx, p["ct-ana"].ID, cs[0].ID); err != nil {
		t.Fatal(err)
	}
	got, _ := f.st.Client(ctx, f.client)
	if len(got.Client.Contacts) != 1 || got.Client.Contacts[0].UUID != "ct-ana" || got.Client.Contacts[0].Email != "ana@smith.test" {
		t.Fatalf("contacts after the link %+v", got.Client.Contacts)
	}

	// Linked items never come back, even after XPM changes them; XPM's changes reach the linked row.
	f.api.edit("co-1", func(c *model.Client) { c.Relationships[1].NumberOfShares = "250" })
	f.run(t, f.client)
	if _, back := f.pending(t)["r-sh"]; back {
		t.Fatal("the linked shareholder was offered again")
	}
	if _, back := f.pending(t)["ct-ana"]; back {
		t.Fatal("the linked contact was offered again")
	}
	r, _ := f.st.RelationshipTx(ctx, f.st.DB(), old)
	if r.NumberOfShares != "250" || r.Email != "j@smith.test" {
		t.Fatalf("linked row after XPM changed the shares: %+v", r)
	}
}

func TestCoOwnerNeedsAnEmailNoClientOrContactUses(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.addClient(t, model.Client{Name: "Jo Bloggs", Email: "jo@bloggs.test", Contacts: []model.Contact{{Name: "Kiri Bloggs", Email: "kiri@bloggs.test"}}}, "")
	f.run(t, f.client)
	dir := f.pending(t)["r-dir"].ID
	cases := []struct {
		email string
		want  error
	}{
		{"", importer.ErrEmailNeeded},
		{"jane at smith", importer.ErrEmailInvalid},
		{"JO@bloggs.test", &importer.EmailInUseError{}},
		{"kiri@bloggs.test", &importer.EmailInUseError{}},
		{"admin@smith.test", &importer.EmailInUseError{}}, // the company's own email, just imported from XPM
	}
	for _, c := range cases {
		err := f.im.Import(ctx, dir, importer.Form{Name: "Jane Smith", Relationship: "Director", Email: c.email, CoOwner: true})
		var inUse *importer.EmailInUseError
		if _, isInUse := c.want.(*importer.EmailInUseError); isInUse {
			if !errors.As(err, &inUse) {
				t.Errorf("email %q: %v, want it refused as in use", c.email, err)
			}
			continue
		}
		if !errors.Is(err, c.want) {
			t.Errorf("email %q: %v, want %v", c.email, err, c.want)
		}
	}
	if _, still := f.pending(t)["r-dir"]; !still || len(f.rels(t)) != 0 {
		t.Fatal("a refused co-owner import changed something")
	}
	// Without co-ownership any valid email is fine, even one in use.
	if err := f.im.Import(ctx, f.pending(t)["r-sec"].ID, importer.Form{Name: "Tom Smith", Email: "jo@bloggs.test"}); err != nil {
		t.Fatal(err)
	}
	if err := f.im.Import(ctx, dir, importer.Form{Name: "Jane Smith", Relationship: "Director", Email: "jane.owner@smith.test", CoOwner: true}); err != nil {
		t.Fatal(err)
	}
	owners, _ := f.st.CoOwners(ctx, f.client)
	if len(owners) != 1 || owners[0].Email != "jane.owner@smith.test" {
		t.Fatalf("co-owners %+v", owners)
	}
	// The co-owner's email is now taken for the next co-owner.
	err := f.im.Import(ctx, f.pending(t)["r-sh"].ID, importer.Form{Name: "Jane Smith", Email: "Jane.Owner@smith.test", CoOwner: true})
	var inUse *importer.EmailInUseError
	if !errors.As(err, &inUse) || inUse.Holder != "co-owner Jane Smith" {
		t.Fatalf("second co-owner with the same email: %v", err)
	}
}

func TestFailuresAreRecordedAndTheRunGoesOn(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	gone := f.addClient(t, model.Client{Name: "Merged Away Ltd"}, "co-gone")
	local := f.addClient(t, model.Client{Name: "Only Here"}, "")
	sum := f.run(t, gone, local, f.client)
	failed := sum.Failed()
	if len(failed) != 2 || sum.Pending() != 5 {
		t.Fatalf("summary %+v", sum)
	}
	if !errors.Is(failed[1].Err, importer.ErrNotLinked) {
		t.Fatalf("unlinked client: %v", failed[1].Err)
	}
	evs, _ := f.st.Events(ctx, store.EventQuery{Kinds: []model.EventKind{importer.KindFailed}})
	if len(evs) != 2 {
		t.Fatalf("failure events %+v", evs)
	}
	for _, e := range evs {
		switch e.ClientName {
		case "Merged Away Ltd":
			if e.Result != "failed" || !strings.Contains(e.Details, "XPM no longer has this client") {
				t.Errorf("not-found failure recorded as %+v", e)
			}
		case "Only Here":
			if e.Result != "skipped" || !strings.Contains(e.Details, "Link it on the Clients tab") {
				t.Errorf("unlinked client recorded as %+v", e)
			}
		}
	}
	if !strings.Contains(sum.Text(), "2 clients were not imported") {
		t.Errorf("summary text %q", sum.Text())
	}
	// Not connected: nothing runs, and the words say what to do.
	none := importer.New(f.st, func() importer.API { return nil }, importer.Options{})
	if _, err := none.Run(ctx, []int64{f.client}, nil); !errors.Is(err, auth.ErrNotConnected) {
		t.Fatalf("run without a connection: %v", err)
	}
}

func TestPeopleXPMDroppedAreRemovedOnTheNextImport(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	f.run(t, f.client)
	p := f.pending(t)
	for _, k := range []string{"r-dir", "r-sh"} {
		if err := f.im.Import(ctx, p[k].ID, importer.DefaultForm(p[k])); err != nil {
			t.Fatal(err)
		}
	}
	f.api.edit("co-1", func(c *model.Client) { c.Relationships = c.Relationships[1:] }) // the director resigned
	sum := f.run(t, f.client)
	if sum.Clients[0].Removed != 1 {
		t.Fatalf("result %+v", sum.Clients[0])
	}
	rels := f.rels(t)
	if len(rels) != 1 || rels[0].XPMUUID != "r-sh" {
		t.Fatalf("people after XPM dropped the director: %+v", rels)
	}
	// Should XPM give the director back, it is offered afresh, not matched to the removed row.
	f.api.edit("co-1", func(c *model.Client) { c.Relationships = smithHoldings().Relationships })
	f.run(t, f.client)
	if _, ok := f.pending(t)["r-dir"]; !ok {
		t.Fatal("the director XPM gave back was not offered")
	}
}

func TestCancelStopsBetweenClients(t *testing.T) {
	f := newFixture(t)
	second := f.addClient(t, model.Client{Name: "Second"}, "co-2")
	ctx, cancel := context.WithCancel(context.Background())
	var seen []importer.Progress
	sum, err := f.im.Run(ctx, []int64{f.client, second}, func(p importer.Progress) {
		seen = append(seen, p)
		if p.Done == 1 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || len(sum.Clients) != 1 {
		t.Fatalf("cancelled run: %d clients, %v", len(sum.Clients), err)
	}
	if len(seen) == 0 || seen[0].Total != 2 || seen[0].Client != "Smith Holdings (old name)" {
		t.Fatalf("progress %+v", seen)
	}
}
