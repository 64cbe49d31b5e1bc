package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"

	"xpmsync/app"
	"xpmsync/core/auth"
)

// Exit statuses a script can rely on (also listed in `xpmsync help`).
const (
	exitNotConnected   = 3
	exitNeedsReconnect = 4
	exitHandedOver     = 5 // the running app was asked to do it
)

// statusError ends a command with a chosen exit status after printing its message.
type statusError struct {
	code int
	msg  string
}

func (e statusError) Error() string { return e.msg }

// runConnect is `xpmsync connect [--no-browser]`: sign in through the browser (or print the link
// alone on a line for the user to open) and keep the connection in the OS keychain.
func runConnect(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("xpmsync connect", flag.ContinueOnError)
	noBrowser := fs.Bool("no-browser", false, "")
	opts, err := parseFlagsWith(fs, args, out)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	svc, err := app.StartServices(opts)
	if _, ok := app.AlreadyRunning(err); ok {
		return fmt.Errorf("XPM Sync is open: connect from its Connection tab, or quit it first")
	}
	if err != nil {
		return err
	}
	defer svc.Close()
	svc.NoBrowser = *noBrowser
	onURL := func(u string) {
		if *noBrowser {
			fmt.Fprintln(out, "Open this link in your browser to sign in to Xero:")
			fmt.Fprintln(out, u)
		} else {
			fmt.Fprintln(out, "Your browser opens Xero's sign-in. If it does not, open this link:")
			fmt.Fprintln(out, u)
		}
	}
	if err := svc.ConnectWith(ctx, onURL, nil); err != nil {
		return err
	}
	fmt.Fprintln(out, svc.Auth.Status().Summary())
	return nil
}

// runDisconnect is `xpmsync disconnect`: revoke the sign-in at Xero and forget it locally.
func runDisconnect(args []string, out io.Writer) error {
	opts, err := parseFlags("xpmsync disconnect", args, out)
	if err != nil {
		return err
	}
	svc, err := app.StartServices(opts)
	if _, ok := app.AlreadyRunning(err); ok {
		return fmt.Errorf("XPM Sync is open: disconnect from its Connection tab, or quit it first")
	}
	if err != nil {
		return err
	}
	defer svc.Close()
	err = svc.Auth.Disconnect(context.Background())
	var remote *auth.RemoteCleanupError
	switch {
	case errors.As(err, &remote):
		fmt.Fprintln(out, "Disconnected on this computer, but Xero could not be told: remove XPM Sync under Connected apps in your Xero account.")
		return nil
	case err != nil:
		return fmt.Errorf("disconnect: %w", err)
	}
	fmt.Fprintln(out, "Disconnected. Local data was kept.")
	return nil
}

// runStatus is `xpmsync status`: one line, and an exit status a script can test.
func runStatus(args []string, out io.Writer) error {
	opts, err := parseFlags("xpmsync status", args, out)
	if err != nil {
		return err
	}
	opts.ReadOnly = true
	svc, err := app.StartServices(opts)
	if err != nil {
		return err
	}
	defer svc.Close()
	st := svc.Auth.Status()
	switch st.State {
	case auth.Connected:
		fmt.Fprintln(out, st.Summary())
		return nil
	case auth.NeedsReconnect:
		return statusError{exitNeedsReconnect, st.Summary() + ": run `xpmsync connect`"}
	default:
		msg := "Not connected to XPM: run `xpmsync connect`"
		if st.Problem != "" {
			msg = "Not connected to XPM: " + st.Problem
		}
		return statusError{exitNotConnected, msg}
	}
}
