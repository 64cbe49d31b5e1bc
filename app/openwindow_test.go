package app

import (
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/screens"
)

// openWindow builds the tabs on another goroutine while the main one creates the window. So the
// building must leave the window alone (the race detector watches the two goroutines), and the
// window gets everything — tabs, status bar, menu, size — once they are attached.
func TestTabsBuiltBesideTheWindowArriveWhole(t *testing.T) {
	a := test.NewTempApp(t)
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoClients: 20, UIRunner: screens.Blocking})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	w := openWindow(a, svc)
	win := w.Win
	if win.Content() != w.content || w.Tabs.Selected().Text != "Connection" || len(w.Tabs.Items) != int(tabCount) {
		t.Fatalf("the window shows %T, tab %q of %d", win.Content(), w.Tabs.Selected().Text, len(w.Tabs.Items))
	}
	if win.MainMenu() == nil || len(win.MainMenu().Items) != 3 {
		t.Fatal("no File, View and Help menus")
	}
	if got := win.Canvas().Size(); got.Width < 1200 || got.Height < 800 {
		t.Fatalf("window %v, want the default 1200×800", got)
	}
	// A hidden tab's content stays out of the window (unmeasured, unrendered) until first shown.
	if w.Tabs.Items[tabClients].Content == w.Clients.Content() || w.Tabs.Items[tabProgress].Content == w.Progress.Content() {
		t.Fatal("a hidden tab's content was in the window before the tab was shown")
	}
	// The Clients tab still reads its list only when first shown.
	if w.clientsShown {
		t.Fatal("the Clients tab read its list before it was shown")
	}
	w.showTab(tabClients)
	if !w.clientsShown {
		t.Fatal("showing the Clients tab did not load it")
	}
	if w.Tabs.Selected().Content != w.Clients.Content() || !w.Clients.Content().Visible() || w.Clients.Content().Size().Width < 900 {
		t.Fatalf("the Clients tab shows %T sized %v, not its list", w.Tabs.Selected().Content, w.Clients.Content().Size())
	}
	// Back to a tab already shown, and on to another: each shows its own content.
	w.showTab(tabConnection)
	w.showTab(tabProgress)
	if w.Tabs.Selected().Content != w.Progress.Content() || w.Tabs.Items[tabConnection].Content != w.Connection.Content() {
		t.Fatal("the tabs do not show their own contents after switching")
	}
}
