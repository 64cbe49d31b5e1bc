package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// After a demo sync that imports every client, the offline exports write CSV files a spreadsheet opens: the summary lists the
// contacts that could not be imported (the demo practice has some, e.g. a mobile with a name in it).
func TestExportsAfterDemoSync(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	dir := t.TempDir()
	opts, err := parseFlags("xpmsync sync", []string{"--demo", "--demo-clients", "150", "--data-dir", dir}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	// Import every XPM client, so the contacts are validated as they come in.
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := syncer.DefaultPolicy()
	p.ImportAll = true
	if err := syncer.SavePolicy(context.Background(), st, p); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := runSync(opts, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"summary", "clients", "contacts", "activity"} {
		out := filepath.Join(dir, kind+".csv")
		if err := runExport([]string{kind, "--data-dir", dir, "--out", out}, &bytes.Buffer{}); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s: not CSV: %v", kind, err)
		}
		if len(rows) < 2 {
			t.Fatalf("%s: %d rows", kind, len(rows))
		}
		if kind == "summary" && !strings.Contains(strings.ToLower(strings.Join(rows[0], ",")), "reason") {
			t.Fatalf("summary header %v has no reason column", rows[0])
		}
	}
	if err := runExport([]string{"nonsense", "--data-dir", dir, "--out", "-"}, &bytes.Buffer{}); exitCode(err) != 2 {
		t.Fatalf("unknown kind: %v", err)
	}
}
