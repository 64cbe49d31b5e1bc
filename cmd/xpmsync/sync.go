package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"time"

	"xpmsync/app"
	"xpmsync/core/auth"
	"xpmsync/core/instance"
	"xpmsync/core/syncer"
)

// runSync is `xpmsync sync`: connect (demo) or use the stored connection, run one full sync, and
// print one summary line a script can read.
func runSync(opts app.Options, out io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	svc, err := app.StartServices(opts)
	if ar, ok := app.AlreadyRunning(err); ok {
		// The running app owns the token; it syncs instead of a second copy racing it.
		return statusError{exitHandedOver, app.AskRunning(ar, instance.CmdSync).Error()}
	}
	if err != nil {
		return err
	}
	defer svc.Close()
	if svc.Demo() {
		if err := svc.Connect(ctx); err != nil {
			return err
		}
	} else if st := svc.Auth.Status(); st.State != auth.Connected {
		return fmt.Errorf("not connected to XPM (%s): run `xpmsync connect` first", st.Summary())
	}
	res, err := svc.Engine.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil)
	if err != nil {
		slog.Error("sync failed", "err", err)
		return fmt.Errorf("sync failed: %s (details: %s)", syncer.PlainError(err), logFile())
	}
	fmt.Fprintf(out, "synced %d clients (%d contacts, %d staff) in %s, API calls: %d\n",
		res.Clients, res.Contacts, res.Staff, res.Duration.Round(time.Millisecond), res.APICalls)
	return nil
}
