package store

import (
	"context"
	"database/sql"
	"fmt"
)

// AddHistoryTx records one applied field change.
func (s *Store) AddHistoryTx(ctx context.Context, q Queryer, ch FieldChange) error {
	if ch.At.IsZero() {
		ch.At = s.Now()
	}
	_, err := q.ExecContext(ctx, `INSERT INTO field_history(client_id, field, old_value, new_value, source, at, run_id) VALUES(?,?,?,?,?,?,?)`,
		ch.ClientID, ch.Field, ch.Old, ch.New, ch.Source, ts(ch.At), nullInt(ch.RunID))
	if err != nil {
		return fmt.Errorf("record change of %s for client %d: %w", ch.Field, ch.ClientID, err)
	}
	return nil
}

// History lists a client's field changes, newest first.
func (s *Store) History(ctx context.Context, clientID int64) ([]FieldChange, error) {
	return s.historyWhere(ctx, `WHERE client_id = ?`, clientID)
}

// HistoryOfRun lists the field changes a sync run applied, oldest first.
func (s *Store) HistoryOfRun(ctx context.Context, runID int64) ([]FieldChange, error) {
	out, err := s.historyWhere(ctx, `WHERE run_id = ?`, runID)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, err
}

func (s *Store) historyWhere(ctx context.Context, where string, arg any) ([]FieldChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, client_id, field, old_value, new_value, source, at, COALESCE(run_id,0)
		FROM field_history `+where+` ORDER BY id DESC`, arg)
	if err != nil {
		return nil, fmt.Errorf("read field history: %w", err)
	}
	defer rows.Close()
	var out []FieldChange
	for rows.Next() {
		var ch FieldChange
		var at string
		if err := rows.Scan(&ch.ID, &ch.ClientID, &ch.Field, &ch.Old, &ch.New, &ch.Source, &at, &ch.RunID); err != nil {
			return nil, err
		}
		ch.At = parseTS(at)
		out = append(out, ch)
	}
	return out, rows.Err()
}

var _ Queryer = (*sql.Tx)(nil)
