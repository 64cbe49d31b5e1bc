package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Cron, CI and a bare shell run with the POSIX locale (LANG=C or C.UTF-8). A command that
// opens no window must print its own words only, none of Fyne's complaints about the locale.
func TestCommandsAreQuietUnderThePosixLocale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "xpmsync")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	commands := map[string][]string{
		"help":           {"help"},
		"unknown":        {"frobnicate"},
		"export usage":   {"export"},
		"export offline": {"export", "clients", "--out", filepath.Join(dir, "c.csv")},
		"sync usage":     {"sync", "--no-such-flag"},
	}
	for _, lang := range []string{"C", "C.UTF-8", "POSIX"} {
		for name, args := range commands {
			cmd := exec.Command(bin, args...)
			cmd.Env = append(withoutLocale(os.Environ()), "LANG="+lang, "XPMSYNC_DATA_DIR="+dir)
			out, _ := cmd.CombinedOutput()
			text := string(out)
			if strings.Contains(text, "Fyne") || strings.Contains(text, "locale") {
				t.Errorf("LANG=%s xpmsync %s printed Fyne's locale lines:\n%s", lang, name, text)
			}
			if first, _, _ := strings.Cut(text, "\n"); !strings.HasPrefix(first, "xpmsync") &&
				!strings.HasPrefix(first, "XPM Sync") && !strings.HasPrefix(first, "Usage") {
				t.Errorf("LANG=%s xpmsync %s: first line %q is not the command's own", lang, name, first)
			}
		}
	}
}

func withoutLocale(env []string) []string {
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "XPMSYNC_DATA_DIR":
			continue
		}
		kept = append(kept, kv)
	}
	return kept
}
