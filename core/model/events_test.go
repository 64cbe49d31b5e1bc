package model

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"testing"
)

// Every EventKind constant declared in events.go has a filter group other than Other and a
// plain name: a new kind cannot silently land in the Progress tab's "Other" filter.
func TestEveryEventKindHasAGroupAndAName(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "events.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "EventKind" {
				continue
			}
			lit := vs.Values[0].(*ast.BasicLit)
			k := EventKind(lit.Value[1 : len(lit.Value)-1])
			declared++
			if !k.Declared() {
				t.Errorf("%s (%s) has no group and name in eventKinds", vs.Names[0].Name, k)
				continue
			}
			if g := k.Group(); g == GroupOther || !slices.Contains(EventGroups, g) {
				t.Errorf("%s is in group %q, not one of the filter's named groups", k, g)
			}
			if k.Label() == "" || k.Label() == string(k) {
				t.Errorf("%s has no plain name", k)
			}
		}
	}
	if declared != len(eventKinds) || declared < 30 {
		t.Errorf("%d kinds declared as constants, %d described", declared, len(eventKinds))
	}
}

func TestUndeclaredKindsReadAsWords(t *testing.T) {
	if got := EventKind("health_checked").Label(); got != "Health checked" {
		t.Errorf("label %q", got)
	}
	if EventKind("health_checked").Group() != GroupOther {
		t.Error("an undeclared kind belongs in Other")
	}
}
