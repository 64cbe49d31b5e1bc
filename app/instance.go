package app

import (
	"errors"
	"fmt"
	"log/slog"

	"fyne.io/fyne/v2"

	"xpmsync/core/instance"
	"xpmsync/core/syncer"
)

// acquireInstance makes this process the only XPM Sync on its data folder: two copies would each
// refresh the same rotating Xero token, and the loser's connection would break.
func (s *Services) acquireInstance() error {
	lock, err := instance.Acquire(s.Opts.DataDir)
	if err != nil {
		return err
	}
	s.lock = lock
	return nil
}

// AlreadyRunning reports whether err means another copy holds the data folder, and hands it
// back to ask that copy for something.
func AlreadyRunning(err error) (*instance.AlreadyRunningError, bool) {
	var ar *instance.AlreadyRunningError
	return ar, errors.As(err, &ar)
}

// serveInstanceRequests answers later launches: "show" brings the window forward, "sync"
// starts a sync as if the user had pressed Resync now.
func (s *Services) serveInstanceRequests(w *Window) {
	if s.lock == nil {
		return
	}
	for {
		select {
		case <-s.Ctx().Done():
			return
		case cmd, ok := <-s.lock.Requests():
			if !ok {
				return
			}
			slog.Info("request from another launch", "cmd", cmd)
			fyne.Do(func() {
				w.Win.Show()
				w.Win.RequestFocus()
			})
			if cmd == instance.CmdSync {
				go s.RunSync(s.Ctx(), syncer.Delta, syncer.TriggerCLI)
			}
		}
	}
}

// AskRunning asks the running copy to do cmd and returns what the second launch should say.
func AskRunning(ar *instance.AlreadyRunningError, cmd string) error {
	return alreadyRunningMessage(ar, cmd)
}

// alreadyRunningMessage is what a second launch says before it exits.
func alreadyRunningMessage(ar *instance.AlreadyRunningError, asked string) error {
	if err := ar.Notify(asked); err != nil {
		return fmt.Errorf("XPM Sync is already running on %s but did not answer (%v): close it, or wait a moment and try again", ar.Dir, err)
	}
	if asked == instance.CmdSync {
		return fmt.Errorf("XPM Sync is already running; it was asked to sync now (see its Integration Progress tab)")
	}
	return fmt.Errorf("XPM Sync is already running; its window was brought forward")
}
