package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"xpmsync/core/model"
)

// The live feed hears of an event only when its change committed, and then with the time the
// history shows.
func TestEventsOfATransactionArePublishedAfterItCommits(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { return at })
	var fed []Event
	publish := func(evs ...Event) { fed = append(fed, evs...) }

	refused := errors.New("refused")
	err := s.WithTxEvents(ctx, publish, func(tx *sql.Tx, rec *Recorder) error {
		if err := rec.Record(Event{Kind: model.EventClientUpdated, ClientName: "Rolled Back Ltd"}); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) || len(fed) != 0 {
		t.Fatalf("a rolled-back transaction published %+v (err %v)", fed, err)
	}
	err = s.WithTxEvents(ctx, publish, func(tx *sql.Tx, rec *Recorder) error {
		for _, name := range []string{"First Ltd", "Second Ltd"} {
			if err := rec.Record(Event{Kind: model.EventClientUpdated, ClientName: name}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || len(fed) != 2 || fed[0].ClientName != "First Ltd" || fed[1].ClientName != "Second Ltd" || !fed[0].At.Equal(at) || fed[0].Result != "" {
		t.Fatalf("published %+v (err %v)", fed, err)
	}
	stored, err := s.Events(ctx, EventQuery{})
	if err != nil || len(stored) != 2 {
		t.Fatalf("history %+v (err %v)", stored, err)
	}
	for _, e := range stored {
		if e.ClientName == "Rolled Back Ltd" || !e.At.Equal(at) {
			t.Errorf("history holds %+v", e)
		}
	}
}
