package linking

import (
	"context"
	"fmt"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// PeopleEngine is what the Contacts and Relationships tabs need from the sync engine: every
// change is saved here and, for a linked client under To XPM + Everything, queued for XPM.
type PeopleEngine interface {
	SaveContact(ctx context.Context, clientID int64, c model.Contact) (model.Contact, error)
	RemoveContact(ctx context.Context, clientID int64, c model.Contact) error
	SaveRelationship(ctx context.Context, r store.LocalRelationship) (int64, error)
	RemoveRelationship(ctx context.Context, id int64) error
}

var _ PeopleEngine = (*syncer.Engine)(nil)

func (s *Service) people() (PeopleEngine, error) {
	p, ok := s.engine.(PeopleEngine)
	if !ok {
		return nil, fmt.Errorf("contacts and relationships cannot be edited with this engine")
	}
	return p, nil
}

// SaveContact adds or changes a contact of a local client.
func (s *Service) SaveContact(ctx context.Context, clientID int64, c model.Contact) (model.Contact, error) {
	p, err := s.people()
	if err != nil {
		return c, err
	}
	return p.SaveContact(ctx, clientID, c)
}

// RemoveContact takes a contact off a local client (in XPM: off that client only).
func (s *Service) RemoveContact(ctx context.Context, clientID int64, c model.Contact) error {
	p, err := s.people()
	if err != nil {
		return err
	}
	return p.RemoveContact(ctx, clientID, c)
}

// SaveRelationship records a relationship between two local clients.
func (s *Service) SaveRelationship(ctx context.Context, r store.LocalRelationship) (int64, error) {
	p, err := s.people()
	if err != nil {
		return 0, err
	}
	return p.SaveRelationship(ctx, r)
}

// RemoveRelationship removes a local relationship.
func (s *Service) RemoveRelationship(ctx context.Context, id int64) error {
	p, err := s.people()
	if err != nil {
		return err
	}
	return p.RemoveRelationship(ctx, id)
}

// ContactProblems checks a contact as the user types (seed 002), with the practice's default
// country code for mobiles.
func (s *Service) ContactProblems(ctx context.Context, c model.Contact) (model.Contact, map[string]string) {
	cc := ""
	if p, err := syncer.LoadPolicy(ctx, s.st); err == nil {
		cc = p.DefaultCountryCode
	}
	return syncer.ContactProblems(c, cc)
}

// RelatedChoices finds local clients a relationship can point at, by what is typed.
func (s *Service) RelatedChoices(ctx context.Context, text string, except int64) ([]store.ClientRow, error) {
	rows, err := s.st.ClientRows(ctx, store.RowQuery{Text: text, Filter: store.FilterLocal, Limit: 21})
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, r := range rows {
		if r.ID != except {
			out = append(out, r)
		}
	}
	return out[:min(len(out), 20)], nil
}

// Outbox words for the client's changes still waiting and those XPM refused.
type Outbox struct {
	Waiting int      // changes queued for XPM, not sent yet
	Refused []string // "XPM refused …: reason" for each change XPM did not take
}

// outboxOf reads the client's waiting and refused changes.
func (s *Service) outboxOf(ctx context.Context, clientID int64) (Outbox, error) {
	var o Outbox
	rows, err := s.st.DB().QueryContext(ctx, `SELECT op, payload, state, last_error FROM outbox
		WHERE client_id = ? AND state <> 'done' ORDER BY id`, clientID)
	if err != nil {
		return o, fmt.Errorf("read the changes waiting for XPM: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var op, payload, state, lastErr string
		if err := rows.Scan(&op, &payload, &state, &lastErr); err != nil {
			return o, err
		}
		if state != store.OutboxFailed {
			o.Waiting++
			continue
		}
		o.Refused = append(o.Refused, syncer.RefusedWords(op, syncer.QueuedName(payload), lastErr))
	}
	return o, rows.Err()
}

// fillEditing says what may be edited here and what waits for XPM.
func (s *Service) fillEditing(ctx context.Context, d *Detail) error {
	if d.Local == nil {
		return nil
	}
	p, err := syncer.LoadPolicy(ctx, s.st)
	if err != nil {
		return err
	}
	if d.Linked() && p.Direction == syncer.FromXPM {
		d.ContactsReadOnly = "These contacts come from XPM (Source of truth: From XPM). Change them in XPM; they arrive with the next sync."
	}
	d.PushesPeople = d.Linked() && p.Direction == syncer.ToXPM && p.SyncsContacts()
	d.CountryCode = p.DefaultCountryCode
	d.Outbox, err = s.outboxOf(ctx, d.Local.ID)
	return err
}
