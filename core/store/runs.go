package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
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
	_, err := q.ExecContext(ctx, `INSERT INTO events(at, run_id, kind, result, client_id, xpm_uuid, client_name, details) VALUES(?,?,?,?,?,?,?,?)`,
		ts(e.At), nullInt(e.RunID), string(e.Kind), e.Result, nullInt(e.ClientID), e.XPMUUID, e.ClientName, e.Details)
	if err != nil {
		return fmt.Errorf("record event %s: %w", e.Kind, err)
	}
	return nil
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
