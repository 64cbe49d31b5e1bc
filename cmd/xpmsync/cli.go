package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"xpmsync/app"
)

const usage = `XPM Sync keeps a practice's clients, contacts and staff in sync with Xero Practice Manager.

Usage:
  xpmsync [flags]                 open the app
  xpmsync connect [--no-browser]  sign in to Xero and keep the connection in the OS keychain
                                  (--no-browser prints the sign-in link alone on a line)
  xpmsync disconnect              revoke the sign-in at Xero and remove it from the keychain
  xpmsync status                  print the connection state
  xpmsync sync [flags]            run a full sync with the stored connection (or --demo) and print
                                  "synced N clients (C contacts, S staff) in T, API calls: K"
  xpmsync export KIND --out FILE  write a CSV from the database, offline (KIND: see xpmsync export)
  xpmsync migrate --to URL        copy this computer's database into an empty shared PostgreSQL
                                  database, verified by counts and checksums; the local file is kept
  xpmsync help                    show this help

Flags:
  --demo              use the built-in demo practice (no Xero account needed; tokens in memory only):
                      the app opens it with a few days of history, built by the engine in seconds
  --demo-fresh        the demo practice as just connected: one first sync, nothing else yet
  --demo-clients N    clients in the demo practice (default 500)
  --demo-faults LIST  make the demo practice misbehave, e.g. rate5xx=0.5,latency=300ms
                      (also slow=50ms, burst429=5; malformed, truncate, daylimit break every answer)
  --data-dir DIR      where the database lives (default: your config folder/XPM Sync; env XPMSYNC_DATA_DIR)
  --database URL      the practice's shared PostgreSQL database, postgres://user@server:5432/db
                      (env XPMSYNC_DATABASE; default: the one saved under Connection → Advanced, else the local file)
  --xero-base URL     talk to this server instead of Xero, keeping every path (env XPMSYNC_XERO_BASE)
  --client-id ID      the Xero app's client ID (env XPMSYNC_CLIENT_ID)

Exit status: 0 success, 1 failure (the message says why and what to do), 2 wrong command line,
3 not connected (status), 4 the connection needs reconnecting (status), 5 XPM Sync is already
running and was asked to do it (sync).
`

// usageError is a mistake on the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var u usageError
	var st statusError
	switch {
	case errors.As(err, &u):
		return 2
	case errors.As(err, &st):
		return st.code
	}
	return 1
}

func run(args []string) error {
	cmd := ""
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help":
		fmt.Print(usage)
		return nil
	case "":
		opts, err := parseFlags("xpmsync", args, os.Stdout)
		if err != nil {
			return err
		}
		return app.Run(opts)
	case "connect":
		return runConnect(args, os.Stdout)
	case "disconnect":
		return runDisconnect(args, os.Stdout)
	case "status":
		return runStatus(args, os.Stdout)
	case "export":
		return runExport(args, os.Stdout)
	case "migrate":
		return runMigrate(args, os.Stdout)
	case "sync":
		opts, err := parseFlags("xpmsync sync", args, os.Stdout)
		if err != nil {
			return err
		}
		return runSync(opts, os.Stdout)
	default:
		return usageError{fmt.Sprintf("unknown command %q (try: xpmsync help)", cmd)}
	}
}

func parseFlags(name string, args []string, out io.Writer) (app.Options, error) {
	return parseFlagsWith(flag.NewFlagSet(name, flag.ContinueOnError), args, out)
}

// parseFlagsWith adds the common flags to fs (which may carry a command's own) and parses args.
func parseFlagsWith(fs *flag.FlagSet, args []string, out io.Writer) (app.Options, error) {
	fs.SetOutput(io.Discard)
	var o app.Options
	fs.BoolVar(&o.Demo, "demo", false, "")
	fs.BoolVar(&o.DemoFresh, "demo-fresh", false, "")
	fs.IntVar(&o.DemoClients, "demo-clients", 500, "")
	fs.StringVar(&o.DemoFaults, "demo-faults", "", "")
	fs.StringVar(&o.DataDir, "data-dir", os.Getenv("XPMSYNC_DATA_DIR"), "")
	fs.StringVar(&o.Database, "database", "", "")
	fs.StringVar(&o.XeroBase, "xero-base", os.Getenv("XPMSYNC_XERO_BASE"), "")
	fs.StringVar(&o.ClientID, "client-id", os.Getenv("XPMSYNC_CLIENT_ID"), "")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(out, usage)
			os.Exit(0)
		}
		return o, usageError{err.Error() + " (try: xpmsync help)"}
	}
	o.Demo = o.Demo || o.DemoFresh
	if o.DataDir == "" && o.Demo {
		// The demo practice lives in memory and is new each run; its database is too, so a
		// second demo never meets the first one's data, nor the practice's real database.
		dir, err := os.MkdirTemp("", "xpmsync-demo-")
		if err != nil {
			return o, fmt.Errorf("make a folder for the demo's database (use --data-dir): %w", err)
		}
		o.DataDir = dir
	}
	if o.DataDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return o, fmt.Errorf("find your config folder (use --data-dir): %w", err)
		}
		o.DataDir = filepath.Join(dir, "XPM Sync")
	}
	return o, nil
}
