package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"testing"

	"xpmsync/core/model"
)

// Two seats read the same client and both save it: the first save lands, the second is refused
// with the client as the first left it, and the row keeps the first seat's value.
func TestSecondSaveFromTheSameReadIsRefusedWithBothValues(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Dubois Superannuation Fund", Phone: "09 555 0100"}})
	if err != nil {
		t.Fatal(err)
	}
	seatA, _ := s.Client(ctx, id)
	seatB, _ := s.Client(ctx, id)
	if seatA.Version < 1 || seatA.Version != seatB.Version {
		t.Fatalf("versions read %d and %d, want the same positive version", seatA.Version, seatB.Version)
	}
	seatA.Client.Phone = "09 555 0111"
	if err := s.WithTx(ctx, func(tx *sql.Tx) error { return s.UpdateClientCheckedTx(ctx, tx, &seatA) }); err != nil {
		t.Fatalf("first save: %v", err)
	}
	seatB.Client.Phone = "09 555 0222"
	err = s.WithTx(ctx, func(tx *sql.Tx) error { return s.UpdateClientCheckedTx(ctx, tx, &seatB) })
	var changed *ClientChangedError
	if !errors.Is(err, ErrClientChanged) || !errors.As(err, &changed) {
		t.Fatalf("second save from the same read: %v, want ErrClientChanged", err)
	}
	if changed.Current.Client.Phone != "09 555 0111" || seatB.Client.Phone != "09 555 0222" {
		t.Errorf("the refusal shows theirs %q and yours %q; want 09 555 0111 and 09 555 0222", changed.Current.Client.Phone, seatB.Client.Phone)
	}
	now, _ := s.Client(ctx, id)
	if now.Client.Phone != "09 555 0111" || now.Version != changed.Current.Version {
		t.Errorf("after the refusal the client holds %q at version %d; want the first save kept at %d", now.Client.Phone, now.Version, changed.Current.Version)
	}
	// Saving again from the current version (the user chose) goes through.
	seatB.Version = changed.Current.Version
	if err := s.WithTx(ctx, func(tx *sql.Tx) error { return s.UpdateClientCheckedTx(ctx, tx, &seatB) }); err != nil {
		t.Fatalf("save after choosing: %v", err)
	}
	if now, _ = s.Client(ctx, id); now.Client.Phone != "09 555 0222" || now.Version != seatB.Version {
		t.Errorf("after choosing, %q at version %d (form at %d)", now.Client.Phone, now.Version, seatB.Version)
	}
}

// Any write moves the version on (a sync's, or another seat's plain save), so a checked save
// from before it is refused too; and saves racing from one read let exactly one through.
func TestEveryWriteMovesTheVersionAndRacingSavesLetOneThrough(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	id, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Kowhai Landscaping Limited"}})
	if err != nil {
		t.Fatal(err)
	}
	form, _ := s.Client(ctx, id)
	synced := form
	synced.Client.Email = "office@kowhai.example"
	if err := s.UpdateClient(ctx, &synced); err != nil {
		t.Fatal(err)
	}
	if synced.Version != form.Version+1 {
		t.Fatalf("a plain save moved the version from %d to %d", form.Version, synced.Version)
	}
	form.Client.Phone = "04 555 0199"
	err = s.WithTx(ctx, func(tx *sql.Tx) error { return s.UpdateClientCheckedTx(ctx, tx, &form) })
	if !errors.Is(err, ErrClientChanged) {
		t.Fatalf("save from before a sync's write: %v, want ErrClientChanged", err)
	}

	read, _ := s.Client(ctx, id)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := read
			mine.Client.Phone = []string{"1", "2", "3", "4"}[i]
			errs[i] = s.WithTx(ctx, func(tx *sql.Tx) error { return s.UpdateClientCheckedTx(ctx, tx, &mine) })
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, ErrClientChanged):
		default:
			// SQLite may answer a writer that waited too long with "database is locked"; that
			// save did not land either, which is what matters here.
			t.Logf("racing save: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d racing saves from one read went through, want exactly 1 (%v)", ok, errs)
	}
}
