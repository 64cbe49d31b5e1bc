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
	req, err := parseExport(args)
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(req.dataDir, store.FileName)); err != nil {
		return fmt.Errorf("no XPM Sync database in %s: run a sync first or give --data-dir", req.dataDir)
	}
	st, err := store.OpenDir(req.dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	if req.out == "-" {
		return req.exp(context.Background(), st, stdout)
	}
	if err := writeWhole(req.out, func(w io.Writer) error {
		if err := req.exp(context.Background(), st, w); err != nil {
			return fmt.Errorf("export %s: %w", req.kind, err)
		}
		return nil
	}); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", req.out)
	return nil
}

// exportRequest is one export command line, read.
type exportRequest struct {
	kind, dataDir, out string
	exp                exporter
}

// parseExport reads KIND and the flags, defaulting the data folder.
func parseExport(args []string) (exportRequest, error) {
	kinds := make([]string, 0, len(exporters))
	for k := range exporters {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return exportRequest{}, usageError{"export needs what to export: " + strings.Join(kinds, ", ")}
	}
	req := exportRequest{kind: args[0]}
	var ok bool
	if req.exp, ok = exporters[req.kind]; !ok {
		return req, usageError{fmt.Sprintf("cannot export %q; choose one of: %s", req.kind, strings.Join(kinds, ", "))}
	}
	fs := flag.NewFlagSet("xpmsync export "+req.kind, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&req.dataDir, "data-dir", os.Getenv("XPMSYNC_DATA_DIR"), "")
	fs.StringVar(&req.out, "out", "", "")
	if err := fs.Parse(args[1:]); err != nil {
		return req, usageError{err.Error()}
	}
	if req.out == "" {
		return req, usageError{"export needs --out FILE (use - for the screen)"}
	}
	if req.dataDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return req, fmt.Errorf("find your config folder (use --data-dir): %w", err)
		}
		req.dataDir = filepath.Join(dir, "XPM Sync")
	}
	return req, nil
}

// writeWhole writes beside the target and renames, so a failed export never leaves half a
// file behind.
func writeWhole(out string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".xpmsync-export-*")
	if errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("cannot write %s: the folder %s does not exist", out, filepath.Dir(out))
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", out, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}
