package app

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"xpmsync/core/syncer"
	"xpmsync/screens"
)

// The window opens without reading the clients; the Clients tab reads them when it is first
// shown, all of them.
func TestClientsTabReadsItsListWhenFirstShown(t *testing.T) {
	screens.Inline = true
	defer func() { screens.Inline = false }()
	a := test.NewTempApp(t)
	ctx := context.Background()
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoClients: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Engine.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	w := NewWindow(a, svc)
	w.reloadClients() // what a sync's end does before the tab was ever shown
	if n := len(w.Clients.Keys()); n != 0 {
		t.Fatalf("the Clients tab read %d clients before it was shown", n)
	}
	w.showTab(tabClients)
	want, err := svc.Store.ClientList(ctx, w.Clients.Query())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(w.Clients.Keys()); n == 0 || n != len(want.Keys) {
		t.Fatalf("the Clients tab shows %d clients once opened, the database lists %d", n, len(want.Keys))
	}
}
