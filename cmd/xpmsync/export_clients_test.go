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

func TestExportClientsAndContactsOffline(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.InsertClient(context.Background(), &store.LocalClient{Client: model.Client{Name: "Kereama & Co",
		Contacts: []model.Contact{{Name: "=Mere Kereama", Email: "mere@kereama.co.nz"}}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for kind, want := range map[string]string{"clients": "Kereama & Co", "contacts": "'=Mere Kereama"} {
		out := filepath.Join(dir, kind+".csv")
		var stdout bytes.Buffer
		if err := runExport([]string{kind, "--data-dir", dir, "--out", out}, &stdout); err != nil {
			t.Fatalf("export %s: %v", kind, err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), want) {
			t.Errorf("%s export lacks %q:\n%s", kind, want, b)
		}
	}
}
