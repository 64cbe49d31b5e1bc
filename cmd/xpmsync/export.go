package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"xpmsync/core/store"
)

// exporter writes one kind of CSV from the database, offline. Each kind registers itself from
// its own export_<kind>.go file.
type exporter func(ctx context.Context, st *store.Store, w io.Writer) error

var exporters = map[string]exporter{}

// runExport is `xpmsync export KIND --data-dir DIR --out FILE`.
func runExport(args []string, stdout io.Writer) error {
	kinds := make([]string, 0, len(exporters))
	for k := range exporters {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usageError{"export needs what to export: " + strings.Join(kinds, ", ")}
	}
	kind := args[0]
	exp, ok := exporters[kind]
	if !ok {
		return usageError{fmt.Sprintf("cannot export %q; choose one of: %s", kind, strings.Join(kinds, ", "))}
	}
	fs := flag.NewFlagSet("xpmsync export "+kind, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dataDir := fs.String("data-dir", os.Getenv("XPMSYNC_DATA_DIR"), "")
	out := fs.String("out", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return usageError{err.Error()}
	}
	if *out == "" {
		return usageError{"export needs --out FILE (use - for the screen)"}
	}
	if *dataDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return fmt.Errorf("find your config folder (use --data-dir): %w", err)
		}
		*dataDir = filepath.Join(dir, "XPM Sync")
	}
	if _, err := os.Stat(filepath.Join(*dataDir, store.FileName)); err != nil {
		return fmt.Errorf("no XPM Sync database in %s: run a sync first or give --data-dir", *dataDir)
	}
	st, err := store.OpenDir(*dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	if *out == "-" {
		return exp(context.Background(), st, stdout)
	}
	// Write beside the target and rename, so a failed export never leaves half a file behind.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".xpmsync-export-*")
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", *out, filepath.Dir(*out))
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", *out, err)
	}
	defer os.Remove(tmp.Name())
	if err := exp(context.Background(), st, tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("export %s: %w", kind, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return nil
}
