// Command funclimits is the code-size gate of `make test`: every function outside
// tests and the fake XPM stays within a length and a cyclomatic-complexity limit,
// so each one reads as a short list of named steps.
//
// Usage: go run ./tools/funclimits [-lines 60] [-complexity 15] [-skip core/xpmfake] [dir...]
//
// Complexity is counted as gocyclo counts it: one, plus one for each if, for,
// range, non-default case, select case, && and ||. Function literals count toward
// the function they sit in. Length runs from the func keyword to the closing brace.
package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	maxLines := flag.Int("lines", 60, "longest function allowed, in lines")
	maxComplexity := flag.Int("complexity", 15, "highest cyclomatic complexity allowed")
	skip := flag.String("skip", "core/xpmfake", "comma-separated folders left out (besides *_test.go)")
	flag.Parse()
	roots := flag.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	limits := limits{lines: *maxLines, complexity: *maxComplexity}
	var found []finding
	for _, root := range roots {
		more, err := scanTree(root, strings.Split(*skip, ","), limits)
		if err != nil {
			fmt.Fprintln(os.Stderr, "funclimits:", err)
			os.Exit(2)
		}
		found = append(found, more...)
	}
	for _, f := range found {
		fmt.Println(f)
	}
	if len(found) > 0 {
		fmt.Fprintf(os.Stderr, "funclimits: %d functions over %d lines or complexity %d: split them into named steps\n",
			len(found), limits.lines, limits.complexity)
		os.Exit(1)
	}
}

// scanTree checks every non-test Go file under root, leaving out the skipped folders.
func scanTree(root string, skip []string, lim limits) ([]finding, error) {
	var found []finding
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && leftOut(path, skip) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		more, err := checkFile(path, lim)
		found = append(found, more...)
		return err
	})
	return found, err
}

// leftOut reports folders never checked: the skipped ones, hidden ones and testdata.
func leftOut(path string, skip []string) bool {
	base := filepath.Base(path)
	if strings.HasPrefix(base, ".") || base == "testdata" || base == "vendor" {
		return true
	}
	slashed := filepath.ToSlash(filepath.Clean(path))
	for _, s := range skip {
		if s != "" && (slashed == s || strings.HasSuffix(slashed, "/"+s)) {
			return true
		}
	}
	return false
}
