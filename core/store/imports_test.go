package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"xpmsync/core/model"
)

func addClient(t *testing.T, s *Store, name, email string, contacts ...model.Contact) int64 {
	t.Helper()
	id, err := s.InsertClient(context.Background(), &LocalClient{Client: model.Client{Name: name, Email: email, Contacts: contacts}})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func merge(t *testing.T, s *Store, clientID int64, found ...ImportItem) ([]ImportItem, MergeCounts) {
	t.Helper()
	var out []ImportItem
	var mc MergeCounts
	err := s.WithTx(context.Background(), func(tx *sql.Tx) error {
		var err error
		out, mc, err = s.MergeImportItemsTx(context.Background(), tx, clientID, ItemRelationship, found)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, mc
}

func decide(s *Store, id int64, state string) error {
	return s.WithTx(context.Background(), func(tx *sql.Tx) error {
		return s.DecideImportItemTx(context.Background(), tx, id, state, 0, "")
	})
}

func TestMergeOffersIgnoredAgainAndNeverDecidedOnes(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addClient(t, s, "Smith Holdings Ltd", "")
	a := ImportItem{XPMUUID: "r-a", Name: "Jane Smith", Label: "Director", Payload: `{}`}
	b := ImportItem{XPMUUID: "r-b", Name: "Tom Smith", Label: "Secretary", Payload: `{}`}
	d := ImportItem{XPMUUID: "r-d", Name: "Ann Lee", Label: "Shareholder", Payload: `{}`}
	got, mc := merge(t, s, c, a, b, d, a) // a repeated UUID is one item
	if len(got) != 3 || mc.New != 3 || mc.Pending() != 3 {
		t.Fatalf("first import: %d items, %+v", len(got), mc)
	}
	if n, _ := s.PendingImportCount(ctx); n != 3 {
		t.Fatalf("pending = %d, want 3", n)
	}
	if err := decide(s, got[0].ID, ItemIgnored); err != nil {
		t.Fatal(err)
	}
	if err := decide(s, got[1].ID, ItemImported); err != nil {
		t.Fatal(err)
	}
	if err := decide(s, got[1].ID, ItemIgnored); !errors.Is(err, ErrDecided) {
		t.Fatalf("second decision on one item: %v, want ErrDecided", err)
	}
	if n, _ := s.PendingImportCount(ctx); n != 1 {
		t.Fatalf("pending after two decisions = %d, want 1", n)
	}
	// Next import: a was ignored (offered again), b imported (kept), d waiting; d's name changed in XPM.
	d.Name = "Ann Lee-Smith"
	_, mc = merge(t, s, c, a, b, d)
	if mc.Returned != 1 || mc.Decided != 1 || mc.Waiting != 1 || mc.New != 0 {
		t.Fatalf("second import counts %+v", mc)
	}
	pending, err := s.ImportItems(ctx, c, ItemNew)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 2 || pending[0].Name != "Ann Lee-Smith" || pending[1].Name != "Jane Smith" {
		t.Fatalf("pending after second import: %+v", pending)
	}
	// XPM dropped d and b: the undecided d goes, the imported b keeps its record.
	_, mc = merge(t, s, c, a)
	if mc.Withdrawn != 1 {
		t.Fatalf("withdrawn = %d, want 1", mc.Withdrawn)
	}
	all, _ := s.ImportItems(ctx, c, "")
	if len(all) != 2 {
		t.Fatalf("items after XPM dropped two: %+v", all)
	}
}

func TestEmailHolderFindsClientsContactsAndCoOwners(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	c := addClient(t, s, "Jo Bloggs", "jo@bloggs.test", model.Contact{Name: "Ana Roa", Email: "Ana@Roa.test"})
	for email, want := range map[string]string{
		" JO@bloggs.test ": "client Jo Bloggs",
		"ana@roa.test":     "contact Ana Roa",
		"new@roa.test":     "",
	} {
		who, err := s.EmailHolderTx(ctx, s.DB(), email)
		if err != nil || who != want {
			t.Errorf("EmailHolder(%q) = %q, %v; want %q", email, who, err, want)
		}
	}
	if err := s.AddCoOwnerTx(ctx, s.DB(), CoOwner{ClientID: c, Name: "Mere Roa", Email: "mere@roa.test"}); err != nil {
		t.Fatal(err)
	}
	if who, _ := s.EmailHolderTx(ctx, s.DB(), "Mere@roa.test"); who != "co-owner Mere Roa" {
		t.Errorf("co-owner email holder = %q", who)
	}
	if err := s.AddCoOwnerTx(ctx, s.DB(), CoOwner{ClientID: c, Name: "Other", Email: "MERE@roa.test"}); err == nil {
		t.Error("a second co-owner with the same email was stored")
	}
}

func TestReplaceContactMovesClientOntoSharedXPMContact(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	shared := model.Contact{UUID: "ct-1", Name: "Jane Smith", Email: "jane@smith.test"}
	addClient(t, s, "Jane Smith", "", shared)
	co := addClient(t, s, "Smith Holdings", "", model.Contact{Name: "J Smith (old)", Email: "old@smith.test"})
	rows, err := s.ClientContactRowsTx(ctx, s.DB(), co)
	if err != nil || len(rows) != 1 {
		t.Fatalf("contacts = %v, %v", rows, err)
	}
	var id int64
	err = s.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.ReplaceContactTx(ctx, tx, co, rows[0].ID, model.Contact{UUID: "ct-1", Name: "Jane Smith", Email: "jane@smith.test", Position: "Director"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := s.ClientContactRowsTx(ctx, s.DB(), co)
	if len(got) != 1 || got[0].ID != id || got[0].UUID != "ct-1" || got[0].Position != "Director" {
		t.Fatalf("contacts after replace: %+v", got)
	}
	if n, _ := s.ContactCount(ctx); n != 1 {
		t.Fatalf("contacts in the practice = %d, want 1 (the replaced one removed, the shared one kept once)", n)
	}
}
