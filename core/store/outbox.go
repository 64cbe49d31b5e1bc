package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Outbox states. An item moves pending → sending → done; "sending" found after a restart
// means the process died mid-send, so the outcome of that send is unknown.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxUnknown = "unknown" // an add that may have been applied: reconcile before any resend
	OutboxDone    = "done"
	OutboxFailed  = "failed" // XPM refused it for good; the user is told
)

// OutboxItem is one change waiting to go to XPM.
type OutboxItem struct {
	ID        int64
	ClientID  int64
	StaffID   int64
	Op        string
	Payload   string // JSON, shaped by the op
	State     string
	Attempts  int
	NextAt    time.Time
	LastError string
	CreatedAt time.Time
	SentAt    time.Time
}

// EnqueueTx adds an item to the outbox inside the caller's transaction, so the change and
// the promise to send it commit together.
func (s *Store) EnqueueTx(ctx context.Context, q Queryer, it OutboxItem) (int64, error) {
	now := s.Now()
	if it.NextAt.IsZero() {
		it.NextAt = now
	}
	if it.State == "" {
		it.State = OutboxPending
	}
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO outbox(client_id, staff_id, op, payload, state, attempts, next_at, last_error, created_at)
		VALUES(?,?,?,?,?,?,?,?,?) RETURNING id`, nullInt(it.ClientID), nullInt(it.StaffID), it.Op, it.Payload, it.State, it.Attempts,
		ts(it.NextAt), it.LastError, ts(now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("queue %s for XPM: %w", it.Op, err)
	}
	return id, nil
}

// OutboxOpen lists every item not yet done or failed, oldest first (per-client order).
func (s *Store) OutboxOpen(ctx context.Context) ([]OutboxItem, error) {
	return s.outboxWhere(ctx, `WHERE state NOT IN ('done','failed') ORDER BY id`)
}

// OutboxAll lists every item, oldest first.
func (s *Store) OutboxAll(ctx context.Context) ([]OutboxItem, error) {
	return s.outboxWhere(ctx, `ORDER BY id`)
}

func (s *Store) outboxWhere(ctx context.Context, tail string) ([]OutboxItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, COALESCE(client_id,0), COALESCE(staff_id,0), op, payload, state, attempts,
		next_at, last_error, created_at, COALESCE(sent_at,'') FROM outbox `+tail)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		var it OutboxItem
		var next, created, sent string
		if err := rows.Scan(&it.ID, &it.ClientID, &it.StaffID, &it.Op, &it.Payload, &it.State, &it.Attempts,
			&next, &it.LastError, &created, &sent); err != nil {
			return nil, err
		}
		it.NextAt, it.CreatedAt, it.SentAt = parseTS(next), parseTS(created), parseTS(sent)
		out = append(out, it)
	}
	return out, rows.Err()
}

// OutboxItemByID reads one item.
func (s *Store) OutboxItemByID(ctx context.Context, id int64) (OutboxItem, error) {
	items, err := s.outboxWhere(ctx, fmt.Sprintf(`WHERE id = %d`, id))
	if err != nil {
		return OutboxItem{}, err
	}
	if len(items) == 0 {
		return OutboxItem{}, fmt.Errorf("outbox item %d: %w", id, ErrNotFound)
	}
	return items[0], nil
}

// MarkOutboxSending records, before the request leaves, that item id is being sent. It is
// committed on its own so that a crash during the send is seen on the next start.
func (s *Store) MarkOutboxSending(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET state='sending', attempts=attempts+1, sent_at=? WHERE id=? AND state NOT IN ('done','failed')`,
		ts(s.Now()), id)
	if err != nil {
		return fmt.Errorf("mark outbox item %d as sending: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("outbox item %d: %w", id, ErrNotFound)
	}
	return nil
}

// ClaimOutbox takes item it (as read by OutboxOpen) for sending, in one transaction: it is
// marked "sending" only if no one has claimed or settled it since it was read, and — when fence
// is given — only if fence, run inside the same transaction, allows it (the syncing seat's
// proof that it still holds the lead). On PostgreSQL the row is read FOR UPDATE SKIP LOCKED, so
// of two seats claiming at once one gets it and the other passes over it; SQLite's write lock
// already lets one claim at a time. false = someone else has it: leave it alone.
func (s *Store) ClaimOutbox(ctx context.Context, it OutboxItem, fence func(context.Context, Queryer) error) (bool, error) {
	claimed := false
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		var state string
		var attempts int
		err := tx.QueryRowContext(ctx, `SELECT state, attempts FROM outbox WHERE id = ?`+s.skipLocked(), it.ID).Scan(&state, &attempts)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // being claimed by another seat this moment, or gone
		}
		if err != nil {
			return err
		}
		if state != it.State || attempts != it.Attempts {
			return nil // another seat claimed or settled it after it was read
		}
		if fence != nil {
			if err := fence(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET state='sending', attempts=attempts+1, sent_at=? WHERE id=?`, ts(s.Now()), it.ID); err != nil {
			return err
		}
		claimed = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("claim outbox item %d for sending: %w", it.ID, err)
	}
	return claimed, nil
}

