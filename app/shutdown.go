package app

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"fyne.io/fyne/v2"
)

// Close is the one way XPM Sync shuts down, whatever asked (Quit, the tray, a logout's
// SIGTERM, the end of a command): it stops the scheduler and lets a running sync record how it
// ended, waits for background sends, leaves what was not sent queued in the outbox for the next
// start, and closes the database. Calling it again does nothing.
func (s *Services) Close() {
	s.closeOnce.Do(func() {
		s.cancel()
		if s.leaderDone != nil {
			<-s.leaderDone // gives the lead up: another seat takes over at once
		}
		s.waitScheduler()
		s.closeEngine()
		s.logOutboxLeft()
		if s.demo != nil {
			s.demo.Close()
		}
		if err := s.Store.Close(); err != nil {
			slog.Warn("closing the database", "err", err)
		}
		if s.lock != nil {
			s.lock.Release()
		}
		slog.Info("XPM Sync stopped")
	})
}

// closeEngine stops pushes still running without waiting on XPM: what they had not sent stays
// queued in the outbox for the next start.
func (s *Services) closeEngine() {
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	if err := s.Engine.Close(ctx); err != nil {
		slog.Warn("quitting while changes were being sent to XPM", "err", err)
	}
}

// logOutboxLeft notes what stays queued, so a support reader of the log knows it was kept.
func (s *Services) logOutboxLeft() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if open, failed, err := s.Store.OutboxCounts(ctx); err == nil && open+failed > 0 {
		slog.Info("changes kept in the outbox for the next start", "waiting", open, "failed", failed)
	}
}

// quitSignals are what a logout, a shutdown or Ctrl+C in a terminal send.
var quitSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// quitOnSignals quits the app the same way as Help → Quit when the session ends, so the
// deferred Close runs and the process exits 0. It returns when ctx ends.
func quitOnSignals(ctx context.Context, a fyne.App) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, quitSignals...)
	defer signal.Stop(ch)
	select {
	case <-ctx.Done():
	case sig := <-ch:
		slog.Info("quitting on a signal", "signal", sig.String())
		fyne.Do(func() { quitApp(a) })
	}
}

// quitApp ends the event loop without closing the windows first. Fyne's App.Quit closes every
// window and then stops the loop, which may poll events once more in between: a pointer event on
// a closing window whose cursor changes uses the window's released handle (Fyne 2.7.1,
// processMouseMoved; a SIGSEGV on SIGTERM in CI). The driver's quit, which is what Fyne itself
// does on SIGTERM, stops the loop and leaves the windows to end with the process; Close then
// runs as before, after Run returns.
func quitApp(a fyne.App) { a.Driver().Quit() }
