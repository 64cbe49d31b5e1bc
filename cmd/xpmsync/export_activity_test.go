package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xpmsync/core/store"
)

func TestExportActivityWritesThePast72Hours(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Now()
	for _, e := range []store.Event{
		{At: now.Add(-time.Hour), Kind: "conflict", Result: "warning", ClientName: "Harbour View Trust", Details: "Changed in both places"},
		{At: now.Add(-100 * time.Hour), Kind: "client_updated", ClientName: "Too Old Ltd"},
	} {
		if err := st.AddEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	out := filepath.Join(dir, "activity.csv")
	var stdout bytes.Buffer
	if err := runExport([]string{"activity", "--data-dir", dir, "--out", out}, &stdout); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	if !strings.HasPrefix(text, "Time,Action,Client,Result,Details") || !strings.Contains(text, "Conflict,Harbour View Trust,Needs a look,Changed in both places") ||
		strings.Contains(text, "Too Old Ltd") {
		t.Fatalf("export:\n%s", text)
	}
}
