package store

import (
	"context"
	"fmt"
	"time"
)

// SyncIssue is one record a sync could not import, with the reason (seed 002's sync summary).
type SyncIssue struct {
	ID         int64
	RunID      int64
	At         time.Time
	Record     string // client | contact | staff
	ClientUUID string // the XPM client the record came with
	ClientName string // its name (read only)
	XPMUUID    string // the record's own UUID
	Name       string
	Field      string
	Value      string
	Reason     string
}

// ReplaceIssuesTx makes list the current issues of one XPM client: a client synced again
// without problems drops its old issues, so the summary always says what is wrong now.
func (s *Store) ReplaceIssuesTx(ctx context.Context, q Queryer, clientUUID string, runID int64, list []SyncIssue) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM sync_issues WHERE client_uuid = ?`, clientUUID); err != nil {
		return fmt.Errorf("clear issues of client %s: %w", clientUUID, err)
	}
	now := ts(s.Now())
	for _, is := range list {
		if _, err := q.ExecContext(ctx, `INSERT INTO sync_issues(run_id, at, record, client_uuid, xpm_uuid, name, field, value, reason)
			VALUES(?,?,?,?,?,?,?,?,?)`, nullInt(runID), now, is.Record, clientUUID, is.XPMUUID, is.Name, is.Field, is.Value, is.Reason); err != nil {
			return fmt.Errorf("record issue of %s %q: %w", is.Record, is.Name, err)
		}
	}
	return nil
}

// SyncIssues lists every current issue, in client-name then record order.
func (s *Store) SyncIssues(ctx context.Context) ([]SyncIssue, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, COALESCE(i.run_id,0), i.at, i.record, i.client_uuid, COALESCE(x.name,''), i.xpm_uuid, i.name, i.field, i.value, i.reason
		FROM sync_issues i LEFT JOIN xpm_clients x ON x.uuid = i.client_uuid
		ORDER BY COALESCE(x.name, i.name) COLLATE NOCASE, i.client_uuid, i.id`)
	if err != nil {
		return nil, fmt.Errorf("read sync summary: %w", err)
	}
	defer rows.Close()
	var out []SyncIssue
	for rows.Next() {
		var is SyncIssue
		var at string
		if err := rows.Scan(&is.ID, &is.RunID, &at, &is.Record, &is.ClientUUID, &is.ClientName, &is.XPMUUID, &is.Name, &is.Field, &is.Value, &is.Reason); err != nil {
			return nil, err
		}
		is.At = parseTS(at)
		out = append(out, is)
	}
	return out, rows.Err()
}

// SyncIssueCount counts current issues.
func (s *Store) SyncIssueCount(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM sync_issues`).Scan(&n)
	return n, err
}
