package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store/pgtest"
)

// A change committed by one seat reaches another seat's listener within two seconds; a rolled
// back one never does.
func TestPostgresSeesOtherSeatsChangesLive(t *testing.T) {
	dbURL := pgtest.NewDatabaseFrom(t, PostgresSchemaID(), prepareTemplate)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, err := OpenPostgres(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := OpenPostgres(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got := make(chan Changed, 16)
	go b.Listen(ctx, func(c Changed) { got <- c })
	time.Sleep(300 * time.Millisecond) // the listener connects
	rollback := a.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := a.InsertClientTx(ctx, tx, &LocalClient{Client: model.Client{Name: "Never Ltd"}}); err != nil {
			return err
		}
		return errRollback
	})
	if rollback != errRollback {
		t.Fatal(rollback)
	}
	start := time.Now()
	if _, err := a.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Kereama Ltd"}}); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case c := <-got:
			if c.Table != "clients" {
				continue
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("heard after %v, want within 2 s", d)
			}
			if n, _ := b.ClientCount(ctx); n != 1 {
				t.Fatalf("the other seat reads %d clients, want the 1 committed", n)
			}
			return
		case <-time.After(5 * time.Second):
			t.Fatal("the other seat never heard of the new client")
		}
	}
}

var errRollback = errors.New("roll back")
