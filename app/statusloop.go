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
	if open, failed, err := s.Store.OutboxCounts(ctx); err == nil {
		outbox = outboxWords(open, failed)
	}
	if api := s.API(); api != nil {
		a := api.Allowance()
		if a.MinuteRemaining >= 0 && a.DayRemaining >= 0 {
			allowance = fmt.Sprintf("API left: %d/60 · %s today", a.MinuteRemaining, words.Thousands(a.DayRemaining))
		}
	}
	return outbox, allowance
}

// outboxWords is the status bar's word on changes made here for XPM: short, because it shares
// a third of the bar with the API allowance ("2 changes waiting to s…" at 1,200 pixels).
func outboxWords(open, failed int) string {
	switch {
	case failed > 0:
		return words.Plural(failed, "change") + " not sent to XPM"
	case open > 0:
		return words.Plural(open, "change") + " to send"
	}
	return ""
}
