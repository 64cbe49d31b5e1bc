package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// Advisory lock keys in a practice database ("XPMS" then a number), documented in the README:
// any other program using advisory locks on the same database must avoid them.
const (
	migrateLockKey int64 = 0x58504D53_00000001 // held while a seat migrates the schema
	LeaderLockKey  int64 = 0x58504D53_00000002 // held by the seat that syncs with XPM
)

// MinServerVersion is the oldest PostgreSQL release XPM Sync runs on (server_version_num).
const MinServerVersion = 130000

// What can go wrong opening a shared database, each shown to the user in plain words
// (DatabaseProblem). None of them touches the local SQLite file.
var (
	ErrBadURL       = errors.New("the database address is not a valid postgres:// URL")
	ErrUnreachable  = errors.New("the database server could not be reached")
	ErrRefused      = errors.New("the database server refused the user name or password")
	ErrNoDatabase   = errors.New("the database does not exist on the server")
	ErrServerTooOld = errors.New("the database server is too old")
)

// PostgresSchemaID identifies the PostgreSQL schema this build makes (a hash of its migrations),
// so tests can keep one migrated template database per schema.
func PostgresSchemaID() string {
	ms, _ := postgresDialect.migrations()
	h := fnv.New64a()
	for _, m := range ms {
		h.Write([]byte(m.name + m.sql))
	}
	return fmt.Sprintf("%016x", h.Sum64())
}

// IsPostgresURL reports whether dbURL names a PostgreSQL database.
func IsPostgresURL(dbURL string) bool {
	return strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://")
}

// OpenPostgres opens the shared practice database at dbURL (TLS as its sslmode asks), checks the
// server, and applies any pending migrations.
func OpenPostgres(ctx context.Context, dbURL string) (*Store, error) {
	if !IsPostgresURL(dbURL) {
		return nil, fmt.Errorf("%w: %s", ErrBadURL, RedactURL(dbURL))
	}
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrBadURL, RedactURL(dbURL))
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	db := sql.OpenDB(pgConnector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, path: RedactURL(dbURL), d: postgresDialect, cfg: cfg, now: func() time.Time { return time.Now().UTC() }}
	if err := s.checkServer(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkServer reaches the server and refuses one too old, or a database holding someone else's
// tables (XPM Sync never mixes its tables into another program's database).
func (s *Store) checkServer(ctx context.Context) error {
	var num int
	if err := s.db.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&num); err != nil {
		return ClassifyPGError(s.path, err)
	}
	if num < MinServerVersion {
		return fmt.Errorf("%w: %s runs PostgreSQL %d.%d; XPM Sync needs 13 or later", ErrServerTooOld, s.path, num/10000, num%10000)
	}
	v, err := s.d.readVersion(ctx, s.db)
	if err != nil || v > 0 {
		return err
	}
	var tables int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()`).Scan(&tables); err != nil {
		return ClassifyPGError(s.path, err)
	}
	if tables > 0 {
		return fmt.Errorf("%w: %s has %d tables XPM Sync did not make; give XPM Sync a database of its own", ErrNotXPMSync, s.path, tables)
	}
	return nil
}

// ClassifyPGError wraps err with the sentinel that says what went wrong reaching addr.
func ClassifyPGError(addr string, err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return fmt.Errorf("%w (%s): %w", ErrRefused, addr, err)
		case "3D000":
			return fmt.Errorf("%w (%s): %w", ErrNoDatabase, addr, err)
		}
		return fmt.Errorf("database %s: %w", addr, err)
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	return fmt.Errorf("%w (%s): %w", ErrUnreachable, addr, err)
}

// RedactURL is dbURL without its password, for settings, logs and the screen.
func RedactURL(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "(an address that is not a URL)"
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}
