// Package leader elects the one seat of a practice that talks to XPM. Every seat on the shared
// PostgreSQL database tries to take a session-level advisory lock on a connection of its own;
// the seat holding it syncs, pushes the outbox, runs the 24-hour staff creation and raises the
// failure alert, so the practice spends its XPM allowance once. The lock goes with the
// connection: a seat that crashes, sleeps or loses the network loses it as soon as the server
// sees the connection gone, and another seat takes it on its next try.
package leader

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"xpmsync/core/store"
)

// Settings the leader keeps current for every seat's status bar.
const (
	KeySeat  = "leader_seat"  // the seat syncing now
	KeySince = "leader_since" // when it took over (RFC 3339)
	KeySeen  = "leader_seen"  // its last heartbeat (RFC 3339)
)

// pingTimeout bounds one heartbeat: a busy server or machine may take seconds, but a seat whose
// connection is gone must stop syncing well within the minute another seat takes over in.
const pingTimeout = 15 * time.Second

// Options tune an Elector; the zero value is fine.
type Options struct {
	Retry     time.Duration // how often a follower tries to take over (0 = 10 s)
	Heartbeat time.Duration // how often the leader checks its connection (0 = 5 s)
	OnChange  func(leader bool)
	Logger    *slog.Logger
}

// Elector takes part in the election for one seat.
type Elector struct {
	st   *store.Store
	seat string
	opts Options
	log  *slog.Logger

	mu     sync.Mutex
	leader bool
	conn   *sql.Conn
	pid    int // the server process of conn's session, which holds the lock
}

// New prepares seat's part in the election on st. On a SQLite store the seat is alone and
// always the leader.
func New(st *store.Store, seat string, opts Options) *Elector {
	if opts.Retry <= 0 {
		opts.Retry = 10 * time.Second
	}
	if opts.Heartbeat <= 0 {
		opts.Heartbeat = 5 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Elector{st: st, seat: seat, opts: opts, log: opts.Logger, leader: !st.Postgres()}
}

// Leader reports whether this seat syncs with XPM now (a nil Elector: a seat on its own).
func (e *Elector) Leader() bool {
	if e == nil {
		return true
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.leader
}

// Fence runs inside the transaction that claims a queued change for sending (syncer.Options.Fence)
// and refuses with store.ErrNotLeading unless this seat's session holds the lead's lock at that
// moment, as the server sees it. A seat whose connection the server has dropped (the lock gone
// to another seat) may not have noticed yet; this is where it learns, before sending anything.
func (e *Elector) Fence(ctx context.Context, q store.Queryer) error {
	if e == nil || !e.st.Postgres() {
		return nil
	}
	e.mu.Lock()
	lead, pid := e.leader, e.pid
	e.mu.Unlock()
	if !lead {
		return store.ErrNotLeading
	}
	var held bool
	err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = ?
		AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = ?)`, pid, store.LeaderLockKey).Scan(&held)
	if err != nil {
		return fmt.Errorf("check this seat still syncs: %w", err)
	}
	if !held {
		return store.ErrNotLeading
	}
	return nil
}

// Run takes part until ctx ends, then gives the lead up.
func (e *Elector) Run(ctx context.Context) {
	if !e.st.Postgres() {
		return
	}
	defer e.resign()
	for ctx.Err() == nil {
		if e.Leader() {
			if err := e.heartbeat(ctx); err != nil {
				e.log.Warn("lost the lead: the database connection failed", "err", err)
				e.resign()
			}
		} else if err := e.tryLead(ctx); err != nil && ctx.Err() == nil {
			e.log.Info("could not take part in the election; trying again", "err", err)
		}
		wait := e.opts.Retry
		if e.Leader() {
			wait = e.opts.Heartbeat
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// tryLead takes the lock when no other seat holds it.
func (e *Elector) tryLead(ctx context.Context) error {
	conn, err := e.st.DB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect for the election: %w", err)
	}
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock(?)`, store.LeaderLockKey).Scan(&got); err != nil {
		e.drop(conn)
		return fmt.Errorf("ask for the lead: %w", err)
	}
	if !got {
		conn.Close()
		return nil
	}
	var pid int
	if err := conn.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
		e.drop(conn)
		return fmt.Errorf("ask for the lead: %w", err)
	}
	now := e.st.Now().Format(time.RFC3339)
	if err := e.record(ctx, now, now); err != nil {
		e.drop(conn)
		return err
	}
	e.mu.Lock()
	e.conn, e.leader, e.pid = conn, true, pid
	e.mu.Unlock()
	e.log.Info("this seat now syncs with XPM for the practice", "seat", e.seat)
	e.changed(true)
	return nil
}

// heartbeat checks the lock's connection and tells the other seats this one is alive.
func (e *Elector) heartbeat(ctx context.Context) error {
	e.mu.Lock()
	conn := e.conn
	e.mu.Unlock()
	hb, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	// The lock lives as long as this session: a live connection means it is still held.
	if err := conn.PingContext(hb); err != nil {
		return err
	}
	return e.st.SetSetting(hb, KeySeen, e.st.Now().Format(time.RFC3339))
}

func (e *Elector) record(ctx context.Context, since, seen string) error {
	for k, v := range map[string]string{KeySeat: e.seat, KeySince: since, KeySeen: seen} {
		if err := e.st.SetSetting(ctx, k, v); err != nil {
			return fmt.Errorf("record the syncing seat: %w", err)
		}
	}
	return nil
}

// resign gives the lead up (closing its connection releases the lock on the server).
func (e *Elector) resign() {
	e.mu.Lock()
	conn, was := e.conn, e.leader
	e.conn, e.leader = nil, false
	e.mu.Unlock()
	if conn != nil {
		e.drop(conn)
	}
	if was {
		e.changed(false)
	}
}

// drop closes conn for good: a pooled connection would keep the session, and with it the lock.
func (e *Elector) drop(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	conn.Close()
}

func (e *Elector) changed(leader bool) {
	if e.opts.OnChange != nil {
		e.opts.OnChange(leader)
	}
}
