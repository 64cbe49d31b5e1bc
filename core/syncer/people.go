package syncer

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// Outbox operations for a client's contacts and relationships edited here.
const (
	opAddContact    = "add_contact"
	opRemoveContact = "remove_contact"
	opAddRel        = "add_relationship"
	opUpdateRel     = "update_relationship"
	opDeleteRel     = "delete_relationship"
)

// ErrReadOnlyContacts means the contacts of a linked client come from XPM (Source of truth is
// From XPM), so they are edited in XPM, not here.
var ErrReadOnlyContacts = errors.New("this client's contacts come from XPM (Source of truth: From XPM); change them in XPM and they arrive with the next sync")

// ProblemsError carries what is wrong with a contact or relationship, by field.
type ProblemsError struct {
	What     string            // "contact" | "relationship"
	Problems map[string]string // field → reason in plain words
}

func (e *ProblemsError) Error() string {
	var words []string
	for _, k := range []string{"Name", "Email", "Mobile", "Phone", "Related", "Type", "NumberOfShares", "Percentage", "StartDate", "EndDate"} {
		if p, ok := e.Problems[k]; ok {
			words = append(words, p)
		}
	}
	return "the " + e.What + " was not saved: " + strings.Join(words, " ")
}

type addContactPayload struct {
	ClientUUID string `json:"client_uuid"`
	Key        string `json:"key"`
	Name       string `json:"name"`
}

type removeContactPayload struct {
	ClientUUID string `json:"client_uuid"`
	UUID       string `json:"uuid"`
	Name       string `json:"name"`
}

type relPayload struct {
	RelID int64  `json:"rel_id,omitempty"`
	UUID  string `json:"uuid,omitempty"` // delete: the XPM relationship
	Name  string `json:"name"`
}

func newLocalKey() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "local-" + hex.EncodeToString(b[:])
}

// sameContact reports whether a and b are the same contact of one client.
func sameContact(a, b model.Contact) bool {
	return a.UUID != "" && a.UUID == b.UUID || a.LocalKey != "" && a.LocalKey == b.LocalKey
}

// pushesPeople reports whether the contacts and relationships of a linked client go to XPM.
func pushesPeople(p Policy, lc store.LocalClient) bool {
	return lc.XPMUUID != "" && p.Direction == ToXPM && p.SyncsContacts()
}

// SaveContact adds (no UUID and no local key) or changes one contact of a local client. Making
// it primary clears the others, as XPM does. For a linked client under To XPM + Everything the
// change is queued for XPM in the same transaction and sent at once in the background.
func (e *Engine) SaveContact(ctx context.Context, clientID int64, c model.Contact) (model.Contact, error) {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return c, err
	}
	c, probs := ContactProblems(c, p.DefaultCountryCode)
	if len(probs) > 0 {
		return c, &ProblemsError{What: "contact", Problems: probs}
	}
	isNew := c.UUID == "" && c.LocalKey == ""
	if isNew {
		c.LocalKey = newLocalKey()
	}
	queued := false
	err = e.st.WithTx(ctx, func(tx *sql.Tx) (err error) {
		queued, err = e.saveContactTx(ctx, tx, p, clientID, c, isNew)
		return err
	})
	if err != nil {
		return c, fmt.Errorf("save contact %q: %w", c.Name, err)
	}
	if queued {
		e.kick()
	}
	return c, nil
}

// saveContactTx stores the contact, records it in History and, for a linked client under
// To XPM + Everything, queues it for XPM; queued says whether it was.
func (e *Engine) saveContactTx(ctx context.Context, tx *sql.Tx, p Policy, clientID int64, c model.Contact, isNew bool) (queued bool, err error) {
	lc, err := e.clientForPeopleTx(ctx, tx, p, clientID)
	if err != nil {
		return false, err
	}
	old, found := putContact(&lc, c)
	if !isNew && !found {
		return false, fmt.Errorf("contact %q: %w", c.Name, store.ErrNotFound)
	}
	if err := e.st.UpdateClientTx(ctx, tx, &lc); err != nil {
		return false, err
	}
	change := store.FieldChange{ClientID: clientID, Field: "Contact", Old: old.Name, New: c.Name, Source: store.SourceUser}
	if err := e.st.AddHistoryTx(ctx, tx, change); err != nil {
		return false, err
	}
	if !pushesPeople(p, lc) || (!isNew && c.UUID == "") {
		return false, nil // not linked, or a contact still waiting for its own add: that add sends the newest values
	}
	if !isNew {
		if err := e.rememberLinkTx(ctx, tx, lc.ID, old); err != nil {
			return false, err
		}
	}
	return true, e.queueContactTx(ctx, tx, lc, c, isNew, changedContactFields(old, c))
}

