package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
)

// A practice moving to a shared database: after a demo sync, migrate copies everything into an
// empty PostgreSQL database, which then shows the same clients; a second copy is refused; the
// local file is byte for byte what it was.
func TestMigrateCopiesEverythingVerifiedAndKeepsTheLocalFile(t *testing.T) {
	target := storetest.NewPostgres(t)
	dir := t.TempDir()
	opts, err := parseFlags("xpmsync sync", []string{"--demo", "--demo-clients", "60", "--data-dir", dir}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if err := runSync(opts, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	local, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	id, err := local.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: "Kereama Ltd", Email: "office@kereama.co.nz",
		Contacts: []model.Contact{{Name: "Aroha Kereama"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := local.EnqueueTx(ctx, local.DB(), store.OutboxItem{ClientID: id, Op: "add_client", Payload: "{}"}); err != nil {
		t.Fatal(err)
	}
	local.Close()
	file := filepath.Join(dir, store.FileName)
	before := fileSum(t, file)
	var out bytes.Buffer
	if err := runMigrate([]string{"--to", target, "--data-dir", dir}, &out); err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "verified by row count and checksum") || !strings.Contains(out.String(), "copied 1 clients, 60 XPM clients") ||
		!strings.Contains(out.String(), "1 queued changes") {
		t.Fatalf("migrate said:\n%s", out.String())
	}
	local, err = store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	shared := storetest.OpenAt(t, target)
	for _, q := range []store.RowQuery{{}, {Text: "ltd"}, {Text: "aroha"}, {Filter: store.FilterXPMOnly}, {Filter: store.FilterLocal}} {
		a, err1 := local.ClientRowKeys(ctx, q)
		b, err2 := shared.ClientRowKeys(ctx, q)
		if err1 != nil || err2 != nil || len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%+v: local %d rows (%v), shared %d rows (%v)", q, len(a), err1, len(b), err2)
		}
	}
	local.Close()
	// New rows on the shared side get new IDs, after the copied ones.
	if _, err := shared.InsertClient(ctx, &store.LocalClient{}); err != nil {
		t.Fatalf("add a client after the copy: %v", err)
	}
	err = runMigrate([]string{"--to", target, "--data-dir", dir}, &bytes.Buffer{})
	if !errors.Is(err, store.ErrTargetNotEmpty) {
		t.Fatalf("second migrate: %v, want refused as not empty", err)
	}
	if fileSum(t, file) != before {
		t.Fatal("migrate changed the local database file")
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}
