package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

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
	// Everything committed is in the database file: a reader of the file alone sees it.
	if n := rowsInFileAlone(t, s.Path()); n != 1000 {
		t.Errorf("the database file alone holds %d rows, want 1000", n)
	}
	// The WAL file is emptied in the background once it has grown (here: at any size).
	defer func(at int64) { walShrinkAt = at }(walShrinkAt)
	walShrinkAt = 0
	s.ShrinkWALLater()
	s.bg.Wait()
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

// Commits are copied into the database file every few commits until Hurry; from then on,
// each one is, so little is left for Close to copy at the end of a sync.
func TestBulkWriterHurryCheckpointsEachCommit(t *testing.T) {
	s := openTemp(t)
	if s.Postgres() {
		t.Skip("PostgreSQL has no WAL checkpoints of ours")
	}
	ctx := context.Background()
	b, err := s.NewBulkWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	commit := func(i int) {
		t.Helper()
		if err := b.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES(?, 'v')`, fmt.Sprint(i))
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range bulkCheckpointEvery - 1 {
		commit(i)
	}
	if n := b.copied.Load(); n != 0 {
		t.Fatalf("%d checkpoints before the %dth commit", n, bulkCheckpointEvery)
	}
	b.Hurry()
	waitCopied(t, b, 1) // what was committed before Hurry
	commit(100)
	commit(101)
	waitCopied(t, b, 2) // and each commit after it (two may share one checkpoint)
}

func waitCopied(t *testing.T, b *BulkWriter, want int64) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); b.copied.Load() < want; {
		if time.Now().After(deadline) {
			t.Fatalf("%d background checkpoints, want at least %d", b.copied.Load(), want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// rowsInFileAlone counts sync_state's rows in a copy of the database file without its WAL.
func rowsInFileAlone(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(cp, data, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+cp+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sync_state`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A reader still using the WAL keeps it from being emptied; it is tried again a little later,
// and closing the store stops the waiting.
func TestShrinkWALLaterWaitsOutAReader(t *testing.T) {
	s := openTemp(t)
	if s.Postgres() {
		t.Skip("PostgreSQL has no WAL file of ours")
	}
	ctx := context.Background()
	defer func(at int64, retries []time.Duration) { walShrinkAt, walShrinkRetries = at, retries }(walShrinkAt, walShrinkRetries)
	walShrinkAt, walShrinkRetries = 0, []time.Duration{0, 400 * time.Millisecond}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO sync_state(key, value) VALUES('k', 'v')`); err != nil {
		t.Fatal(err)
	}
	reader, err := s.DB().BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := reader.QueryRowContext(ctx, `SELECT count(*) FROM sync_state`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	s.ShrinkWALLater()
	time.Sleep(300 * time.Millisecond) // the first try has given up by now
	if fi, err := os.Stat(s.Path() + "-wal"); err != nil || fi.Size() == 0 {
		t.Fatalf("the WAL was emptied under a reader (%v)", err)
	}
	reader.Rollback()
	s.bg.Wait()
	if fi, err := os.Stat(s.Path() + "-wal"); err == nil && fi.Size() != 0 {
		t.Errorf("WAL left at %d bytes once the reader had gone, want emptied", fi.Size())
	}

	// Closing while a try waits returns at once.
	walShrinkRetries = []time.Duration{time.Hour}
	s.ShrinkWALLater()
	done := make(chan error, 1)
	go func() { done <- s.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited for a retry an hour away")
	}
}
