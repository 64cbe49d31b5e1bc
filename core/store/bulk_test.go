package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"

	"xpmsync/core/model"
)

// A bulk writer's commits are in the database for every other connection, and when it is
// done the WAL is empty again and the connection it borrowed is back to the usual settings.
func TestBulkWriterCommitsAndLeavesTheDatabaseAsUsual(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	s.DB().SetMaxIdleConns(10) // the borrowed connection stays in the pool, to be checked
	b, err := s.NewBulkWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20 {
		if err := b.WithTx(ctx, func(tx *sql.Tx) error {
			for j := range 50 {
				if _, err := tx.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES(?, ?)`, fmt.Sprint(i*50+j), "value"); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	var n int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM sync_state`).Scan(&n); err != nil || n != 1000 {
		t.Fatalf("another connection sees %d rows (%v), want 1000", n, err)
	}
	// A failed transaction leaves nothing behind.
	if err := b.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES('x', 'y')`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES('x', 'y')`) // duplicate key
		return err
	}); err == nil {
		t.Fatal("a duplicate key committed")
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM sync_state`).Scan(&n); err != nil || n != 1000 {
		t.Fatalf("after close %d rows (%v), want 1000", n, err)
	}
	if s.Postgres() {
		return
	}
	if fi, err := os.Stat(s.Path() + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL left at %d bytes, want emptied", fi.Size())
	}
	// Every pooled connection, the one the writer borrowed among them, has the usual settings.
	for range 4 {
		conn, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		var cache, ckp int
		if err := conn.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&ckp); err != nil {
			t.Fatal(err)
		}
		if cache == -bulkCacheKiB || ckp == 0 {
			t.Errorf("a pooled connection kept the bulk settings: cache_size %d, wal_autocheckpoint %d", cache, ckp)
		}
	}
}

// Import-all's last step looks for XPM clients still without a local client: archived,
// deleted and linked ones do not count.
func TestHasUnimportedXPMClients(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	has := func() bool {
		t.Helper()
		got, err := s.HasUnimportedXPMClients(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	if has() {
		t.Fatal("an empty mirror has clients to import")
	}
	if _, err := s.UpsertXPMClients(ctx, 1, []model.Client{{UUID: "a", Name: "Archived Ltd", IsArchived: true},
		{UUID: "d", Name: "Deleted Ltd", IsDeleted: true}, {UUID: "l", Name: "Linked Ltd"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Linked Ltd"}, XPMUUID: "l"}); err != nil {
		t.Fatal(err)
	}
	if has() {
		t.Fatal("archived, deleted or linked clients count as not imported")
	}
	if _, err := s.UpsertXPMClients(ctx, 2, []model.Client{{UUID: "n", Name: "New Ltd"}}); err != nil {
		t.Fatal(err)
	}
	if !has() {
		t.Fatal("a live unlinked XPM client is not found")
	}
}
