package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

func TestExportHealthOffline(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, name := range []string{"Kereama & Co", "Kereama and Co Limited"} {
		if _, err := st.InsertClient(ctx, &store.LocalClient{Client: model.Client{Name: name, Email: "=mere@kereama"}}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	out := filepath.Join(dir, "health.csv")
	var stdout bytes.Buffer
	if err := runExport([]string{"health", "--data-dir", dir, "--out", out}, &stdout); err != nil {
		t.Fatalf("export health: %v", err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, want := range []string{"Check,Clients,XPM UUIDs,Field,Value,Reason", "Likely duplicates,Kereama & Co | Kereama and Co Limited",
		"Email not valid,Kereama & Co,,Email,'=mere@kereama"} {
		if !strings.Contains(got, want) {
			t.Errorf("health export lacks %q:\n%s", want, got)
		}
	}
}
