// Package pgtest gives tests a fresh, empty PostgreSQL database on the throwaway cluster that
// tools/pg-cluster.sh starts. It knows nothing of XPM Sync's schema, so the store's own tests
// can use it too.
package pgtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvCluster names the cluster's admin URL (set by tools/pg-cluster.sh).
const EnvCluster = "XPMSYNC_TEST_PG"

// EnvBackend selects the engine the store and engine suites run on: "sqlite" (default) or
// "postgres". make test runs them once for each.
const EnvBackend = "XPMSYNC_TEST_BACKEND"

// Postgres reports whether this test run is the PostgreSQL one.
func Postgres() bool { return os.Getenv(EnvBackend) == "postgres" }

// Available reports whether a cluster is there to use.
func Available() bool { return os.Getenv(EnvCluster) != "" }

// NewDatabase creates an empty database on the cluster, dropped when the test ends, and returns
// its URL. Without a cluster the test is skipped, or fails when the run asked for PostgreSQL.
func NewDatabase(tb testing.TB) string {
	tb.Helper()
	return NewDatabaseFrom(tb, "", nil)
}

// NewDatabaseFrom is NewDatabase copied from a template database that prepare fills once per
// cluster and key (a schema's identity): copying a migrated database takes a fraction of the
// time migrating one does, and the engine suites open hundreds.
func NewDatabaseFrom(tb testing.TB, key string, prepare func(dbURL string) error) string {
	tb.Helper()
	admin := adminURL(tb)
	create := "CREATE DATABASE %s"
	if prepare != nil {
		create += " TEMPLATE " + template(tb, admin, key, prepare)
	}
	name := fmt.Sprintf("xt_%d_%08x", time.Now().UnixNano()%1e9, rand.Uint32())
	var err error
	for try := 0; try < 50; try++ { // the template's last connection may take a moment to go
		if err = run(admin, fmt.Sprintf(create, name)); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		tb.Fatalf("test cluster: create database: %v", err)
	}
	tb.Cleanup(func() { exec(tb, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	return withDB(tb, admin, name)
}

// template makes (once, even across test processes) the template database for key.
func template(tb testing.TB, admin, key string, prepare func(string) error) string {
	tb.Helper()
	name := "xtpl_" + key
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("test cluster: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(4242)"); err != nil {
		tb.Fatalf("test cluster: %v", err)
	}
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		tb.Fatalf("test cluster: %v", err)
	}
	if n == 0 {
		if err := makeTemplate(admin, name, prepare, withDB(tb, admin, name)); err != nil {
			tb.Fatalf("test cluster: template %s: %v", name, err)
		}
	}
	return name
}

func makeTemplate(admin, name string, prepare func(string) error, dbURL string) error {
	if err := run(admin, "CREATE DATABASE "+name); err != nil {
		return err
	}
	if err := prepare(dbURL); err != nil {
		_ = run(admin, "DROP DATABASE "+name+" WITH (FORCE)")
		return err
	}
	return nil
}

func adminURL(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv(EnvCluster)
	if admin == "" {
		if Postgres() {
			tb.Fatalf("%s=postgres but %s is not set: run the tests through tools/pg-cluster.sh", EnvBackend, EnvCluster)
		}
		tb.Skipf("no PostgreSQL test cluster (%s unset): run through tools/pg-cluster.sh", EnvCluster)
	}
	return admin
}

func withDB(tb testing.TB, admin, name string) string {
	tb.Helper()
	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("%s: %v", EnvCluster, err)
	}
	u.Path = "/" + name
	return u.String()
}

// Exec runs one statement on the database at dbURL (tests that need to reach behind the store).
func Exec(tb testing.TB, dbURL, stmt string) { tb.Helper(); exec(tb, dbURL, stmt) }

func exec(tb testing.TB, dbURL, stmt string) {
	tb.Helper()
	if err := run(dbURL, stmt); err != nil {
		tb.Fatalf("test cluster: %s: %v", stmt, err)
	}
}

func run(dbURL, stmt string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, stmt)
	return err
}
