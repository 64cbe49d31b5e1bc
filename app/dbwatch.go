package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/dbconfig"
	"xpmsync/core/retry"
	"xpmsync/core/store"
)

// dbCheckEvery is how often a seat on a shared database checks that it still answers.
var dbCheckEvery = 5 * time.Second

// watchDatabase tells the user when the shared database stops answering after the start, keeps
// what the window shows (it may be out of date, and nothing can be saved until the server is
// back), checks again with back-off, and reloads the tabs once it answers. Nothing happens on a
// seat with its own SQLite file.
func (s *Services) watchDatabase(w *Window) {
	if !s.Store.Postgres() {
		return
	}
	fails := 0
	var raised string
	for {
		wait := dbCheckEvery
		if fails > 0 {
			wait = retry.Delay(dbRetryBase, dbRetryCeiling, fails)
		}
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(wait):
		}
		err := s.pingDatabase()
		switch {
		case err != nil:
			fails++
			next := retry.Delay(dbRetryBase, dbRetryCeiling, fails)
			text := lostDatabaseText(s.Store.Path(), err, next)
			slog.Warn("the practice database stopped answering", "err", err, "next_try", next)
			raised = text
			fyne.Do(func() { w.Banner.Show(text, true, "", nil) })
		case fails > 0:
			fails = 0
			slog.Info("the practice database answers again")
			was := raised
			fyne.Do(func() { w.databaseBack(was) })
		}
	}
}

func (s *Services) pingDatabase() error {
	ctx, cancel := context.WithTimeout(s.ctx, 10*time.Second)
	defer cancel()
	if err := s.Store.DB().PingContext(ctx); err != nil {
		return store.ClassifyPGError(s.Store.Path(), err)
	}
	return nil
}

// lostDatabaseText words a database lost after the start, with the address (never the password).
func lostDatabaseText(addr string, err error, next time.Duration) string {
	plain := dbconfig.Explain(addr, err)
	if plain == "" {
		plain = fmt.Sprintf("The practice database at %s stopped answering.", store.RedactURL(addr))
	}
	return plain + fmt.Sprintf(" What you see stays on screen but may be out of date, and changes cannot be saved until it is back. XPM Sync checks again on its own (next in %s).", waitWords(next))
}

// databaseBack clears the banner the lost database raised and reads everything again. Call on
// the UI goroutine.
func (w *Window) databaseBack(raised string) {
	if w.Banner.Visible() && w.Banner.Text.Text == raised {
		w.Banner.Hide()
	}
	w.Clients.Reload()
	w.Staff.Reload()
	w.Progress.Reload()
}
