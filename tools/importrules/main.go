// Command importrules is the layering gate of `make lint`: it reads the imports of every Go
// file, tests included, and fails when one crosses a line the README's "Which package may
// import which" draws — above all, that screens/ never imports the engine (core/syncer) or
// the database (core/store), and that core/view, which the screens use instead, imports
// nothing of the app but core/model.
//
// Usage: go run ./tools/importrules [dir]   (dir is the module root, "." by default)
package main

import (
	"fmt"
	"os"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	found, err := check(root, rules)
	if err != nil {
		fmt.Fprintln(os.Stderr, "importrules:", err)
		os.Exit(2)
	}
	for _, f := range found {
		fmt.Println(f)
	}
	if len(found) > 0 {
		fmt.Fprintf(os.Stderr, "importrules: %d imports cross the layers (see README, \"Which package may import which\")\n", len(found))
		os.Exit(1)
	}
}
