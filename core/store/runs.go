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

// Run is one sync run as recorded.
type Run struct {
	ID         int64
	Kind       string
	Trigger    string
	StartedAt  time.Time
	FinishedAt time.Time
	Status     string
	Message    string
	Clients    int
	Contacts   int
	Staff      int
	Changes    int
	APICalls   int
}

// StartRun records the start of a sync run.
func (s *Store) StartRun(ctx context.Context, kind, trigger string) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `INSERT INTO sync_runs(kind, trigger, started_at) VALUES(?,?,?) RETURNING id`, kind, trigger, ts(s.Now())).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record sync start: %w", err)
	}
	return id, nil
}

// FinishRun records how a run ended.
func (s *Store) FinishRun(ctx context.Context, r Run) error {
	_, err := s.db.ExecContext(ctx, `UPDATE sync_runs SET finished_at=?, status=?, message=?, clients=?, contacts=?, staff=?, changes=?, api_calls=? WHERE id=?`,
		ts(s.Now()), r.Status, r.Message, r.Clients, r.Contacts, r.Staff, r.Changes, r.APICalls, r.ID)
	if err != nil {
		return fmt.Errorf("record sync end: %w", err)
	}
	return nil
}

// LastRun returns the most recent finished run, or ErrNotFound.
func (s *Store) LastRun(ctx context.Context) (Run, error) {
	var r Run
	var started, finished string
	err := s.db.QueryRowContext(ctx, `SELECT id, kind, trigger, started_at, COALESCE(finished_at,''), status, message, clients, contacts, staff, changes, api_calls
		FROM sync_runs WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1`).
		Scan(&r.ID, &r.Kind, &r.Trigger, &started, &finished, &r.Status, &r.Message, &r.Clients, &r.Contacts, &r.Staff, &r.Changes, &r.APICalls)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	if err != nil {
		return r, fmt.Errorf("read last sync: %w", err)
	}
	r.StartedAt, r.FinishedAt = parseTS(started), parseTS(finished)
	return r, nil
}

// AddEventTx records an integration event inside the caller's transaction (or on the DB).
func (s *Store) AddEventTx(ctx context.Context, q Queryer, e Event) error {
	if e.At.IsZero() {
		e.At = s.Now()
	}
	if e.Result == "" {
		e.Result = "ok"
	}
	// A "Change queued for XPM" is about the client's newest open outbox item, queued just
	// before it in the same transaction: SettleQueuedEventsTx finds it by that item once the
	// outbox has sent (or could not send) it. The item is the newest, so it goes last of the
	// client's queue (each client's order is kept): when it is settled, so is the whole save.
	var outboxID int64
	if e.Kind == model.EventPushQueued && e.ClientID != 0 {
		err := q.QueryRowContext(ctx, `SELECT COALESCE(max(id), 0) FROM outbox WHERE client_id = ? AND state NOT IN (?, ?)`,
			e.ClientID, OutboxDone, OutboxFailed).Scan(&outboxID)
		if err != nil {
			return fmt.Errorf("record event %s: %w", e.Kind, err)
		}
	}
	_, err := q.ExecContext(ctx, `INSERT INTO events(at, run_id, kind, result, client_id, xpm_uuid, client_name, details, outbox_id) VALUES(?,?,?,?,?,?,?,?,?)`,
		ts(e.At), nullInt(e.RunID), string(e.Kind), e.Result, nullInt(e.ClientID), e.XPMUUID, e.ClientName, e.Details, nullInt(outboxID))
	if err != nil {
		return fmt.Errorf("record event %s: %w", e.Kind, err)
	}
	return nil
}

// SettleQueuedEventsTx says on the "Change queued for XPM" events of outbox item id what
// became of the change: result (ok = sent, failed = refused, skipped = not sent) and outcome,
// added to the words they had. The Integration Progress row the user saw waiting then says so.
func (s *Store) SettleQueuedEventsTx(ctx context.Context, q Queryer, id int64, result, outcome string) error {
	_, err := q.ExecContext(ctx, `UPDATE events SET result = ?, details = details || ? WHERE outbox_id = ? AND kind = ? AND result = 'pending'`,
		result, " · "+outcome, id, string(model.EventPushQueued))
	if err != nil {
		return fmt.Errorf("say what became of queued change %d: %w", id, err)
	}
	return nil
}

// SettleClientQueuedEventsTx is SettleQueuedEventsTx for every change of a client still waiting
// (the client was disconnected from XPM, so none of them will be sent).
func (s *Store) SettleClientQueuedEventsTx(ctx context.Context, q Queryer, clientID int64, result, outcome string) error {
	_, err := q.ExecContext(ctx, `UPDATE events SET result = ?, details = details || ? WHERE client_id = ? AND kind = ? AND result = 'pending'`,
		result, " · "+outcome, clientID, string(model.EventPushQueued))
	if err != nil {
		return fmt.Errorf("say what became of the changes of client %d: %w", clientID, err)
	}
	return nil
}

// ClientEvents lists one client's events of the given kinds, newest first (the client's History
// tab shows what the outbox did with its changes).
func (s *Store) ClientEvents(ctx context.Context, clientID int64, kinds ...model.EventKind) ([]Event, error) {
	if len(kinds) == 0 {
		return nil, nil
	}
	args := []any{clientID}
	for _, k := range kinds {
		args = append(args, string(k))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, COALESCE(run_id, 0), kind, result, COALESCE(client_id, 0), xpm_uuid, client_name, details
		FROM events WHERE client_id = ? AND kind IN (?`+strings.Repeat(",?", len(kinds)-1)+`) ORDER BY id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the events of client %d: %w", clientID, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		var at string
		if err := rows.Scan(&e.ID, &at, &e.RunID, &e.Kind, &e.Result, &e.ClientID, &e.XPMUUID, &e.ClientName, &e.Details); err != nil {
			return nil, fmt.Errorf("read the events of client %d: %w", clientID, err)
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddEvent records an integration event.
func (s *Store) AddEvent(ctx context.Context, e Event) error { return s.AddEventTx(ctx, s.db, e) }

// State reads an engine state value ("" when unset).
func (s *Store) State(ctx context.Context, q Queryer, key string) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM sync_state WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read sync state %s: %w", key, err)
	}
	return v, nil
}

// SetState writes an engine state value; pass the transaction that committed the data it covers.
func (s *Store) SetState(ctx context.Context, q Queryer, key, value string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES(?,?) ON CONFLICT(key) DO UPDATE SET value=excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("save sync state %s: %w", key, err)
	}
	return nil
}

// Recorder records the events of one transaction; see WithTxEvents.
type Recorder struct {
	s      *Store
	ctx    context.Context
	q      Queryer
	events []Event
}

// Record writes ev inside the transaction and keeps it to hand on after the commit.
func (r *Recorder) Record(ev Event) error {
	if ev.At.IsZero() {
		ev.At = r.s.Now()
	}
	if err := r.s.AddEventTx(r.ctx, r.q, ev); err != nil {
		return err
	}
	r.events = append(r.events, ev)
	return nil
}

// WithTxEvents runs fn in one transaction and, once it has committed, hands publish the events fn
// recorded, in order: the live feed never shows an event whose change was rolled back, and the
// history never lacks one the feed showed.
func (s *Store) WithTxEvents(ctx context.Context, publish func(...Event), fn func(tx *sql.Tx, rec *Recorder) error) error {
	var rec Recorder
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		rec = Recorder{s: s, ctx: ctx, q: tx} // a retried attempt starts with none
		return fn(tx, &rec)
	})
	if err == nil && len(rec.events) > 0 && publish != nil {
		publish(rec.events...)
	}
	return err
}
