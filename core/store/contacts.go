package store

import (
	"context"
	"database/sql"
	"fmt"

	"xpmsync/core/model"
)

// SetClientContactsTx makes the client's contact list equal to cs. Contacts with an XPM UUID are
// shared rows (one contact, several clients); contacts without one belong to this client only.
func (s *Store) SetClientContactsTx(ctx context.Context, tx *sql.Tx, clientID int64, cs []model.Contact) error {
	_, err := s.NewClientWriter(NewTxStmts(tx)).setContacts(ctx, clientID, cs, false)
	return err
}

// ClientContactsTx lists a client's contacts, primary first.
func (s *Store) ClientContactsTx(ctx context.Context, q Queryer, clientID int64) ([]model.Contact, error) {
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(c.xpm_uuid,''), COALESCE(c.local_key,''), c.name, c.salutation, c.addressee, c.email, c.phone, c.mobile,
		cc.position, cc.is_primary FROM client_contacts cc JOIN contacts c ON c.id = cc.contact_id
		WHERE cc.client_id = ? ORDER BY cc.is_primary DESC, c.name COLLATE NOCASE, c.id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("list contacts of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []model.Contact
	for rows.Next() {
		var c model.Contact
		if err := rows.Scan(&c.UUID, &c.LocalKey, &c.Name, &c.Salutation, &c.Addressee, &c.Email, &c.Phone, &c.Mobile, &c.Position, &c.IsPrimary); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ContactCount counts local contacts (a shared contact counts once).
func (s *Store) ContactCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM contacts`).Scan(&n)
	return n, err
}

// OtherClientsOfContact lists the names of the other local clients a contact belongs to.
func (s *Store) OtherClientsOfContact(ctx context.Context, contactUUID string, exceptClientID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT cl.name FROM contacts c JOIN client_contacts cc ON cc.contact_id = c.id
		JOIN clients cl ON cl.id = cc.client_id WHERE c.xpm_uuid = ? AND cl.id <> ? ORDER BY cl.name`, contactUUID, exceptClientID)
	if err != nil {
		return nil, fmt.Errorf("list clients of contact %s: %w", contactUUID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}
