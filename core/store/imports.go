package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"xpmsync/core/model"
)

// MergeCounts says what one import found, compared with what was known before.
type MergeCounts struct {
	New       int // never seen before
	Returned  int // ignored before, offered again
	Waiting   int // still waiting from an earlier import
	Decided   int // imported or linked earlier: matched by XPM UUID, not offered again
	Withdrawn int // undecided items XPM no longer has, taken off the list
}

// Pending is how many of the found items wait for a decision now.
func (m MergeCounts) Pending() int { return m.New + m.Returned + m.Waiting }

// MergeImportItemsTx records the items of kind that one import found for clientID. Ignored items
// are offered again, imported and linked ones keep their decision (their payload is refreshed),
// and undecided items XPM no longer returns are removed. It returns the stored items found.
func (s *Store) MergeImportItemsTx(ctx context.Context, tx *sql.Tx, clientID int64, kind string, found []ImportItem) ([]ImportItem, MergeCounts, error) {
	var mc MergeCounts
	now := ts(s.Now())
	existing, err := s.importItemsWhere(ctx, tx, `i.client_id = ? AND i.kind = ?`, clientID, kind)
	if err != nil {
		return nil, mc, err
	}
	byUUID := map[string]ImportItem{}
	for _, it := range existing {
		byUUID[it.XPMUUID] = it
	}
	seen := map[string]bool{}
	out := make([]ImportItem, 0, len(found))
	for _, f := range found {
		if f.XPMUUID == "" || seen[f.XPMUUID] {
			continue
		}
		seen[f.XPMUUID] = true
		if old, ok := byUUID[f.XPMUUID]; ok {
			f, err = refreshItemTx(ctx, tx, old, f, now, &mc)
		} else {
			f, err = insertItemTx(ctx, tx, clientID, kind, f, now)
			mc.New++
		}
		if err != nil {
			return nil, mc, err
		}
		out = append(out, f)
	}
	for _, it := range existing {
		if seen[it.XPMUUID] || (it.State != ItemNew && it.State != ItemIgnored) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM import_items WHERE id = ?`, it.ID); err != nil {
			return nil, mc, fmt.Errorf("remove item %q XPM no longer has: %w", it.Name, err)
		}
		mc.Withdrawn++
	}
	return out, mc, nil
}

// insertItemTx records an item seen for the first time.
func insertItemTx(ctx context.Context, tx *sql.Tx, clientID int64, kind string, f ImportItem, now string) (ImportItem, error) {
	err := tx.QueryRowContext(ctx, `INSERT INTO import_items(client_id, kind, xpm_uuid, name, label, payload, state,
				first_seen_at, seen_at) VALUES(?,?,?,?,?,?,?,?,?) RETURNING id`, clientID, kind, f.XPMUUID, f.Name, f.Label, f.Payload,
		ItemNew, now, now).Scan(&f.ID)
	if err != nil {
		return f, fmt.Errorf("record new item %q: %w", f.Name, err)
	}
	f.ClientID, f.Kind, f.State = clientID, kind, ItemNew
	f.FirstSeen, f.SeenAt = parseTS(now), parseTS(now)
	return f, nil
}

// refreshItemTx refreshes a known item's payload: an ignored one is offered again, a decided
// one keeps its decision.
func refreshItemTx(ctx context.Context, tx *sql.Tx, old, f ImportItem, now string, mc *MergeCounts) (ImportItem, error) {
	switch old.State {
	case ItemIgnored:
		old.State = ItemNew
		old.DecidedAt = time.Time{}
		mc.Returned++
	case ItemNew:
		mc.Waiting++
	default:
		mc.Decided++
	}
	old.Name, old.Label, old.Payload, old.SeenAt = f.Name, f.Label, f.Payload, parseTS(now)
	var decided any
	if !old.DecidedAt.IsZero() {
		decided = ts(old.DecidedAt)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE import_items SET name=?, label=?, payload=?, state=?, seen_at=?, decided_at=? WHERE id=?`,
		old.Name, old.Label, old.Payload, old.State, now, decided, old.ID); err != nil {
		return old, fmt.Errorf("refresh item %q: %w", old.Name, err)
	}
	return old, nil
}

