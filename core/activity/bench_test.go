package activity

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"xpmsync/core/store"
)

// A first import of a 15,000-client practice records about that many events in one go; the
// Progress tab reads them back on every reload, off the UI goroutine.
func BenchmarkRecentAfterA15kImport(b *testing.B) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	st, err := store.OpenDir(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	st.SetClock(func() time.Time { return now })
	ctx := context.Background()
	err = st.WithTx(ctx, func(tx *sql.Tx) error {
		for i := range 15000 {
			e := store.Event{At: now.Add(-time.Duration(i) * time.Second), Kind: "client_created", ClientName: fmt.Sprintf("Client %05d Ltd", i),
				Details: "Imported from XPM"}
			if err := st.AddEventTx(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	l := New(st)
	for _, bc := range []struct {
		name string
		f    Filter
	}{{"all", Filter{}}, {"client", Filter{Client: "00042"}}, {"group", Filter{Group: GroupCreated, Result: "ok"}}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := l.Recent(ctx, bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("hourly", func(b *testing.B) {
		for b.Loop() {
			if _, err := l.Hourly(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
