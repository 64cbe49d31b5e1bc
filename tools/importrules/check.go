package main

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
)

// module is the import path of this repository's module.
const module = "xpmsync"

// rule says which imports the Go files under one folder (relative to the module root,
// subfolders included) may not have. An import is forbidden when it is one of Forbid or
// inside one of them; with OnlyApp set, every import of this module outside OnlyApp is too.
type rule struct {
	Dir     string
	Forbid  []string
	OnlyApp []string // nil = no such limit
	Why     string
}

// rules are the layers of the README's architecture note that a wrong import would break.
var rules = []rule{
	{Dir: "screens", Forbid: []string{"xpmsync/core/store", "xpmsync/core/syncer", "xpmsync/app"},
		Why: "screens reach the engine and the database only through interfaces they declare (core/view for the types); app/ wires the concrete ones"},
	{Dir: "core/view", OnlyApp: []string{"xpmsync/core/model"},
		Why: "core/view is what screens see of the engine, so it may depend on core/model alone"},
	{Dir: "core/model", OnlyApp: []string{},
		Why: "core/model is the bottom layer"},
	{Dir: "core/words", OnlyApp: []string{},
		Why: "core/words is shared wording every layer may use, so it is handed plain values and imports nothing of the app"},
	{Dir: "core/problem", OnlyApp: []string{"xpmsync/core/problem", "xpmsync/core/problem/problemtest", "xpmsync/core/auth", "xpmsync/core/store", "xpmsync/core/xpm", "xpmsync/core/model", "xpmsync/core/view"},
		Why: "core/problem words the failures of the layers below it; the engine, the services and the screens all use it, so it must not import them"},
	{Dir: "core", Forbid: []string{"fyne.io/fyne/v2", "xpmsync/app", "xpmsync/screens"},
		Why: "the engine builds and runs without a display"},
}

// finding is one import that breaks a rule.
type finding struct {
	File, Import, Why string
}

func (f finding) String() string {
	return fmt.Sprintf("%s imports %s: %s", f.File, f.Import, f.Why)
}

// check reads the imports of every Go file under root and returns those that break a rule.
func check(root string, rules []rule) ([]finding, error) {
	var found []finding
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		more, err := checkFile(path, filepath.ToSlash(rel), rules)
		found = append(found, more...)
		return err
	})
	return found, err
}

// checkFile applies to one file every rule whose folder holds it.
func checkFile(path, rel string, rules []rule) ([]finding, error) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		return nil, fmt.Errorf("read the imports of %s: %w", rel, err)
	}
	var found []finding
	for _, r := range rules {
		if !within(rel, r.Dir) {
			continue
		}
		for _, spec := range f.Imports {
			imp, err := strconv.Unquote(spec.Path.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: import %s: %w", rel, spec.Path.Value, err)
			}
			if r.forbids(imp) {
				found = append(found, finding{File: rel, Import: imp, Why: r.Why})
			}
		}
	}
	return found, nil
}

// forbids reports whether the rule keeps imp out of its folder.
func (r rule) forbids(imp string) bool {
	for _, f := range r.Forbid {
		if within(imp, f) {
			return true
		}
	}
	if r.OnlyApp == nil || !within(imp, module) {
		return false
	}
	for _, ok := range r.OnlyApp {
		if imp == ok {
			return false
		}
	}
	return true
}

// within reports whether the slash-separated path p is dir or lies under it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/")
}
