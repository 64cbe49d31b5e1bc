package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `package p

func short(a, b bool) int {
	if a && b {
		return 1
	}
	for i := range 3 {
		switch i {
		case 1:
			return i
		default:
		}
	}
	return 0
}

func (s *T[K]) method() {}
`

func TestComplexityCountsLikeGocyclo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.go")
	if err := os.WriteFile(path, []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	// 1 + if + && + range + one non-default case = 5; 13 lines.
	found, err := checkFile(path, limits{lines: 12, complexity: 4})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || found[0].name != "short" || found[0].complexity != 5 || found[0].lines != 13 {
		t.Fatalf("found %v, want short with 13 lines, complexity 5", found)
	}
	if found, _ := checkFile(path, limits{lines: 13, complexity: 5}); len(found) != 0 {
		t.Fatalf("at the limits nothing is over, found %v", found)
	}
}

func TestTestsAndSkippedFoldersAreLeftOut(t *testing.T) {
	dir := t.TempDir()
	long := "package p\n\nfunc long() {\n" + strings.Repeat("\t_ = 1\n", 70) + "}\n"
	for _, name := range []string{"a_test.go", "core/xpmfake/f.go", "testdata/t.go", "core/x/x.go"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(long), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	found, err := scanTree(dir, []string{"core/xpmfake"}, limits{lines: 60, complexity: 15})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 1 || !strings.HasSuffix(filepath.ToSlash(found[0].pos.Filename), "core/x/x.go") {
		t.Fatalf("found %v, want only core/x/x.go", found)
	}
	if found[0].name != "long" || found[0].lines != 72 {
		t.Fatalf("found %v", found[0])
	}
}
