package syncer

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/xpm"
)

// PeopleAPI is what the engine needs from XPM to send contacts and relationships edited here;
// *xpm.Client satisfies it. An API without it leaves those changes queued.
type PeopleAPI interface {
	AddContact(ctx context.Context, clientUUID string, ct model.Contact) (model.Contact, error)
	GetContact(ctx context.Context, uuid, clientUUID string) (model.Contact, error)
	DeleteContact(ctx context.Context, uuid, clientUUID string) error
	AddRelationship(ctx context.Context, clientUUID string, r model.Relationship) (model.Relationship, error)
	UpdateRelationship(ctx context.Context, r model.Relationship) (model.Relationship, error)
	DeleteRelationship(ctx context.Context, uuid string) error
}

var _ PeopleAPI = (*xpm.Client)(nil)

// errNoPeopleAPI means the XPM connection in use cannot send contacts or relationships.
var errNoPeopleAPI = errors.New("this XPM connection cannot send contacts or relationships")

func (c *counted) people() (PeopleAPI, error) {
	p, ok := c.api.(PeopleAPI)
	if !ok {
		return nil, errNoPeopleAPI
	}
	c.n.Add(1)
	return p, nil
}

// peopleSender sends one kind of queued contact or relationship change. retry is true when an
// earlier attempt may have reached XPM (a crash or a lost answer): XPM is then read first and
// nothing it already has is sent again.
type peopleSender func(e *Engine, ctx context.Context, it store.OutboxItem, lc store.LocalClient, retry bool) error

var peopleSenders = map[string]peopleSender{
	opAddContact:    (*Engine).sendAddContact,
	opUpdateContact: (*Engine).sendEditContact,
	opRemoveContact: (*Engine).sendRemoveContact,
	opAddRel:        (*Engine).sendAddRel,
	opUpdateRel:     (*Engine).sendUpdateRel,
	opDeleteRel:     (*Engine).sendDeleteRel,
	opSyncFields:    (*Engine).sendSyncFields,
}

// isAddOp reports whether an operation creates something in XPM, so that a send whose outcome
// is unknown must be reconciled before it is ever sent again.
func isAddOp(op string) bool { return op == opAddClient || op == opAddContact || op == opAddRel }

// refused settles a people item XPM refused or could not be sent.
func (e *Engine) refused(ctx context.Context, it store.OutboxItem, lc store.LocalClient, err error) error {
	return e.settleItem(ctx, it, lc, err, errors.Is(err, xpm.ErrConflict) || errors.Is(err, errNoPeopleAPI))
}

// ackPeople marks a people item done: the local client (patchLocal, may be nil), the mirror
// and the baseline are patched in one transaction with the outbox state and the event.
func (e *Engine) ackPeople(ctx context.Context, it store.OutboxItem, lc store.LocalClient, details string,
	patchLocal func(tx *sql.Tx, cur *store.LocalClient) error, patch func(*model.Client, map[string]string)) error {
	fctx := context.WithoutCancel(ctx)
	var ev store.Event
	err := e.st.WithTx(fctx, func(tx *sql.Tx) error {
		if patchLocal != nil {
			cur, err := e.st.ClientTx(fctx, tx, lc.ID)
			if err != nil {
				return err
			}
			if err := patchLocal(tx, &cur); err != nil {
				return err
			}
		}
		if err := e.patchMirrorTx(fctx, tx, lc, patch); err != nil {
			return err
		}
		if err := e.st.SetOutboxStateTx(fctx, tx, it.ID, store.OutboxDone, time.Time{}, ""); err != nil {
			return err
		}
		if err := e.settleQueuedTx(fctx, tx, it, queuedSent, e.sentWords()); err != nil {
			return err
		}
		ev = store.Event{Kind: model.EventPushSent, ClientID: lc.ID, XPMUUID: lc.XPMUUID, ClientName: lc.Client.Name, Details: details + e.seatNote()}
		return e.st.AddEventTx(fctx, tx, ev)
	})
	if err == nil {
		e.feed(ev)
	}
	return err
}

func (e *Engine) patchMirrorTx(ctx context.Context, tx *sql.Tx, lc store.LocalClient, patch func(*model.Client, map[string]string)) error {
	if patch == nil {
		return nil
	}
	x, err := e.st.XPMClientByUUID(ctx, lc.XPMUUID)
	hasMirror := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	base, _, err := e.st.BaselineTx(ctx, tx, lc.ID)
	if err != nil {
		return err
	}
	if base == nil {
		base = map[string]string{}
	}
	patch(&x.Client, base)
	if hasMirror {
		if _, err := e.st.UpsertXPMClientsTx(ctx, tx, x.SeenRun, []model.Client{x.Client}); err != nil {
			return err
		}
	}
	return e.st.SetBaselineTx(ctx, tx, lc.ID, base)
}

func findContact(cs []model.Contact, match func(model.Contact) bool) (model.Contact, bool) {
	i := slices.IndexFunc(cs, match)
	if i < 0 {
		return model.Contact{}, false
	}
	return cs[i], true
}

