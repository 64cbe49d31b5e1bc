package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// BaselineTx reads the field values both sides agreed on at a linked client's last sync
// (ok = false when the client was never synced since it was linked).
func (s *Store) BaselineTx(ctx context.Context, q Queryer, clientID int64) (vals map[string]string, ok bool, err error) {
	var data string
	err = q.QueryRowContext(ctx, `SELECT data FROM client_baselines WHERE client_id = ?`, clientID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read baseline of client %d: %w", clientID, err)
	}
	if err := json.Unmarshal([]byte(data), &vals); err != nil {
		return nil, false, fmt.Errorf("decode baseline of client %d: %w", clientID, err)
	}
	return vals, true, nil
}

// SetBaselineTx replaces a linked client's baseline.
func (s *Store) SetBaselineTx(ctx context.Context, q Queryer, clientID int64, vals map[string]string) error {
	data, err := json.Marshal(vals)
	if err != nil {
		return fmt.Errorf("encode baseline of client %d: %w", clientID, err)
	}
	_, err = q.ExecContext(ctx, `INSERT INTO client_baselines(client_id, data, synced_at) VALUES(?,?,?)
		ON CONFLICT(client_id) DO UPDATE SET data=excluded.data, synced_at=excluded.synced_at`, clientID, string(data), ts(s.Now()))
	if err != nil {
		return fmt.Errorf("save baseline of client %d: %w", clientID, err)
	}
	return nil
}

// StaffLinks maps local team members to the XPM staff they are linked to, both ways; the
// Partner/Manager rule (seed 001) only moves a role between linked staff.
type StaffLinks struct {
	ToXPM   map[int64]string // local staff ID → XPM staff UUID
	ToLocal map[string]int64 // XPM staff UUID → local staff ID
}

// StaffLinksTx reads the current staff links.
func (s *Store) StaffLinksTx(ctx context.Context, q Queryer) (StaffLinks, error) {
	l := StaffLinks{ToXPM: map[int64]string{}, ToLocal: map[string]int64{}}
	rows, err := q.QueryContext(ctx, `SELECT id, xpm_uuid FROM staff WHERE xpm_uuid IS NOT NULL AND xpm_uuid <> ''`)
	if err != nil {
		return l, fmt.Errorf("read staff links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var u string
		if err := rows.Scan(&id, &u); err != nil {
			return l, err
		}
		l.ToXPM[id], l.ToLocal[u] = u, id
	}
	return l, rows.Err()
}

// ClearBaselineTx forgets a client's baseline (a new link: nothing was agreed yet).
func (s *Store) ClearBaselineTx(ctx context.Context, q Queryer, clientID int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM client_baselines WHERE client_id = ?`, clientID); err != nil {
		return fmt.Errorf("reset baseline of client %d: %w", clientID, err)
	}
	return nil
}

// PatchBaselineTx writes a client's agreed values without moving the time it was last synced.
func (s *Store) PatchBaselineTx(ctx context.Context, q Queryer, clientID int64, vals map[string]string) error {
	data, err := json.Marshal(vals)
	if err != nil {
		return fmt.Errorf("encode baseline of client %d: %w", clientID, err)
	}
	if _, err := q.ExecContext(ctx, `UPDATE client_baselines SET data = ? WHERE client_id = ?`, string(data), clientID); err != nil {
		return fmt.Errorf("save baseline of client %d: %w", clientID, err)
	}
	return nil
}
