package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"xpmsync/core/view"
)

// ErrNotFound means the record asked for does not exist.
var ErrNotFound = errors.New("not found")

// Queryer is what both *sql.DB and *sql.Tx offer, so reads work inside or outside a transaction.
type Queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// InsertClientTx adds a local client (and its contacts) and returns its ID.
func (s *Store) InsertClientTx(ctx context.Context, tx *sql.Tx, lc *LocalClient) (int64, error) {
	w := s.NewClientWriter(NewTxStmts(tx))
	id, err := w.Insert(ctx, lc)
	if err != nil {
		return 0, err
	}
	return id, w.Flush(ctx)
}

// InsertClient adds a local client in its own transaction.
func (s *Store) InsertClient(ctx context.Context, lc *LocalClient) (int64, error) {
	var id int64
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = s.InsertClientTx(ctx, tx, lc)
		return err
	})
	return id, err
}

// UpdateClientTx rewrites a local client's fields and contacts.
func (s *Store) UpdateClientTx(ctx context.Context, tx *sql.Tx, lc *LocalClient) error {
	w := s.NewClientWriter(NewTxStmts(tx))
	if err := w.Update(ctx, lc); err != nil {
		return err
	}
	return w.Flush(ctx)
}

// UpdateClient saves a local client in its own transaction.
func (s *Store) UpdateClient(ctx context.Context, lc *LocalClient) error {
	return s.WithTx(ctx, func(tx *sql.Tx) error { return s.UpdateClientTx(ctx, tx, lc) })
}

// ErrClientChanged matches a *ClientChangedError (see view.ErrClientChanged).
var ErrClientChanged = view.ErrClientChanged

// ClientChangedError refuses a save made from an old read (see view.ClientChangedError).
type ClientChangedError = view.ClientChangedError

// UpdateClientCheckedTx saves lc only when the row is still at lc.Version (the version it was
// read at); otherwise it writes nothing and returns a *ClientChangedError with the current row.
// The check is in the UPDATE itself, so two seats saving at once cannot both pass it.
func (s *Store) UpdateClientCheckedTx(ctx context.Context, tx *sql.Tx, lc *LocalClient) error {
	w := s.NewClientWriter(NewTxStmts(tx))
	err := w.update(ctx, lc, lc.Version)
	if errors.Is(err, errStale) {
		cur, rerr := s.ClientTx(ctx, tx, lc.ID)
		if rerr != nil {
			return rerr
		}
		return &ClientChangedError{Current: cur}
	}
	if err != nil {
		return err
	}
	return w.Flush(ctx)
}

const localClientCols = `id, data, COALESCE(xpm_uuid,''), link_how, COALESCE(linked_at,''), COALESCE(partner_staff_id,0),
	COALESCE(manager_staff_id,0), review, created_at, updated_at, version`

func scanLocal(row interface{ Scan(...any) error }) (LocalClient, error) {
	var lc LocalClient
	var data, linkedAt, created, updated string
	if err := row.Scan(&lc.ID, &data, &lc.XPMUUID, &lc.LinkHow, &linkedAt, &lc.PartnerStaffID, &lc.ManagerStaffID,
		&lc.Review, &created, &updated, &lc.Version); err != nil {
		return lc, err
	}
	if err := json.Unmarshal([]byte(data), &lc.Client); err != nil {
		return lc, fmt.Errorf("decode client %d: %w", lc.ID, err)
	}
	lc.LinkedAt, lc.CreatedAt, lc.UpdatedAt = parseTS(linkedAt), parseTS(created), parseTS(updated)
	lc.Client.UUID = lc.XPMUUID
	return lc, nil
}

// ClientTx reads one local client with its contacts.
func (s *Store) ClientTx(ctx context.Context, q Queryer, id int64) (LocalClient, error) {
	lc, err := scanLocal(q.QueryRowContext(ctx, `SELECT `+localClientCols+` FROM clients WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return lc, fmt.Errorf("client %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return lc, fmt.Errorf("read client %d: %w", id, err)
	}
	lc.Client.Contacts, err = s.ClientContactsTx(ctx, q, id)
	return lc, err
}

// Client reads one local client with its contacts.
func (s *Store) Client(ctx context.Context, id int64) (LocalClient, error) {
	return s.ClientTx(ctx, s.db, id)
}

// ClientByXPMTx finds the local client linked to an XPM UUID.
func (s *Store) ClientByXPMTx(ctx context.Context, q Queryer, uuid string) (LocalClient, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM clients WHERE xpm_uuid = ?`, uuid).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return LocalClient{}, fmt.Errorf("client linked to %s: %w", uuid, ErrNotFound)
	}
	if err != nil {
		return LocalClient{}, fmt.Errorf("find client linked to %s: %w", uuid, err)
	}
	return s.ClientTx(ctx, q, id)
}

// LinkedClientIDs maps every linked XPM UUID to its local client ID.
func (s *Store) LinkedClientIDs(ctx context.Context) (map[string]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT xpm_uuid, id FROM clients WHERE xpm_uuid IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("list linked clients: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var u string
		var id int64
		if err := rows.Scan(&u, &id); err != nil {
			return nil, err
		}
		out[u] = id
	}
	return out, rows.Err()
}

// ClientCount counts local clients.
func (s *Store) ClientCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM clients`).Scan(&n)
	return n, err
}
