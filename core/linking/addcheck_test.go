package linking_test

import (
	"context"
	"testing"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/store"
)

func TestLikelyDuplicatesBeforeAddOrRename(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	x := r.inXPM(t, model.Client{Name: "Dubois Superannuation Fund"})
	here := r.local(t, model.Client{Name: "dubois superannuation fund."})
	other := r.local(t, model.Client{Name: "Harbour Cafe", Email: "hi@harbour.nz"})

	got, err := r.svc.LikelyDuplicates(ctx, store.LocalClient{Client: model.Client{Name: "DUBOIS  Superannuation Fund!"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.XPM) != 1 || got.XPM[0].Client.UUID != x.UUID || len(got.Local) != 1 || got.Local[0].ID != here {
		t.Fatalf("new client: %+v; want the XPM client and the local one", got)
	}
	// Renaming a client does not find itself, and another client's email counts too.
	lc, _ := r.st.Client(ctx, other)
	lc.Client.Name = "Harbour Cafe Ltd"
	got, err = r.svc.LikelyDuplicates(ctx, lc)
	if err != nil || got.Any() {
		t.Fatalf("rename to an unused name: %+v, %v", got, err)
	}
	got, err = r.svc.LikelyDuplicates(ctx, store.LocalClient{Client: model.Client{Name: "Something Else", Email: "HI@harbour.nz"}})
	if err != nil || len(got.Local) != 1 || got.Local[0].Reason != "same email" {
		t.Fatalf("same email: %+v, %v", got, err)
	}
	// Without XPM the mirror is still checked.
	off := linking.New(r.st, func() linking.API { return nil }, r.eng)
	got, err = off.LikelyDuplicates(ctx, store.LocalClient{Client: model.Client{Name: "DUBOIS Superannuation Fund"}})
	if err != nil || !got.Offline || len(got.XPM) != 1 {
		t.Fatalf("offline: %+v, %v", got, err)
	}
}
