package importer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// Form is what the person confirms or changes before an item is imported.
type Form struct {
	Name         string
	Relationship string // relationship type, or the contact's position
	Email        string
	CoOwner      bool // import as account co-owner: needs an email no client or contact uses
}

// Problems with a Form, matched with errors.Is.
var (
	ErrNameNeeded   = errors.New("enter the person's or entity's name")
	ErrEmailNeeded  = errors.New("a co-owner needs an email address: enter one, or untick “Import as account co-owner”")
	ErrEmailInvalid = errors.New("the email is not one plain address (like jo@example.com): correct it")
)

// EmailInUseError says a co-owner's email is already used in the practice.
type EmailInUseError struct {
	Email  string
	Holder string // "client Jo Bloggs", "contact Ana Roa", "co-owner Mere Roa"
}

func (e *EmailInUseError) Error() string {
	return fmt.Sprintf("%s is already the email of %s. A co-owner needs an email no other client or contact uses: enter another address.", e.Email, e.Holder)
}

// DefaultForm is the import form filled with what XPM gave.
func DefaultForm(it store.ImportItem) Form {
	f := Form{Name: it.Name, Relationship: it.Label}
	if it.Kind == store.ItemContact {
		if c, err := Contact(it); err == nil {
			f.Email = c.Email
		}
	}
	return f
}

// Check says what is wrong with a form before anything is saved (the email's uniqueness is
// checked again when saving).
func (im *Importer) Check(ctx context.Context, f Form) error {
	return im.checkTx(ctx, im.st.DB(), f)
}

func (im *Importer) checkTx(ctx context.Context, q store.Queryer, f Form) error {
	if strings.TrimSpace(f.Name) == "" {
		return ErrNameNeeded
	}
	email := strings.TrimSpace(f.Email)
	switch {
	case email != "" && !syncer.ValidEmail(email):
		return ErrEmailInvalid
	case !f.CoOwner:
		return nil
	case email == "":
		return ErrEmailNeeded
	}
	who, err := im.st.EmailHolderTx(ctx, q, email)
	if err != nil {
		return err
	}
	if who != "" {
		return &EmailInUseError{Email: email, Holder: who}
	}
	return nil
}

// Import adds a waiting item to its client as the form says: a relationship becomes one of
// the client's people and entities, a contact one of its contacts; a co-owner is recorded with
// their email. Nothing is sent to anyone.
func (im *Importer) Import(ctx context.Context, itemID int64, f Form) error {
	f.Name, f.Relationship, f.Email = strings.TrimSpace(f.Name), strings.TrimSpace(f.Relationship), strings.TrimSpace(f.Email)
	err := im.st.WithTxEvents(ctx, im.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		it, lc, err := im.waitingTx(ctx, tx, itemID)
		if err != nil {
			return err
		}
		if err := im.checkTx(ctx, tx, f); err != nil {
			return err
		}
		localID, err := im.addItemTx(ctx, tx, it, f)
		if err != nil {
			return err
		}
		if f.CoOwner {
			if err := im.st.AddCoOwnerTx(ctx, tx, store.CoOwner{ClientID: it.ClientID, Name: f.Name, Email: f.Email, ItemID: it.ID}); err != nil {
				return err
			}
		}
		if err := im.st.DecideImportItemTx(ctx, tx, it.ID, store.ItemImported, localID, f.Name); err != nil {
			return err
		}
		ev := itemEvent(KindImported, lc, importWords(it, f))
		return rec.Record(ev)
	})
	if err != nil {
		return fmt.Errorf("import %d: %w", itemID, err)
	}
	return nil
}

