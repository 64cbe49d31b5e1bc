package applog

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRotationCapsSizeAndFileCount(t *testing.T) {
	dir := t.TempDir()
	const maxBytes, keep = 1000, 3
	w, err := openRotating(filepath.Join(dir, "x.log"), maxBytes, keep)
	if err != nil {
		t.Fatal(err)
	}
	const lines = 200 // ~9 KB: many rotations
	for i := 0; i < lines; i++ {
		if _, err := fmt.Fprintf(w, "line %04d %s\n", i, strings.Repeat("x", 30)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != keep {
		t.Fatalf("files after rotation = %v, want %d", files, keep)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Size() > maxBytes {
			t.Errorf("%s is %d bytes, over the %d cap", f, fi.Size(), maxBytes)
		}
	}
	live, _ := os.ReadFile(filepath.Join(dir, "x.log"))
	if !strings.Contains(string(live), fmt.Sprintf("line %04d", lines-1)) {
		t.Errorf("the newest line is not in the live file")
	}
	oldest, _ := os.ReadFile(filepath.Join(dir, "x.2.log"))
	older, _ := os.ReadFile(filepath.Join(dir, "x.1.log"))
	if !(firstLine(oldest) < firstLine(older) && firstLine(older) < firstLine(live)) {
		t.Errorf("rotation order wrong: x.2=%q x.1=%q x=%q", firstLine(oldest), firstLine(older), firstLine(live))
	}
	if strings.Contains(string(oldest)+string(older)+string(live), "line 0000") {
		t.Errorf("the oldest lines were kept; rotation should have dropped them")
	}
}

func TestWriteAfterCloseFails(t *testing.T) {
	w, err := openRotating(filepath.Join(t.TempDir(), "x.log"), 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if _, err := w.Write([]byte("late\n")); err == nil {
		t.Fatal("write after Close succeeded")
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}