// ErrNotLeading is a fence's refusal: this seat no longer holds the lead, so it sends nothing.
var ErrNotLeading = errors.New("this seat no longer syncs with XPM for the practice")

// skipLocked ends a SELECT of rows to claim: on PostgreSQL rows another transaction holds are
// passed over rather than waited for.
func (s *Store) skipLocked() string {
	if s.d == postgresDialect {
		return " FOR UPDATE SKIP LOCKED"
	}
	return ""
}

// SetOutboxStateTx moves an item to a new state with its next try time and last error.
func (s *Store) SetOutboxStateTx(ctx context.Context, q Queryer, id int64, state string, nextAt time.Time, lastErr string) error {
	var next any = ts(s.Now())
	if !nextAt.IsZero() {
		next = ts(nextAt)
	}
	_, err := q.ExecContext(ctx, `UPDATE outbox SET state=?, next_at=?, last_error=? WHERE id=?`, state, next, lastErr, id)
	if err != nil {
		return fmt.Errorf("update outbox item %d: %w", id, err)
	}
	return nil
}

// SetOutboxPayloadTx rewrites an item's payload (a reconciled add learns its XPM UUID).
func (s *Store) SetOutboxPayloadTx(ctx context.Context, q Queryer, id int64, payload string) error {
	if _, err := q.ExecContext(ctx, `UPDATE outbox SET payload=? WHERE id=?`, payload, id); err != nil {
		return fmt.Errorf("update outbox item %d: %w", id, err)
	}
	return nil
}

// OutboxCounts counts items still to send and items that failed for good.
func (s *Store) OutboxCounts(ctx context.Context) (open, failed int, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN state NOT IN ('done','failed') THEN 1 ELSE 0 END),0),
		COALESCE(SUM(CASE WHEN state = 'failed' THEN 1 ELSE 0 END),0) FROM outbox`).
		Scan(&open, &failed)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err != nil {
		err = fmt.Errorf("count outbox: %w", err)
	}
	return open, failed, err
}

// LastOpenItemTx returns the newest item of a client that is not done or failed (ok = false
// when there is none), so a new change can be folded into a pending one without reordering.
func (s *Store) LastOpenItemTx(ctx context.Context, q Queryer, clientID int64) (OutboxItem, bool, error) {
	var it OutboxItem
	var next, created string
	err := q.QueryRowContext(ctx, `SELECT id, COALESCE(client_id,0), op, payload, state, attempts, next_at, created_at FROM outbox
		WHERE client_id = ? AND state NOT IN ('done','failed') ORDER BY id DESC LIMIT 1`, clientID).
		Scan(&it.ID, &it.ClientID, &it.Op, &it.Payload, &it.State, &it.Attempts, &next, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return it, false, nil
	}
	if err != nil {
		return it, false, fmt.Errorf("read outbox of client %d: %w", clientID, err)
	}
	it.NextAt, it.CreatedAt = parseTS(next), parseTS(created)
	return it, true, nil
}

// OpenAddQueuedTx reports whether a creation of the client in XPM is still waiting to be sent
// or settled.
func (s *Store) OpenAddQueuedTx(ctx context.Context, q Queryer, clientID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE client_id = ? AND op = 'add_client' AND state NOT IN ('done','failed')`, clientID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("read outbox of client %d: %w", clientID, err)
	}
	return n > 0, nil
}
