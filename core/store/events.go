package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"xpmsync/core/model"
)

// EventQuery selects Integration Progress events, newest first.
type EventQuery struct {
	Since  time.Time         // inclusive; zero = from the beginning
	Kinds  []model.EventKind // any of these kinds; empty = all
	Result string            // "" = any
	Client string            // case-insensitive substring of the client's name; "" = any
	Limit  int               // 0 = no limit
}

// Events lists the events the query selects, newest first.
func (s *Store) Events(ctx context.Context, q EventQuery) ([]Event, error) {
	where, args := []string{"1=1"}, []any{}
	if !q.Since.IsZero() {
		where, args = append(where, "at >= ?"), append(args, secondKey(q.Since))
	}
	if len(q.Kinds) > 0 {
		where = append(where, "kind IN (?"+strings.Repeat(",?", len(q.Kinds)-1)+")")
		for _, k := range q.Kinds {
			args = append(args, string(k))
		}
	}
	if q.Result != "" {
		where, args = append(where, "result = ?"), append(args, q.Result)
	}
	if c := strings.TrimSpace(q.Client); c != "" {
		// instr on lower() rather than LIKE so a name holding % or _ matches literally.
		where, args = append(where, "instr(lower(client_name), lower(?)) > 0"), append(args, c)
	}
	sqlText := `SELECT id, at, COALESCE(run_id, 0), kind, result, COALESCE(client_id, 0), xpm_uuid, client_name, details
		FROM events WHERE ` + strings.Join(where, " AND ") + ` ORDER BY substr(at, 1, 19) DESC, ` + fraction + ` DESC, id DESC`
	if q.Limit > 0 {
		sqlText += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("read integration events: %w", err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&e.ID, &at, &e.RunID, &e.Kind, &e.Result, &e.ClientID, &e.XPMUUID, &e.ClientName, &e.Details); err != nil {
			return nil, fmt.Errorf("read integration events: %w", err)
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read integration events: %w", err)
	}
	return out, nil
}

// PruneEvents deletes events recorded before cutoff and says how many went.
func (s *Store) PruneEvents(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM events WHERE at < ?`, secondKey(cutoff))
	if err != nil {
		return 0, fmt.Errorf("delete old integration events: %w", err)
	}
	return res.RowsAffected()
}

// RunsSince lists sync runs that finished at or after since, oldest first.
func (s *Store) RunsSince(ctx context.Context, since time.Time) ([]Run, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, kind, trigger, started_at, finished_at, status, message, clients, contacts, staff, changes, api_calls
		FROM sync_runs WHERE finished_at IS NOT NULL AND finished_at >= ? ORDER BY substr(finished_at, 1, 19), id`, secondKey(since))
	if err != nil {
		return nil, fmt.Errorf("read sync runs: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		var r Run
		var started, finished string
		if err := rows.Scan(&r.ID, &r.Kind, &r.Trigger, &started, &finished, &r.Status, &r.Message, &r.Clients, &r.Contacts, &r.Staff, &r.Changes, &r.APICalls); err != nil {
			return nil, fmt.Errorf("read sync runs: %w", err)
		}
		r.StartedAt, r.FinishedAt = parseTS(started), parseTS(finished)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read sync runs: %w", err)
	}
	return out, nil
}

// ReviewCount is how many local clients are flagged for the user to look at (conflict,
// deleted, archived, merged, invalid).
func (s *Store) ReviewCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM clients WHERE review <> ''`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count clients to review: %w", err)
	}
	return n, nil
}

// fraction is the sub-second part of a stored stamp as a number (0 when whole), for ordering.
const fraction = `CAST('0' || substr(at, 20, length(at) - 20) AS REAL)`

// secondKey is t to the second, as a prefix of the stored RFC 3339 stamps. Stored stamps drop
// trailing zeros of the fraction, so they do not sort as strings below the second; comparing
// against the bare second (a prefix sorts first) and ordering by the first 19 characters and then
// the fraction as a number keeps every comparison right.
func secondKey(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

// EventKinds lists the distinct event kinds recorded since since.
func (s *Store) EventKinds(ctx context.Context, since time.Time) ([]model.EventKind, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT DISTINCT kind FROM events WHERE at >= ? ORDER BY kind`, secondKey(since))
	if err != nil {
		return nil, fmt.Errorf("read event kinds: %w", err)
	}
	defer rows.Close()
	var out []model.EventKind
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("read event kinds: %w", err)
		}
		out = append(out, model.EventKind(k))
	}
	return out, rows.Err()
}
