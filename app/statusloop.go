package app

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"xpmsync/core/words"
)

// statusEvery is how often the status bar's outbox and allowance figures are refreshed.
const statusEvery = 5 * time.Second

// watchStatus keeps the status bar's outbox and API allowance current until the app quits.
func (s *Services) watchStatus(w *Window) {
	t := time.NewTicker(statusEvery)
	defer t.Stop()
	for {
		outbox, allowance := s.statusFigures(s.Ctx())
		running := s.Engine.Running()
		last := s.lastSyncText(s.Ctx())
		fyne.Do(func() {
			w.Status.Outbox.SetText(outbox)
			w.Status.Allowance.SetText(allowance)
			if !running && !w.Status.Bar.Visible() {
				w.Status.SetIdle(last) // "Synced 3 min ago" keeps counting
			}
		})
		select {
		case <-s.Ctx().Done():
			return
		case <-t.C:
		}
	}
}

// statusFigures words the outbox and the API allowance for the status bar.
func (s *Services) statusFigures(ctx context.Context) (outbox, allowance string) {
	open, failed, err := s.Store.OutboxCounts(ctx)
	switch {
	case err != nil:
	case failed > 0:
		outbox = fmt.Sprintf("%d changes could not be sent to XPM", failed)
	case open == 1:
		outbox = "1 change waiting to send"
	case open > 1:
		outbox = fmt.Sprintf("%d changes waiting to send", open)
	}
	if api := s.API(); api != nil {
		a := api.Allowance()
		if a.MinuteRemaining >= 0 && a.DayRemaining >= 0 {
			allowance = fmt.Sprintf("API left: %d/60 · %s today", a.MinuteRemaining, words.Thousands(a.DayRemaining))
		}
	}
	return outbox, allowance
}
