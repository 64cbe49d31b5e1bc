package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
)

type limits struct{ lines, complexity int }

// finding is one function over a limit.
type finding struct {
	pos               token.Position
	name              string
	lines, complexity int
}

func (f finding) String() string {
	return fmt.Sprintf("%s: %s: %d lines, complexity %d", f.pos, f.name, f.lines, f.complexity)
}

// checkFile measures every function declared in one file.
func checkFile(path string, lim limits) ([]finding, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", path, err)
	}
	var found []finding
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		start, end := fset.Position(fn.Pos()), fset.Position(fn.End())
		f := finding{pos: start, name: funcName(fn), lines: end.Line - start.Line + 1, complexity: complexity(fn)}
		if f.lines > lim.lines || f.complexity > lim.complexity {
			found = append(found, f)
		}
	}
	return found, nil
}

// funcName is "Name" or "(Recv).Name".
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	switch r := t.(type) {
	case *ast.IndexExpr:
		t = r.X
	case *ast.IndexListExpr:
		t = r.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return "(" + id.Name + ")." + fn.Name.Name
	}
	return fn.Name.Name
}

// complexity is gocyclo's count: one plus each branch point in the body.
func complexity(fn ast.Node) int {
	n := 1
	ast.Inspect(fn, func(node ast.Node) bool {
		switch x := node.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			n++
		case *ast.CaseClause:
			if x.List != nil {
				n++
			}
		case *ast.CommClause:
			if x.Comm != nil {
				n++
			}
		case *ast.BinaryExpr:
			if x.Op == token.LAND || x.Op == token.LOR {
				n++
			}
		}
		return true
	})
	return n
}