// addItemTx adds the item to its client: a relationship as one of its people and entities, a
// contact as one of its contacts. It returns the new local row's id.
func (im *Importer) addItemTx(ctx context.Context, tx *sql.Tx, it store.ImportItem, f Form) (int64, error) {
	switch it.Kind {
	case store.ItemRelationship:
		r, err := Relationship(it)
		if err != nil {
			return 0, fmt.Errorf("read the XPM item %q: %w", it.Name, err)
		}
		related, err := im.relatedLocalTx(ctx, tx, r)
		if err != nil {
			return 0, err
		}
		typ := f.Relationship
		if typ == "" {
			typ = r.Type
		}
		return im.st.InsertRelationshipTx(ctx, tx, store.LocalRelationship{ClientID: it.ClientID, RelatedClientID: related,
			RelatedName: f.Name, Type: typ, NumberOfShares: r.NumberOfShares, Percentage: r.Percentage,
			StartDate: r.StartDate, EndDate: r.EndDate, XPMUUID: it.XPMUUID, Email: f.Email})
	case store.ItemContact:
		c, err := Contact(it)
		if err != nil {
			return 0, fmt.Errorf("read the XPM item %q: %w", it.Name, err)
		}
		c.Name, c.Position, c.Email = f.Name, f.Relationship, f.Email
		return im.st.AddContactToClientTx(ctx, tx, it.ClientID, c)
	}
	return 0, fmt.Errorf("import item %d is a %s, which is not reviewed", it.ID, it.Kind)
}

// Ignore sets waiting items aside: they leave the list now and come back with the next import.
// Items already dealt with are skipped. It returns how many were ignored.
func (im *Importer) Ignore(ctx context.Context, itemIDs ...int64) (int, error) {
	n := 0
	err := im.st.WithTxEvents(ctx, im.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		n = 0
		for _, id := range itemIDs {
			it, lc, err := im.waitingTx(ctx, tx, id)
			if errors.Is(err, store.ErrDecided) || errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if err := im.st.DecideImportItemTx(ctx, tx, id, store.ItemIgnored, 0, ""); err != nil {
				return err
			}
			ev := itemEvent(KindIgnored, lc, fmt.Sprintf("Ignored %s (%s) from XPM; it comes back with the next import.", it.Name, kindWords(it)))
			if err := rec.Record(ev); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("ignore %d items: %w", len(itemIDs), err)
	}
	return n, nil
}

// Choice is a local item a waiting item can be linked to.
type Choice struct {
	ID    int64
	Label string // "Jane Smith — Director"
}

// LinkChoices lists the client's own items of the same kind that are not linked to XPM yet.
func (im *Importer) LinkChoices(ctx context.Context, itemID int64) ([]Choice, error) {
	it, err := im.st.ImportItemTx(ctx, im.st.DB(), itemID)
	if err != nil {
		return nil, err
	}
	var out []Choice
	switch it.Kind {
	case store.ItemRelationship:
		rels, err := im.st.ClientRelationships(ctx, it.ClientID)
		if err != nil {
			return nil, err
		}
		for _, r := range rels {
			if r.XPMUUID == "" {
				out = append(out, Choice{ID: r.ID, Label: joinWords(" — ", r.RelatedName, r.Type, r.Email)})
			}
		}
	case store.ItemContact:
		cs, err := im.st.ClientContactRowsTx(ctx, im.st.DB(), it.ClientID)
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if c.UUID == "" {
				out = append(out, Choice{ID: c.ID, Label: joinWords(" — ", c.Name, c.Position, c.Email)})
			}
		}
	}
	return out, nil
}

// Link replaces the client's local item localID with the waiting XPM item: the local record
// takes XPM's details and XPM UUID (a relationship keeps the email recorded here, which XPM
// does not hold). Linked items never come back on later imports.
func (im *Importer) Link(ctx context.Context, itemID, localID int64) error {
	err := im.st.WithTxEvents(ctx, im.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		it, lc, err := im.waitingTx(ctx, tx, itemID)
		if err != nil {
			return err
		}
		var oldName string
		switch it.Kind {
		case store.ItemRelationship:
			oldName, err = im.linkRelTx(ctx, tx, it, localID)
		case store.ItemContact:
			oldName, localID, err = im.linkContactTx(ctx, tx, it, localID)
		default:
			err = fmt.Errorf("import item %d is a %s, which is not reviewed", it.ID, it.Kind)
		}
		if err != nil {
			return err
		}
		if err := im.st.DecideImportItemTx(ctx, tx, it.ID, store.ItemLinked, localID, oldName); err != nil {
			return err
		}
		ev := itemEvent(KindLinked, lc, fmt.Sprintf("Linked %s (%s) from XPM to %s recorded here, which now holds XPM's details.",
			it.Name, kindWords(it), oldName))
		return rec.Record(ev)
	})
	if err != nil {
		return fmt.Errorf("link %d: %w", itemID, err)
	}
	return nil
}