// ForgetImportItemTx removes an item record (its XPM item is gone and so is what it became here).
func (s *Store) ForgetImportItemTx(ctx context.Context, tx *sql.Tx, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM import_items WHERE id = ?`, id); err != nil {
		return fmt.Errorf("remove import item %d: %w", id, err)
	}
	return nil
}

const importItemCols = `i.id, i.client_id, COALESCE(c.name,''), i.kind, i.xpm_uuid, i.name, i.label, i.payload, i.state,
	COALESCE(i.local_id,0), i.local_name, i.first_seen_at, i.seen_at, COALESCE(i.decided_at,'')`

func (s *Store) importItemsWhere(ctx context.Context, q Queryer, where string, args ...any) ([]ImportItem, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+importItemCols+` FROM import_items i LEFT JOIN clients c ON c.id = i.client_id
		WHERE `+where+` ORDER BY c.name COLLATE NOCASE, i.client_id, i.kind DESC, i.name COLLATE NOCASE, i.label, i.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read import items: %w", err)
	}
	defer rows.Close()
	var out []ImportItem
	for rows.Next() {
		var it ImportItem
		var first, seen, decided string
		if err := rows.Scan(&it.ID, &it.ClientID, &it.ClientName, &it.Kind, &it.XPMUUID, &it.Name, &it.Label, &it.Payload,
			&it.State, &it.LocalID, &it.LocalName, &first, &seen, &decided); err != nil {
			return nil, fmt.Errorf("read import items: %w", err)
		}
		it.FirstSeen, it.SeenAt, it.DecidedAt = parseTS(first), parseTS(seen), parseTS(decided)
		out = append(out, it)
	}
	return out, rows.Err()
}

// ImportItems lists a client's import items in one state (clientID 0 = every client; state
// "" = every state), by client name, then relationships before contacts, then name.
func (s *Store) ImportItems(ctx context.Context, clientID int64, state string) ([]ImportItem, error) {
	return s.ImportItemsTx(ctx, s.db, clientID, state)
}

// ImportItemsTx is ImportItems inside the caller's transaction.
func (s *Store) ImportItemsTx(ctx context.Context, q Queryer, clientID int64, state string) ([]ImportItem, error) {
	where, args := []string{"i.kind <> ?"}, []any{ItemDetails}
	if clientID != 0 {
		where, args = append(where, "i.client_id = ?"), append(args, clientID)
	}
	if state != "" {
		where, args = append(where, "i.state = ?"), append(args, state)
	}
	return s.importItemsWhere(ctx, q, strings.Join(where, " AND "), args...)
}

// ImportItemTx reads one import item.
func (s *Store) ImportItemTx(ctx context.Context, q Queryer, id int64) (ImportItem, error) {
	items, err := s.importItemsWhere(ctx, q, `i.id = ?`, id)
	if err != nil {
		return ImportItem{}, err
	}
	if len(items) == 0 {
		return ImportItem{}, fmt.Errorf("import item %d: %w", id, ErrNotFound)
	}
	return items[0], nil
}

// DecideImportItemTx records the person's decision on a waiting item. It fails with
// ErrDecided when the item no longer waits, so no decision is ever applied twice.
func (s *Store) DecideImportItemTx(ctx context.Context, tx *sql.Tx, id int64, state string, localID int64, localName string) error {
	res, err := tx.ExecContext(ctx, `UPDATE import_items SET state=?, local_id=?, local_name=?, decided_at=? WHERE id=? AND state=?`,
		state, nullInt(localID), localName, ts(s.Now()), id, ItemNew)
	if err != nil {
		return fmt.Errorf("record decision on import item %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.ImportItemTx(ctx, tx, id); err != nil {
			return err
		}
		return fmt.Errorf("import item %d: %w", id, ErrDecided)
	}
	return nil
}

