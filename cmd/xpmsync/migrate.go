package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"xpmsync/core/dbconfig"
	"xpmsync/core/store"
)

// runMigrate is `xpmsync migrate --to postgres://… [--data-dir DIR]`: it copies the local SQLite
// database into an empty PostgreSQL database for a practice moving to several seats.
func runMigrate(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("xpmsync migrate", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	to := fs.String("to", "", "")
	dataDir := fs.String("data-dir", os.Getenv("XPMSYNC_DATA_DIR"), "")
	if err := fs.Parse(args); err != nil {
		return usageError{err.Error()}
	}
	if *to == "" {
		return usageError{"migrate needs --to postgres://user@server:5432/database"}
	}
	if *dataDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("find your config folder (use --data-dir): %w", err)
		}
		*dataDir = filepath.Join(dir, "XPM Sync")
	}
	target, err := dbconfig.Resolve(dbconfig.OS, *to, *dataDir)
	if err != nil {
		return errors.New(dbconfig.Explain(*to, err))
	}
	rep, err := dbconfig.Migrate(context.Background(), *dataDir, target, func(t string) { fmt.Fprintf(stdout, "copying %s…\n", t) })
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "copied %d clients, %d XPM clients, %d contacts, %d team members, %d queued changes, %d history rows and %d events to %s; every table verified by row count and checksum.\n",
		rep.Rows("clients"), rep.Rows("xpm_clients"), rep.Rows("contacts"), rep.Rows("staff"), rep.Rows("outbox"), rep.Rows("field_history"), rep.Rows("events"), store.RedactURL(target))
	fmt.Fprintf(stdout, "The local file %s was not changed. Point each seat at the shared database under Connection → Advanced, or start it with --database %s\n",
		filepath.Join(*dataDir, store.FileName), store.RedactURL(target))
	return nil
}
