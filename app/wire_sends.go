package app

import (
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// sendSettle gathers what the outbox records in a burst (a sync pushes many changes) into one
// reload of the views that show it.
const sendSettle = 500 * time.Millisecond

// sendWatch keeps Integration Progress and the shown client current while the outbox sends
// changes in the background: a save's "Change queued for XPM" row turns "Sent" (or "Refused")
// and the client's History lists the send, without the user having to leave and come back.
type sendWatch struct {
	mu      sync.Mutex
	pending map[int64]bool // clients whose changes were settled since the last reload
	timer   *time.Timer
	w       *Window
	do      func(func()) // runs on the UI goroutine (fyne.Do; a test runs it itself)
}

// sharedSeat names this seat in what the outbox records, on a shared database only: there the
// other seats' users want to know which computer sent a change; alone it says nothing new.
func sharedSeat(st *store.Store) string {
	if !st.Postgres() {
		return ""
	}
	return seatName()
}

// engineEvent hears every event the engine commits (syncer.Options.Events); it may be called
// from any goroutine before the window exists.
func (s *Services) engineEvent(ev store.Event) {
	s.mu.Lock()
	sw := s.sends
	s.mu.Unlock()
	if sw != nil {
		sw.heard(ev)
	}
}

// watchSends starts keeping the window current as changes reach XPM. Call on the UI goroutine.
func (s *Services) watchSends(w *Window) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sends = &sendWatch{pending: map[int64]bool{}, w: w, do: fyne.Do}
}

func (sw *sendWatch) heard(ev store.Event) {
	switch ev.Kind {
	case model.EventPushSent, model.EventPushFailed, model.EventPushSkipped, model.EventClientLinked:
	default:
		return
	}
	sw.mu.Lock()
	defer sw.mu.Unlock()
	sw.pending[ev.ClientID] = true
	if sw.timer == nil {
		sw.timer = time.AfterFunc(sendSettle, sw.reload)
	}
}

func (sw *sendWatch) reload() {
	sw.mu.Lock()
	clients := sw.pending
	sw.pending, sw.timer = map[int64]bool{}, nil
	sw.mu.Unlock()
	sw.do(func() {
		sw.w.Progress.Reload()
		for id := range clients {
			sw.w.Clients.ClientChanged(id)
		}
	})
}
