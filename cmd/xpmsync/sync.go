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
	"xpmsync/core/problem"
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
		return fmt.Errorf("%s (%s) From the command line: `xpmsync connect`", problem.Words(auth.ErrNotConnected), st.Summary())
	}
	res, err := svc.Engine.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil)
	if err != nil {
		slog.Error("sync failed", "err", err)
		return syncFailed(err, logFile())
	}
	fmt.Fprintf(out, "synced %d clients (%d contacts, %d staff) in %s, API calls: %d\n",
		res.Clients, res.Contacts, res.Staff, res.Duration.Round(time.Millisecond), res.APICalls)
	return nil
}

// syncFailed is what `xpmsync sync` prints when the sync fails: the failure in the words every
// window uses, and where the technical details are.
func syncFailed(err error, log string) error {
	return fmt.Errorf("sync failed: %s Details: %s", problem.Words(err), log)
}
