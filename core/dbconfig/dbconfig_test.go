package dbconfig

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"xpmsync/core/store"
)

type mapKeychain map[string]string

func (m mapKeychain) Get(s, u string) (string, error) {
	if v, ok := m[s+"|"+u]; ok {
		return v, nil
	}
	return "", keyring.ErrNotFound
}
func (m mapKeychain) Set(s, u, p string) error { m[s+"|"+u] = p; return nil }
func (m mapKeychain) Delete(s, u string) error { delete(m, s+"|"+u); return nil }

func TestSaveKeepsThePasswordInTheKeychainOnly(t *testing.T) {
	dir := t.TempDir()
	kc := mapKeychain{}
	t.Setenv(EnvDatabase, "")
	if err := Save(kc, dir, "postgres://front:s3cret-pw@db.example:5432/practice?sslmode=require"); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, fileName))
	if strings.Contains(string(b), "s3cret-pw") || !strings.Contains(string(b), "front@db.example:5432/practice") {
		t.Fatalf("saved file = %q", b)
	}
	got, err := Resolve(kc, "", dir)
	if err != nil || got != "postgres://front:s3cret-pw@db.example:5432/practice?sslmode=require" {
		t.Fatalf("Resolve = %q, %v", got, err)
	}
	if err := Save(kc, dir, ""); err != nil {
		t.Fatal(err)
	}
	if got, err := Resolve(kc, "", dir); got != "" || err != nil {
		t.Fatalf("after forgetting: %q, %v", got, err)
	}
}

func TestFlagBeatsEnvironmentBeatsSavedAndBadURLIsRefused(t *testing.T) {
	dir := t.TempDir()
	kc := mapKeychain{}
	if err := Save(kc, dir, "postgres://saved@h/db"); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvDatabase, "postgres://env@h/db")
	if got, _ := Resolve(kc, "postgres://flag@h/db", dir); got != "postgres://flag@h/db" {
		t.Fatalf("flag: %q", got)
	}
	if got, _ := Resolve(kc, "", dir); got != "postgres://env@h/db" {
		t.Fatalf("env: %q", got)
	}
	if _, err := Resolve(kc, "mysql://x:pw@h/db", dir); err == nil || strings.Contains(err.Error(), "pw") {
		t.Fatalf("bad URL: %v", err)
	}
	if err := Save(kc, dir, "db.example:5432"); err == nil {
		t.Fatal("saved an address that is not a postgres:// URL")
	}
}

func TestExplainNamesTheAddressTriedAndNeverThePassword(t *testing.T) {
	u := "postgres://front:pw123@db.example:5432/practice"
	for _, err := range []error{store.ErrUnreachable, store.ErrRefused, store.ErrNoDatabase, store.ErrServerTooOld,
		store.ErrTooNew, store.ErrNotXPMSync} {
		msg := Explain(u, fmt.Errorf("open: %w", err))
		if !strings.Contains(msg, "db.example:5432/practice") || strings.Contains(msg, "pw123") {
			t.Errorf("%v: %q", err, msg)
		}
	}
	if Explain(u, errors.New("disk full")) != "" {
		t.Error("explained an error that is not about the database")
	}
}