// RecordDetailsItemTx keeps the client details an import applied, for the record.
func (s *Store) RecordDetailsItemTx(ctx context.Context, tx *sql.Tx, clientID int64, xpmUUID, name, payload string) error {
	now := ts(s.Now())
	_, err := tx.ExecContext(ctx, `INSERT INTO import_items(client_id, kind, xpm_uuid, name, payload, state, local_id, local_name,
		first_seen_at, seen_at, decided_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)
		ON CONFLICT(client_id, kind, xpm_uuid) DO UPDATE SET name=excluded.name, payload=excluded.payload,
		local_name=excluded.local_name, seen_at=excluded.seen_at, decided_at=excluded.decided_at`,
		clientID, ItemDetails, xpmUUID, name, payload, ItemImported, clientID, name, now, now, now)
	if err != nil {
		return fmt.Errorf("record the details imported for client %d: %w", clientID, err)
	}
	return nil
}

// PendingImportCount is how many import items wait for a decision, over every client.
func (s *Store) PendingImportCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM import_items WHERE state = ?`, ItemNew).Scan(&n); err != nil {
		return 0, fmt.Errorf("count items waiting for review: %w", err)
	}
	return n, nil
}

const relCols = `id, client_id, COALESCE(related_client_id,0), related_name, type, number_of_shares, percentage,
	start_date, end_date, COALESCE(xpm_uuid,''), email`

func scanRel(row interface{ Scan(...any) error }) (LocalRelationship, error) {
	var r LocalRelationship
	err := row.Scan(&r.ID, &r.ClientID, &r.RelatedClientID, &r.RelatedName, &r.Type, &r.NumberOfShares, &r.Percentage,
		&r.StartDate, &r.EndDate, &r.XPMUUID, &r.Email)
	return r, err
}

// ClientRelationshipsTx lists a client's people and entities, by name.
func (s *Store) ClientRelationshipsTx(ctx context.Context, q Queryer, clientID int64) ([]LocalRelationship, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+relCols+` FROM relationships WHERE client_id = ?
		ORDER BY related_name COLLATE NOCASE, type, id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("list relationships of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []LocalRelationship
	for rows.Next() {
		r, err := scanRel(rows)
		if err != nil {
			return nil, fmt.Errorf("list relationships of client %d: %w", clientID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ClientRelationships lists a client's people and entities, by name.
func (s *Store) ClientRelationships(ctx context.Context, clientID int64) ([]LocalRelationship, error) {
	return s.ClientRelationshipsTx(ctx, s.db, clientID)
}

// RelationshipTx reads one local relationship.
func (s *Store) RelationshipTx(ctx context.Context, q Queryer, id int64) (LocalRelationship, error) {
	r, err := scanRel(q.QueryRowContext(ctx, `SELECT `+relCols+` FROM relationships WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("relationship %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("read relationship %d: %w", id, err)
	}
	return r, nil
}

// InsertRelationshipTx records a person or entity against a client and returns its ID.
func (s *Store) InsertRelationshipTx(ctx context.Context, q Queryer, r LocalRelationship) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO relationships(client_id, related_client_id, related_name, type, number_of_shares,
		percentage, start_date, end_date, xpm_uuid, email) VALUES(?,?,?,?,?,?,?,?,?,?) RETURNING id`,
		r.ClientID, nullInt(r.RelatedClientID), r.RelatedName, r.Type, r.NumberOfShares, r.Percentage, r.StartDate, r.EndDate,
		nullString(r.XPMUUID), r.Email).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("add %s %q: %w", strings.ToLower(r.Type), r.RelatedName, err)
	}
	return id, nil
}

// UpdateRelationshipTx saves every field of a local relationship.
func (s *Store) UpdateRelationshipTx(ctx context.Context, q Queryer, r LocalRelationship) error {
	res, err := q.ExecContext(ctx, `UPDATE relationships SET related_client_id=?, related_name=?, type=?, number_of_shares=?,
		percentage=?, start_date=?, end_date=?, xpm_uuid=?, email=? WHERE id=?`,
		nullInt(r.RelatedClientID), r.RelatedName, r.Type, r.NumberOfShares, r.Percentage, r.StartDate, r.EndDate,
		nullString(r.XPMUUID), r.Email, r.ID)
	if err != nil {
		return fmt.Errorf("save %s %q: %w", strings.ToLower(r.Type), r.RelatedName, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("save relationship %d: %w", r.ID, ErrNotFound)
	}
	return nil
}

// DeleteRelationshipTx removes a local relationship.
func (s *Store) DeleteRelationshipTx(ctx context.Context, q Queryer, id int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM relationships WHERE id = ?`, id); err != nil {
		return fmt.Errorf("remove relationship %d: %w", id, err)
	}
	return nil
}

// LocalContact is one of a client's contacts with its row ID, so it can be chosen and replaced.
type LocalContact struct {
	ID int64
	model.Contact
}

// ClientContactRowsTx lists a client's contacts with their row IDs, primary first.
func (s *Store) ClientContactRowsTx(ctx context.Context, q Queryer, clientID int64) ([]LocalContact, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, COALESCE(c.xpm_uuid,''), c.name, c.salutation, c.addressee, c.email, c.phone,
		c.mobile, cc.position, cc.is_primary FROM client_contacts cc JOIN contacts c ON c.id = cc.contact_id
		WHERE cc.client_id = ? ORDER BY cc.is_primary DESC, c.name COLLATE NOCASE, c.id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("list contacts of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []LocalContact
	for rows.Next() {
		var c LocalContact
		if err := rows.Scan(&c.ID, &c.UUID, &c.Name, &c.Salutation, &c.Addressee, &c.Email, &c.Phone, &c.Mobile,
			&c.Position, &c.IsPrimary); err != nil {
			return nil, fmt.Errorf("list contacts of client %d: %w", clientID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddContactToClientTx puts an XPM contact on a client and returns its row ID. A contact XPM
// already shares with another client here is the same row, updated, never a second one.
func (s *Store) AddContactToClientTx(ctx context.Context, tx *sql.Tx, clientID int64, c model.Contact) (int64, error) {
	now := ts(s.Now())
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE xpm_uuid = ?`, nullString(c.UUID)).Scan(&id)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err := tx.QueryRowContext(ctx, `INSERT INTO contacts(xpm_uuid, name, salutation, addressee, email, phone, mobile, updated_at)
			VALUES(?,?,?,?,?,?,?,?) RETURNING id`, nullString(c.UUID), c.Name, c.Salutation, c.Addressee, c.Email, c.Phone, c.Mobile, now).Scan(&id)
		if err != nil {
			return 0, fmt.Errorf("add contact %q: %w", c.Name, err)
		}
	case err != nil:
		return 0, fmt.Errorf("find contact %q: %w", c.Name, err)
	default:
		if _, err := tx.ExecContext(ctx, `UPDATE contacts SET name=?, salutation=?, addressee=?, email=?, phone=?, mobile=?, updated_at=?
			WHERE id=?`, c.Name, c.Salutation, c.Addressee, c.Email, c.Phone, c.Mobile, now, id); err != nil {
			return 0, fmt.Errorf("save contact %q: %w", c.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO client_contacts(client_id, contact_id, position, is_primary) VALUES(?,?,?,?)
		ON CONFLICT(client_id, contact_id) DO UPDATE SET position=excluded.position, is_primary=excluded.is_primary`,
		clientID, id, c.Position, b2i(c.IsPrimary)); err != nil {
		return 0, fmt.Errorf("put contact %q on client %d: %w", c.Name, clientID, err)
	}
	if err := s.reindexLocalTx(ctx, tx, clientID); err != nil {
		return 0, err
	}
	return id, nil
}

// ReplaceContactTx replaces the client's local contact localID with the XPM contact c: the
// local record takes every detail from XPM and its XPM UUID. When XPM's contact is already a
// row here (shared with another client), the client is moved onto that row and the local one
// is removed if no other client uses it. It returns the row ID the client now uses.
func (s *Store) ReplaceContactTx(ctx context.Context, tx *sql.Tx, clientID, localID int64, c model.Contact) (int64, error) {
	var shared int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM contacts WHERE xpm_uuid = ?`, c.UUID).Scan(&shared)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find contact %q: %w", c.Name, err)
	}
	if shared != 0 && shared != localID {
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_contacts WHERE client_id = ? AND contact_id = ?`, clientID, localID); err != nil {
			return 0, fmt.Errorf("take the old contact off client %d: %w", clientID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE id = ? AND NOT EXISTS
			(SELECT 1 FROM client_contacts WHERE contact_id = ?)`, localID, localID); err != nil {
			return 0, fmt.Errorf("remove the replaced contact: %w", err)
		}
		return s.AddContactToClientTx(ctx, tx, clientID, c)
	}
	res, err := tx.ExecContext(ctx, `UPDATE contacts SET xpm_uuid=?, name=?, salutation=?, addressee=?, email=?, phone=?, mobile=?,
		updated_at=? WHERE id=?`, nullString(c.UUID), c.Name, c.Salutation, c.Addressee, c.Email, c.Phone, c.Mobile, ts(s.Now()), localID)
	if err != nil {
		return 0, fmt.Errorf("replace contact %d with %q: %w", localID, c.Name, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, fmt.Errorf("contact %d: %w", localID, ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE client_contacts SET position=?, is_primary=? WHERE client_id=? AND contact_id=?`,
		c.Position, b2i(c.IsPrimary), clientID, localID); err != nil {
		return 0, fmt.Errorf("replace contact %d: %w", localID, err)
	}
	return localID, s.reindexLocalTx(ctx, tx, clientID)
}

// CoOwner is a person made co-owner of a client's account by an import.
type CoOwner struct {
	ID        int64
	ClientID  int64
	Name      string
	Email     string
	ItemID    int64
	CreatedAt time.Time
}

// AddCoOwnerTx records a co-owner of a client's account.
func (s *Store) AddCoOwnerTx(ctx context.Context, q Queryer, co CoOwner) error {
	_, err := q.ExecContext(ctx, `INSERT INTO account_co_owners(client_id, name, email, item_id, created_at) VALUES(?,?,?,?,?)`,
		co.ClientID, co.Name, strings.TrimSpace(co.Email), nullInt(co.ItemID), ts(s.Now()))
	if err != nil {
		return fmt.Errorf("make %q a co-owner: %w", co.Name, err)
	}
	return nil
}

// CoOwners lists a client's account co-owners, by name.
func (s *Store) CoOwners(ctx context.Context, clientID int64) ([]CoOwner, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, client_id, name, email, COALESCE(item_id,0), created_at FROM account_co_owners
		WHERE client_id = ? ORDER BY name COLLATE NOCASE, id`, clientID)
	if err != nil {
		return nil, fmt.Errorf("list co-owners of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []CoOwner
	for rows.Next() {
		var co CoOwner
		var created string
		if err := rows.Scan(&co.ID, &co.ClientID, &co.Name, &co.Email, &co.ItemID, &created); err != nil {
			return nil, fmt.Errorf("list co-owners of client %d: %w", clientID, err)
		}
		co.CreatedAt = parseTS(created)
		out = append(out, co)
	}
	return out, rows.Err()
}

// EmailHolderTx says who in the practice already uses email (case and spaces ignored): a
// client, a contact or an account co-owner, in words ("client Jo Bloggs"); "" when nobody.
func (s *Store) EmailHolderTx(ctx context.Context, q Queryer, email string) (string, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	if e == "" {
		return "", nil
	}
	var who string
	err := q.QueryRowContext(ctx, `SELECT who FROM (
		SELECT 'client ' || name AS who, 1 AS o FROM clients WHERE lower(trim(email)) = ?1
		UNION ALL SELECT 'contact ' || name, 2 FROM contacts WHERE lower(trim(email)) = ?1
		UNION ALL SELECT 'co-owner ' || name, 3 FROM account_co_owners WHERE lower(trim(email)) = ?1
	) AS w ORDER BY o LIMIT 1`, e).Scan(&who)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("look up who uses %s: %w", email, err)
	}
	return who, nil
}
