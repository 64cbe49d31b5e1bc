package app

import (
	"context"
	"errors"
	"testing"

	"xpmsync/core/auth"
	"xpmsync/core/model"
	"xpmsync/core/syncer"
)

// TestImporterUsesTheCurrentConnection checks the importer sees "not connected" (not a nil
// client it would call) before sign-in, and imports through the demo practice after it.
func TestImporterUsesTheCurrentConnection(t *testing.T) {
	ctx := context.Background()
	svc, err := StartServices(Options{DataDir: t.TempDir(), Demo: true, DemoClients: 40})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	im := svc.Importer()
	if svc.Importer() != im {
		t.Fatal("each call made a new importer")
	}
	if _, err := im.Run(ctx, []int64{1}, nil); !errors.Is(err, auth.ErrNotConnected) {
		t.Fatalf("import before connecting: %v, want ErrNotConnected", err)
	}
	if err := svc.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Engine.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	var co model.Client
	for _, c := range svc.demo.Clients() {
		if len(c.Relationships) > 0 && !c.IsArchived && !c.IsDeleted {
			co = c
			break
		}
	}
	id, err := svc.Engine.ImportClient(ctx, co.UUID)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := im.Run(ctx, []int64{id}, nil)
	if err != nil || len(sum.Failed()) != 0 || sum.Pending() < len(co.Relationships) {
		t.Fatalf("import through the demo practice: %+v, %v", sum, err)
	}
	if n, _ := im.PendingCount(ctx); n != sum.Pending() {
		t.Fatalf("PendingCount %d, summary says %d", n, sum.Pending())
	}
}