// clientForPeopleTx reads a client whose contacts are about to change here, refusing when
// they come from XPM.
func (e *Engine) clientForPeopleTx(ctx context.Context, tx *sql.Tx, p Policy, clientID int64) (store.LocalClient, error) {
	lc, err := e.st.ClientTx(ctx, tx, clientID)
	if err != nil {
		return lc, err
	}
	if lc.XPMUUID != "" && p.Direction == FromXPM {
		return lc, ErrReadOnlyContacts
	}
	return lc, nil
}

// putContact replaces or appends c on lc and clears the other primaries when c is primary. It
// returns the contact it replaced.
func putContact(lc *store.LocalClient, c model.Contact) (model.Contact, bool) {
	var old model.Contact
	found := false
	cs := lc.Client.Contacts
	for i := range cs {
		if sameContact(cs[i], c) {
			old, found = cs[i], true
			cs[i] = c
		} else if c.IsPrimary {
			cs[i].IsPrimary = false
		}
	}
	if !found {
		cs = append(cs, c)
	}
	lc.Client.Contacts = cs
	return old, found
}

func (e *Engine) queueContactTx(ctx context.Context, tx *sql.Tx, lc store.LocalClient, c model.Contact, isNew bool, fields []string) error {
	item := store.OutboxItem{ClientID: lc.ID, Op: opUpdateContact}
	b, _ := json.Marshal(contactPayload{ClientUUID: lc.XPMUUID, Contact: c, Fields: fields})
	what := "Contact change queued for XPM: " + c.Name
	if isNew {
		item.Op = opAddContact
		b, _ = json.Marshal(addContactPayload{ClientUUID: lc.XPMUUID, Key: c.LocalKey, Name: c.Name})
		what = "New contact queued for XPM: " + c.Name
	}
	item.Payload = string(b)
	if _, err := e.st.EnqueueTx(ctx, tx, item); err != nil {
		return err
	}
	return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: lc.ID, XPMUUID: lc.XPMUUID,
		ClientName: lc.Client.Name, Details: what})
}

// RemoveContact takes a contact off a local client. In XPM it is only unlinked from that
// client (never deleted), so a contact XPM shares with other clients stays theirs.
func (e *Engine) RemoveContact(ctx context.Context, clientID int64, c model.Contact) error {
	p, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return err
	}
	queued := false
	err = e.st.WithTx(ctx, func(tx *sql.Tx) error {
		lc, err := e.clientForPeopleTx(ctx, tx, p, clientID)
		if err != nil {
			return err
		}
		var kept []model.Contact
		var gone model.Contact
		for _, k := range lc.Client.Contacts {
			if sameContact(k, c) {
				gone = k
				continue
			}
			kept = append(kept, k)
		}
		if gone.Name == "" {
			return fmt.Errorf("contact %q: %w", c.Name, store.ErrNotFound)
		}
		lc.Client.Contacts = kept
		if err := e.st.UpdateClientTx(ctx, tx, &lc); err != nil {
			return err
		}
		if err := e.st.AddHistoryTx(ctx, tx, store.FieldChange{ClientID: clientID, Field: "Contact", Old: gone.Name, Source: store.SourceUser}); err != nil {
			return err
		}
		if !pushesPeople(p, lc) || gone.UUID == "" {
			return nil // never in XPM: a waiting add finds it gone and is dropped
		}
		queued = true
		b, _ := json.Marshal(removeContactPayload{ClientUUID: lc.XPMUUID, UUID: gone.UUID, Name: gone.Name})
		if _, err := e.st.EnqueueTx(ctx, tx, store.OutboxItem{ClientID: clientID, Op: opRemoveContact, Payload: string(b)}); err != nil {
			return err
		}
		return e.st.AddEventTx(ctx, tx, store.Event{Kind: model.EventPushQueued, Result: "pending", ClientID: clientID, XPMUUID: lc.XPMUUID,
			ClientName: lc.Client.Name, Details: "Contact removal queued for XPM: " + gone.Name})
	})
	if err != nil {
		return fmt.Errorf("remove contact %q: %w", c.Name, err)
	}
	if queued {
		e.kick()
	}
	return nil
}

// rememberLinkTx records the position and primary flag XPM last agreed for a contact, when not
// recorded yet, so a sync running before the edit is sent can tell it was changed here.
func (e *Engine) rememberLinkTx(ctx context.Context, tx *sql.Tx, clientID int64, agreed model.Contact) error {
	base, ok, err := e.st.BaselineTx(ctx, tx, clientID)
	if err != nil || !ok {
		return err
	}
	if _, known := base[contactKey(agreed.UUID, "Position")]; known {
		return nil
	}
	base[contactKey(agreed.UUID, "Position")] = agreed.Position
	base[contactKey(agreed.UUID, "IsPrimary")] = yesNo(agreed.IsPrimary)
	return e.st.PatchBaselineTx(ctx, tx, clientID, base)
}
