package app

import (
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/store"
)

// liveSettle is how long a burst of changes from other seats is gathered before the tabs read
// again: a sync commits a batch every fraction of a second, and one reload covers them all.
const liveSettle = 400 * time.Millisecond

// watchOtherSeats reloads what the window shows when another seat changes the shared database
// (within two seconds of its commit). Nothing happens on a seat with its own SQLite file.
func (s *Services) watchOtherSeats(w *Window) {
	if !s.Store.Postgres() {
		return
	}
	kick := make(chan store.Changed, 1)
	go s.Store.Listen(s.ctx, func(c store.Changed) {
		select {
		case kick <- c:
		default: // a reload is already waiting
		}
	})
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-kick:
		}
		select {
		case <-s.ctx.Done():
			return
		case <-time.After(liveSettle):
		}
		fyne.Do(func() {
			w.Clients.Reload()
			w.Staff.Reload()
			w.Progress.Reload()
		})
	}
}
