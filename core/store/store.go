// Package store keeps XPM Sync's data: in one SQLite file (modernc.org/sqlite, no cgo) on a
// computer of its own, or in the practice's shared PostgreSQL database (pgx) when several seats
// work together. One API serves both; each engine has its embedded, versioned migrations
// (migrations/, migrations_pg/). Events written inside a transaction reach the live feed only
// after it commits (WithTxEvents).
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql migrations_pg/*.sql
var migrationFS embed.FS

// FileName is the database file inside the data directory.
const FileName = "xpmsync.db"

// ErrTooNew means the database was written by a newer XPM Sync; opening stops before any change.
var ErrTooNew = errors.New("this database was written by a newer version of XPM Sync")

// Store is the app's database. Safe for concurrent use.
type Store struct {
	db               *sql.DB
	path             string // the SQLite file, or the PostgreSQL URL without its password
	d                dialect
	cfg              *pgx.ConnConfig // PostgreSQL: how to open the listener's own connection
	now              func() time.Time
	bg               sync.WaitGroup // background work Close waits for (ShrinkWALLater)
	bgOnce, stopOnce sync.Once
	stop             chan struct{} // closed by Close (see bgStop)
}

// OpenDir opens (creating when missing) the database in dir.
func OpenDir(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder %s: %w", dir, err)
	}
	return Open(filepath.Join(dir, FileName))
}

// Open opens the database file at path, applying any pending migrations.
func Open(path string) (*Store, error) {
	// Create the file ourselves first so its mode is 0600 from the very start: it holds client data.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	f.Close()
	_ = os.Chmod(path, 0o600)
	s, err := openRaw(path)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(context.Background()); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens the database file at path for reading only, as it is: no migration, no
// write (what `xpmsync migrate` copies from).
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &Store{db: db, path: path, now: func() time.Time { return time.Now().UTC() }}, nil
}

func openRaw(path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=temp_store(MEMORY)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return &Store{db: db, path: path, now: func() time.Time { return time.Now().UTC() }}, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.bgStop()
	s.stopOnce.Do(func() { close(s.stop) })
	s.bg.Wait()
	return s.db.Close()
}

// DB exposes the handle for packages that own their own tables' queries.
func (s *Store) DB() *sql.DB { return s.db }

// Path is the database file's location (shown in the About dialog).
func (s *Store) Path() string { return s.path }

// SetClock replaces the store's clock (tests).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Now is the store's current time in UTC.
func (s *Store) Now() time.Time { return s.now().UTC() }

// WithTx runs fn in one transaction, committing only when fn returns nil.
func (s *Store) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
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
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func loadMigrations() ([]migration, error) { return sqliteDialect.migrations() }

// migrations are the engine's embedded migrations in version order.
func (d dialect) migrations() ([]migration, error) {
	dir := d.migrationDir()
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", e.Name())
		}
		body, err := migrationFS.ReadFile(dir + "/" + e.Name())
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// LatestVersion is the schema version this build writes.
func LatestVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// Version is the schema version of the open database.
func (s *Store) Version(ctx context.Context) (int, error) {
	v, err := s.d.readVersion(ctx, s.db)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

func (s *Store) migrate(ctx context.Context) error {
	return s.migrateTo(ctx, -1)
}

// migrateTo applies migrations up to version target (-1 = all). Each runs in its own
// transaction together with its version bump, so a crash leaves a whole version.
func (s *Store) migrateTo(ctx context.Context, target int) error {
	ms, err := s.d.migrations()
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	if _, err := s.Version(ctx); err != nil {
		return err
	}
	for _, m := range ms {
		if target >= 0 && m.version > target {
			break
		}
		if err := s.WithTx(ctx, func(tx *sql.Tx) error { return s.applyTx(ctx, tx, m, ms[len(ms)-1].version) }); err != nil {
			return err
		}
	}
	return nil
}

// applyTx applies m unless the database already has it; the version is read again under the
// migration lock because another seat may have migrated meanwhile.
func (s *Store) applyTx(ctx context.Context, tx *sql.Tx, m migration, latest int) error {
	if err := s.d.lockMigrations(ctx, tx); err != nil {
		return fmt.Errorf("wait for another copy migrating the database: %w", err)
	}
	cur, err := s.d.readVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if cur > latest {
		return fmt.Errorf("%w (database version %d, this version understands up to %d): install the latest XPM Sync; your data was not changed", ErrTooNew, cur, latest)
	}
	if m.version <= cur {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return fmt.Errorf("apply migration %s: %w", m.name, err)
	}
	return s.d.writeVersion(ctx, tx, m.version)
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
