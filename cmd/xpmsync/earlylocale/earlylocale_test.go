package earlylocale

import (
	"os"
	"testing"
)

func TestPosixWithCodeset(t *testing.T) {
	for value, want := range map[string]bool{
		"C.UTF-8": true, "C.utf8": true, "POSIX.UTF-8": true, "C@euro": true,
		"C": false, "POSIX": false, "en_US.UTF-8": false, "en-NZ": false, "Ca_ES": false,
	} {
		if got := posixWithCodeset(value); got != want {
			t.Errorf("posixWithCodeset(%q) = %v, want %v", value, got, want)
		}
	}
}

func TestRestorePutsTheValueBack(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C.UTF-8")
	quiet()
	if got := os.Getenv("LANG"); got != "C" {
		t.Fatalf("while Fyne reads it LANG = %q, want C", got)
	}
	Restore()
	if got := os.Getenv("LANG"); got != "C.UTF-8" {
		t.Fatalf("after Restore LANG = %q, want C.UTF-8", got)
	}
}

func TestReadableLocaleIsLeftAlone(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "en_NZ.UTF-8")
	t.Setenv("LANG", "C.UTF-8")
	quiet()
	defer Restore()
	if got := os.Getenv("LANG"); got != "C.UTF-8" {
		t.Fatalf("LANG = %q: Fyne reads LC_MESSAGES first, so LANG must stay", got)
	}
}
