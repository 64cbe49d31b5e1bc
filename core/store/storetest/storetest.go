// Package storetest opens the store the test run asks for: a SQLite file in a temporary folder,
// or (XPMSYNC_TEST_BACKEND=postgres) a fresh database on the throwaway PostgreSQL cluster, so
// the engine suites prove the same behaviour on both engines.
package storetest

import (
	"context"
	"os"
	"testing"

	"xpmsync/core/store"
	"xpmsync/core/store/pgtest"
)

// Open returns an empty store on this run's engine, closed when the test ends.
func Open(tb testing.TB) *store.Store {
	tb.Helper()
	return OpenAt(tb, Location(tb))
}

// Location returns where a fresh store lives: a folder for SQLite, a database URL for
// PostgreSQL. OpenAt on the same location reopens the same data (a restart).
func Location(tb testing.TB) string {
	tb.Helper()
	if pgtest.Postgres() {
		return NewPostgres(tb)
	}
	return tb.TempDir()
}

// NewPostgres returns the URL of a fresh, migrated PostgreSQL database (whatever the run's
// engine; skipped without a cluster).
func NewPostgres(tb testing.TB) string {
	tb.Helper()
	return pgtest.NewDatabaseFrom(tb, store.PostgresSchemaID(), Prepare)
}

// Prepare migrates the database at dbURL (a template for NewDatabaseFrom).
func Prepare(dbURL string) error {
	st, err := store.OpenPostgres(context.Background(), dbURL)
	if err != nil {
		return err
	}
	return st.Close()
}

// OpenAt opens the store at loc (from Location), closed when the test ends.
func OpenAt(tb testing.TB, loc string) *store.Store {
	tb.Helper()
	var st *store.Store
	var err error
	if store.IsPostgresURL(loc) {
		st, err = store.OpenPostgres(context.Background(), loc)
	} else {
		st, err = store.OpenDir(loc)
	}
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// Backend names this run's engine, for test names and messages.
func Backend() string {
	if b := os.Getenv(pgtest.EnvBackend); b != "" {
		return b
	}
	return "sqlite"
}