// ErrNotLinkable means the chosen local item cannot take the XPM item (another client's, or
// already linked to XPM).
var ErrNotLinkable = errors.New("that item is not one of this client's items waiting for a link: choose another")

func (im *Importer) linkRelTx(ctx context.Context, tx *sql.Tx, it store.ImportItem, localID int64) (string, error) {
	l, err := im.st.RelationshipTx(ctx, tx, localID)
	if err != nil {
		return "", err
	}
	if l.ClientID != it.ClientID || l.XPMUUID != "" {
		return "", ErrNotLinkable
	}
	r, err := Relationship(it)
	if err != nil {
		return "", fmt.Errorf("read the XPM item %q: %w", it.Name, err)
	}
	related, err := im.relatedLocalTx(ctx, tx, r)
	if err != nil {
		return "", err
	}
	next := l
	next.RelatedClientID, next.RelatedName, next.Type = related, it.Name, r.Type
	next.NumberOfShares, next.Percentage, next.StartDate, next.EndDate = r.NumberOfShares, r.Percentage, r.StartDate, r.EndDate
	next.XPMUUID = it.XPMUUID
	return l.RelatedName, im.st.UpdateRelationshipTx(ctx, tx, next)
}

func (im *Importer) linkContactTx(ctx context.Context, tx *sql.Tx, it store.ImportItem, localID int64) (string, int64, error) {
	cs, err := im.st.ClientContactRowsTx(ctx, tx, it.ClientID)
	if err != nil {
		return "", 0, err
	}
	var old *store.LocalContact
	for i := range cs {
		if cs[i].ID == localID {
			old = &cs[i]
		}
	}
	if old == nil || old.UUID != "" {
		return "", 0, ErrNotLinkable
	}
	c, err := Contact(it)
	if err != nil {
		return "", 0, fmt.Errorf("read the XPM item %q: %w", it.Name, err)
	}
	id, err := im.st.ReplaceContactTx(ctx, tx, it.ClientID, localID, c)
	return old.Name, id, err
}

// waitingTx reads an item that still waits, with its client.
func (im *Importer) waitingTx(ctx context.Context, tx *sql.Tx, itemID int64) (store.ImportItem, store.LocalClient, error) {
	it, err := im.st.ImportItemTx(ctx, tx, itemID)
	if err != nil {
		return it, store.LocalClient{}, err
	}
	if !it.Pending() {
		return it, store.LocalClient{}, fmt.Errorf("%s: %w", it.Name, store.ErrDecided)
	}
	lc, err := im.st.ClientTx(ctx, tx, it.ClientID)
	return it, lc, err
}

func itemEvent(kind model.EventKind, lc store.LocalClient, details string) store.Event {
	return store.Event{Kind: kind, ClientID: lc.ID, XPMUUID: lc.XPMUUID, ClientName: lc.Client.Name, Details: details}
}

func importWords(it store.ImportItem, f Form) string {
	s := fmt.Sprintf("Imported %s (%s) from XPM", it.Name, kindWords(it))
	if f.Name != it.Name || (f.Relationship != "" && f.Relationship != it.Label) {
		s += fmt.Sprintf(" as %s", joinWords(", ", f.Name, f.Relationship))
	}
	if f.CoOwner {
		s += ", account co-owner with email " + f.Email
	} else if f.Email != "" {
		s += ", email " + f.Email
	}
	return s + "."
}

func kindWords(it store.ImportItem) string {
	if it.Kind == store.ItemContact {
		return joinWords(", ", "contact", it.Label)
	}
	return it.Label
}

func joinWords(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
