package linking_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"xpmsync/core/linking"
	"xpmsync/core/model"
)

// A full sync that lists the client while a Refresh of it is between reading and writing the
// sync run must not be undone: the client would otherwise be flagged as gone from XPM at the
// end of that sync.
func TestRefreshInterleavedWithAFullSyncKeepsTheNewerRun(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	x := r.inXPM(t, model.Client{Name: "Interleaved Ltd"}) // listed by run 1
	id := r.local(t, model.Client{Name: "Interleaved Ltd"})
	if err := r.svc.Link(ctx, id, x.UUID); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	linking.SetMirrorHook(func() {
		linking.SetMirrorHook(nil)
		wg.Add(1)
		go func() { // the full sync, run 2, writes its batch now
			defer wg.Done()
			if _, err := r.st.UpsertXPMClients(ctx, 2, []model.Client{x}); err != nil {
				t.Error(err)
			}
		}()
		time.Sleep(100 * time.Millisecond) // give the sync every chance to write first
	})
	t.Cleanup(func() { linking.SetMirrorHook(nil) })
	if err := r.svc.Refresh(ctx, id); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	gone, err := r.st.MarkGoneExcept(ctx, 2, 0) // run 2 ends: what it did not list is gone
	if err != nil {
		t.Fatal(err)
	}
	if len(gone) != 0 {
		t.Fatalf("the refreshed client was flagged gone after a full sync that listed it: %v", gone)
	}
	got, _ := r.st.XPMClientByUUID(ctx, x.UUID)
	if got.SeenRun != 2 || got.Gone {
		t.Fatalf("seen run %d gone %v, want run 2", got.SeenRun, got.Gone)
	}
}
