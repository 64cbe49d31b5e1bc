package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// writeTree makes a module tree under a temporary folder: path → Go source.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for path, src := range files {
		full := filepath.Join(root, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

func TestCheckFindsImportsThatCrossTheLayers(t *testing.T) {
	root := writeTree(t, map[string]string{
		// Allowed: the screens' own vocabulary and the services' result types.
		"screens/ok.go": "package screens\nimport (\n\"context\"\n\"xpmsync/core/view\"\n\"xpmsync/core/linking\"\n)\n",
		// A production file naming the store, and a test naming the engine: both caught.
		"screens/clients.go":      "package screens\nimport \"xpmsync/core/store\"\n",
		"screens/clients_test.go": "package screens\nimport s \"xpmsync/core/syncer\"\n",
		// A subpackage of the store is the store too.
		"screens/sub/x_test.go": "package sub\nimport \"xpmsync/core/store/storetest\"\n",
		// core/view: the standard library and core/model only.
		"core/view/ok.go":  "package view\nimport (\n\"time\"\n\"xpmsync/core/model\"\n)\n",
		"core/view/bad.go": "package view\nimport \"xpmsync/core/xpm\"\n",
		// Fyne stays out of core.
		"core/health/ui.go": "package health\nimport \"fyne.io/fyne/v2/widget\"\n",
		// app/ may import anything.
		"app/wire.go": "package app\nimport (\n\"xpmsync/core/store\"\n\"xpmsync/screens\"\n)\n",
	})
	found, err := check(root, rules)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range found {
		got = append(got, f.File+" → "+f.Import)
	}
	slices.Sort(got)
	want := []string{
		"core/health/ui.go → fyne.io/fyne/v2/widget",
		"core/view/bad.go → xpmsync/core/xpm",
		"screens/clients.go → xpmsync/core/store",
		"screens/clients_test.go → xpmsync/core/syncer",
		"screens/sub/x_test.go → xpmsync/core/store/storetest",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("found\n%q\nwant\n%q", got, want)
	}
}

func TestCheckSaysWhenAFileCannotBeRead(t *testing.T) {
	root := writeTree(t, map[string]string{"screens/broken.go": "package screens\nimport (\n"})
	if _, err := check(root, rules); err == nil {
		t.Fatal("a file whose imports cannot be read passed the check")
	}
}

// The repository itself keeps its layers: this is the same check `make lint` runs.
func TestRepositoryKeepsItsLayers(t *testing.T) {
	found, err := check(filepath.Join("..", ".."), rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Error(f)
	}
}
