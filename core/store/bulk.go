package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"
)

// bulkCacheKiB is the page cache of a BulkWriter's connection: room for one sync batch's
// pages (500 clients touch about 6 MB), so they are not spilled to the WAL and read back
// before the batch commits. The connection's usual cache (2 MB) is restored at Close.
const bulkCacheKiB = 8192

// bulkCheckpointEvery is how many commits a checkpoint waits for: a checkpoint copies each
// page once however often it was committed since the last, and every batch rewrites the same
// index pages (every 8 rather than every commit: a third of the checkpoint work in a full sync).
const bulkCheckpointEvery = 8

// BulkWriter is one connection kept for a run of write transactions, a sync's batches, and
// tuned for it: a page cache that holds a batch, and WAL checkpoints (copying committed pages
// into the database file) on a goroutine of their own rather than inside each commit, so the
// copy overlaps the next batch instead of holding it up. A crash loses nothing it committed:
// committed pages are in the WAL until a checkpoint copies them.
//
// On PostgreSQL it is the store's own WithTx. Not safe for concurrent use.
type BulkWriter struct {
	s          *Store
	conn       *sql.Conn
	kick, done chan struct{}
	cache, ckp int // the connection's settings before, restored at Close
	commits    int
	hurry      atomic.Bool  // from Hurry on, every commit is checkpointed
	copied     atomic.Int64 // background checkpoints run (tests read it)
}

// NewBulkWriter reserves a connection for a run of write transactions; Close returns it.
func (s *Store) NewBulkWriter(ctx context.Context) (*BulkWriter, error) {
	b := &BulkWriter{s: s}
	if s.d != sqliteDialect {
		return b, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("reserve a database connection: %w", err)
	}
	if err := b.tune(ctx, conn); err != nil {
		conn.Close()
		return nil, err
	}
	b.conn, b.kick, b.done = conn, make(chan struct{}, 1), make(chan struct{})
	go b.checkpoints()
	return b, nil
}

// tune reads conn's cache and checkpoint settings, then sets the bulk ones.
func (b *BulkWriter) tune(ctx context.Context, conn *sql.Conn) error {
	if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&b.cache); err != nil {
		return fmt.Errorf("read cache size: %w", err)
	}
	if err := conn.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&b.ckp); err != nil {
		return fmt.Errorf("read checkpoint setting: %w", err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, -bulkCacheKiB)); err != nil {
		return fmt.Errorf("set cache size: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA wal_autocheckpoint = 0`); err != nil {
		return fmt.Errorf("set checkpoint setting: %w", err)
	}
	return nil
}

// WithTx runs fn in one transaction on the reserved connection, committing only when fn
// returns nil; a commit asks the checkpoint goroutine to copy it into the database file.
func (b *BulkWriter) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if b.conn == nil {
		return b.s.WithTx(ctx, fn)
	}
	tx, err := b.conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if b.commits++; b.commits%bulkCheckpointEvery != 0 && !b.hurry.Load() {
		return nil
	}
	b.nudge()
	return nil
}

// Hurry says few commits are left (a sync's list has been read to its end): what is committed
// is copied now, and each later commit as soon as it lands, rather than every
// bulkCheckpointEvery, so the copy overlaps the last batches instead of waiting in Close
// (the tail of a full sync: 0.33 s of copying, now 0.05–0.2 s). Safe from any goroutine.
func (b *BulkWriter) Hurry() {
	if b.conn == nil {
		return
	}
	b.hurry.Store(true)
	b.nudge()
}

// nudge asks the checkpoint goroutine to run.
func (b *BulkWriter) nudge() {
	select {
	case b.kick <- struct{}{}:
	default: // one is pending already; it will copy this commit too
	}
}

// checkpoints copies committed pages into the database file whenever kicked. PASSIVE never
// waits for the writer: it copies what was committed when it started.
func (b *BulkWriter) checkpoints() {
	defer close(b.done)
	for range b.kick {
		if _, err := b.s.db.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
			slog.Warn("background checkpoint failed; the next commit checkpoints instead", "err", err)
		}
		b.copied.Add(1)
	}
}

