package store

import (
	"context"
	"testing"

	"xpmsync/core/model"
)

func TestUUIDHeldSeesContactsAndRelationshipsHeldHere(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	id, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Dubois Family Trust",
		Contacts: []model.Contact{{UUID: "contact-held", Name: "Marie Dubois"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.InsertRelationshipTx(ctx, s.DB(), LocalRelationship{ClientID: id, Type: "Trustee", XPMUUID: "rel-held"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind HeldKind
		uuid string
		want bool
	}{
		{HeldContact, "contact-held", true},
		{HeldContact, "contact-free", false},
		{HeldContact, "rel-held", false},
		{HeldRelationship, "rel-held", true},
		{HeldRelationship, "contact-held", false},
	} {
		got, err := s.UUIDHeld(ctx, c.kind, c.uuid)
		if err != nil || got != c.want {
			t.Errorf("UUIDHeld(%s, %s) = %v, %v; want %v", c.kind, c.uuid, got, err, c.want)
		}
	}
	if _, err := s.UUIDHeld(ctx, HeldKind("staff; DROP TABLE clients"), "x"); err == nil {
		t.Error("an unknown kind was accepted")
	}
}
