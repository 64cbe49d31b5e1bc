package linking_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// A blank client made here and linked to a full XPM client: nothing is preset to wipe XPM,
// and sending a blank over XPM's value needs a confirmation that names the fields.
func TestSyncNeverPushesEmptinessByDefault(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	if err := syncer.SavePolicy(ctx, r.st, syncer.Policy{Direction: syncer.ToXPM, Level: syncer.Everything, DefaultCountryCode: "61"}); err != nil {
		t.Fatal(err)
	}
	x := r.inXPM(t, model.Client{Name: "Full Ltd", Address: "1 Queen St", City: "Auckland", Phone: "09 123 4567", Fax: "09 765 4321"})
	id := r.local(t, model.Client{Name: "Full Ltd"})
	if err := r.svc.Link(ctx, id, x.UUID); err != nil {
		t.Fatal(err)
	}
	d, err := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	if err != nil || len(d.Diffs) < 4 {
		t.Fatalf("diffs %+v, %v", d.Diffs, err)
	}
	for _, df := range d.Diffs {
		if got := linking.PresetToXPM(df, d.PushByDefault); got {
			t.Errorf("%s is preset Here >> XPM though here is blank and XPM has %q", df.Field.Label, df.XPM)
		}
	}
	_, err = r.svc.ApplySync(ctx, id, []linking.Choice{{Key: "Phone", Dir: linking.ToXPM}, {Key: "City", Dir: linking.ToXPM}})
	var ce *linking.ClearError
	if !errors.As(err, &ce) || strings.Join(ce.Labels, ",") != "Phone,City" {
		t.Fatalf("err = %v, want a confirmation naming City and Phone", err)
	}
	if got, _ := r.fake.Client(x.UUID); got.Phone != "09 123 4567" || got.City != "Auckland" {
		t.Fatalf("XPM changed before the confirmation: %+v", got)
	}
	if _, err := r.svc.ApplySync(ctx, id, []linking.Choice{{Key: "Phone", Dir: linking.ToXPM, Clear: true}}); err != nil {
		t.Fatal(err)
	}
	got, _ := r.fake.Client(x.UUID)
	if got.Phone != "" || got.City != "Auckland" || got.Fax != "09 765 4321" {
		t.Fatalf("after the confirmed clear XPM has phone %q city %q fax %q; only the phone may be cleared", got.Phone, got.City, got.Fax)
	}
}

// A field XPM changed after the comparison is not overwritten; the new XPM value is shown.
func TestSyncAsksAgainWhenXPMChangedSince(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	x := r.inXPM(t, model.Client{Name: "Moving Co", Phone: "03 111 1111", Fax: "03 222 2222"})
	id := r.local(t, model.Client{Name: "Moving Co", Phone: "03 999 9999", Fax: "03 888 8888"})
	if err := r.svc.Link(ctx, id, x.UUID); err != nil {
		t.Fatal(err)
	}
	d, _ := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	var choices []linking.Choice
	for _, df := range d.Diffs {
		seen := df.XPM
		choices = append(choices, linking.Choice{Key: df.Field.Key, Dir: linking.ToXPM, Seen: &seen})
	}
	if err := r.fake.EditClient(x.UUID, func(c *model.Client) { c.Phone = "03 555 5555" }); err != nil {
		t.Fatal(err)
	}
	_, err := r.svc.ApplySync(ctx, id, choices)
	var cs *syncer.ChangedSinceError
	if !errors.As(err, &cs) || !strings.Contains(cs.Words, "03 555 5555") {
		t.Fatalf("err = %v, want XPM's new phone named", err)
	}
	got, _ := r.fake.Client(x.UUID)
	if got.Phone != "03 555 5555" || got.Fax != "03 888 8888" {
		t.Fatalf("XPM phone %q fax %q: the changed phone must stay, the fax go", got.Phone, got.Fax)
	}
	d, _ = r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	if len(d.Diffs) != 1 || d.Diffs[0].Field.Key != "Phone" || d.Diffs[0].XPM != "03 555 5555" {
		t.Fatalf("the dialog would now show %+v; want the phone with XPM's new value", d.Diffs)
	}
}