// Close waits for the checkpoint goroutine, copies what it has not, restores the connection's
// settings and returns it to the pool. Everything committed is then in the database file,
// unless a reader still holds an older snapshot (PASSIVE does not wait for it: a later
// checkpoint copies the rest; committed pages are safe in the WAL meanwhile). The WAL file,
// which grows while the writer and the checkpoints overlap (a full sync of 15,000 clients:
// 300 MB), is emptied later by ShrinkWALLater, off the caller's time.
func (b *BulkWriter) Close() error {
	if b.conn == nil {
		return nil
	}
	close(b.kick)
	<-b.done
	ctx := context.Background()
	_, ckErr := b.conn.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
	_, cacheErr := b.conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, b.cache))
	_, autoErr := b.conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, b.ckp))
	if cacheErr != nil || autoErr != nil {
		// Settings that cannot be restored must not stay with a pooled connection.
		_ = b.conn.Raw(func(any) error { return driver.ErrBadConn }) // the pool discards it
	}
	closeErr := b.conn.Close()
	for _, err := range []error{ckErr, cacheErr, autoErr, closeErr} {
		if err != nil {
			return fmt.Errorf("finish bulk writes: %w", err)
		}
	}
	return nil
}

// walShrinkAt is the WAL file size from which ShrinkWALLater empties it (a variable for tests).
var walShrinkAt int64 = 32 << 20

// walShrinkWait is how long the emptying may wait for readers still using the WAL: it holds
// other writers back while it waits (a save, a sync), so it gives up soon and leaves the file
// to the next sync (or to closing the database, which deletes it).
const walShrinkWait = 200 * time.Millisecond

// ShrinkWALLater empties the WAL file on a goroutine of its own when bulk writes have grown it,
// so a sync need not wait the 0.15 s that truncating 300 MB takes; Close waits for it. Call it
// once the sync's last write is done: truncating holds other writers back while it runs.
func (s *Store) ShrinkWALLater() {
	if s.d != sqliteDialect {
		return
	}
	if fi, err := os.Stat(s.path + "-wal"); err != nil || fi.Size() < walShrinkAt {
		return
	}
	stop := s.bgStop()
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		var err error
		for _, wait := range walShrinkRetries {
			select {
			case <-stop:
				return // closing the database deletes the file anyway
			case <-time.After(wait):
			}
			if err = s.shrinkWAL(context.Background()); err == nil {
				return
			}
		}
		slog.Info("the database's log file stays as it is until the next sync", "err", err)
	}()
}

// walShrinkRetries are the waits before each try at emptying the WAL file: a reader that keeps
// it in use (Data health reading every client) is usually done within seconds.
var walShrinkRetries = []time.Duration{0, 2 * time.Second, 10 * time.Second}

// bgStop is closed when the store closes: background work stops waiting then.
func (s *Store) bgStop() <-chan struct{} {
	s.bgOnce.Do(func() { s.stop = make(chan struct{}) })
	return s.stop
}

// shrinkWAL runs a TRUNCATE checkpoint on a pooled connection, waiting at most walShrinkWait.
func (s *Store) shrinkWAL(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("reserve a database connection: %w", err)
	}
	defer conn.Close()
	var timeout int
	if err := conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil {
		return fmt.Errorf("read busy timeout: %w", err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, walShrinkWait.Milliseconds())); err != nil {
		return fmt.Errorf("set busy timeout: %w", err)
	}
	var busy, frames, copied int
	ckErr := conn.QueryRowContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &frames, &copied)
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`PRAGMA busy_timeout = %d`, timeout)); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn }) // the pool discards it
		return fmt.Errorf("restore busy timeout: %w", err)
	}
	switch {
	case ckErr != nil:
		return fmt.Errorf("empty the log file: %w", ckErr)
	case busy != 0:
		return errors.New("empty the log file: readers were still using it")
	}
	return nil
}