func (e *Engine) sendAddContact(ctx context.Context, it store.OutboxItem, lc store.LocalClient, retry bool) error {
	var p addContactPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	api, err := e.api.people()
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	local, here := findContact(lc.Client.Contacts, func(c model.Contact) bool { return c.LocalKey == p.Key })
	if here && local.UUID != "" {
		return e.dropItem(ctx, it, lc, "Contact "+local.Name+" is already in XPM; not sent again")
	}
	if retry {
		found, err := e.findUnclaimedContact(ctx, p)
		if err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
		if found.UUID != "" && !here {
			// It reached XPM, then was removed here: take it off the client in XPM too.
			if err := api.DeleteContact(ctx, found.UUID, p.ClientUUID); err != nil {
				return e.settleItem(ctx, it, lc, err, false)
			}
			return e.dropItem(ctx, it, lc, "Contact "+p.Name+" was removed here while it was being added; taken off the client in XPM too")
		}
		if found.UUID != "" {
			return e.ackAddContact(ctx, it, lc, p.Key, found, "found in XPM after an interrupted send; not sent again")
		}
	}
	if !here {
		return e.dropItem(ctx, it, lc, "Contact "+p.Name+" was removed here before it reached XPM; not sent")
	}
	got, err := api.AddContact(ctx, p.ClientUUID, local)
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	return e.ackAddContact(ctx, it, lc, p.Key, got, "added in XPM")
}

// findUnclaimedContact looks on the XPM client for a contact an interrupted add may have
// created: the same name, held by no contact here.
func (e *Engine) findUnclaimedContact(ctx context.Context, p addContactPayload) (model.Contact, error) {
	x, err := e.api.GetClient(ctx, p.ClientUUID)
	if err != nil {
		return model.Contact{}, fmt.Errorf("look for the contact in XPM before sending it again: %w", err)
	}
	for i := len(x.Contacts) - 1; i >= 0; i-- {
		c := x.Contacts[i]
		if c.IsDeleted || !strings.EqualFold(strings.TrimSpace(c.Name), strings.TrimSpace(p.Name)) {
			continue
		}
		held, err := e.st.UUIDHeld(ctx, store.HeldContact, c.UUID)
		if err != nil {
			return model.Contact{}, err
		}
		if !held {
			return c, nil
		}
	}
	return model.Contact{}, nil
}

func (e *Engine) ackAddContact(ctx context.Context, it store.OutboxItem, lc store.LocalClient, key string, got model.Contact, how string) error {
	var sent model.Contact
	return e.ackPeople(ctx, it, lc, "Contact "+got.Name+" "+how, func(tx *sql.Tx, cur *store.LocalClient) error {
		for i := range cur.Client.Contacts {
			if cur.Client.Contacts[i].LocalKey == key {
				cur.Client.Contacts[i].UUID = got.UUID
				sent = cur.Client.Contacts[i]
			}
		}
		return e.st.UpdateClientTx(ctx, tx, cur)
	}, func(x *model.Client, base map[string]string) {
		if !slices.ContainsFunc(x.Contacts, func(c model.Contact) bool { return c.UUID == got.UUID }) {
			x.Contacts = append(x.Contacts, got)
		}
		for _, cf := range model.ContactFields {
			base[contactKey(got.UUID, cf.Key)] = cf.Get(&sent)
		}
	})
}

func (e *Engine) sendRemoveContact(ctx context.Context, it store.OutboxItem, lc store.LocalClient, retry bool) error {
	var p removeContactPayload
	if err := json.Unmarshal([]byte(it.Payload), &p); err != nil {
		return e.settleItem(ctx, it, lc, fmt.Errorf("unreadable queued change: %w", err), true)
	}
	api, err := e.api.people()
	if err != nil {
		return e.refused(ctx, it, lc, err)
	}
	if _, back := findContact(lc.Client.Contacts, func(c model.Contact) bool { return c.UUID == p.UUID }); back {
		return e.dropItem(ctx, it, lc, "Contact "+p.Name+" is on the client again; its removal was not sent")
	}
	gone := retry
	if retry {
		x, err := e.api.GetClient(ctx, p.ClientUUID)
		if err != nil {
			return e.settleItem(ctx, it, lc, err, false)
		}
		_, still := findContact(x.Contacts, func(c model.Contact) bool { return c.UUID == p.UUID && !c.IsDeleted })
		gone = !still
	}
	if !gone {
		if err := api.DeleteContact(ctx, p.UUID, p.ClientUUID); err != nil && !errors.Is(err, xpm.ErrNotFound) {
			return e.refused(ctx, it, lc, err)
		}
	}
	return e.ackPeople(ctx, it, lc, "Contact "+p.Name+" taken off the client in XPM", nil, func(x *model.Client, base map[string]string) {
		x.Contacts = slices.DeleteFunc(x.Contacts, func(c model.Contact) bool { return c.UUID == p.UUID })
		for _, cf := range model.ContactFields {
			delete(base, contactKey(p.UUID, cf.Key))
		}
	})
}
