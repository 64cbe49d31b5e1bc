package linking_test

import (
	"context"
	"strings"
	"testing"

	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/syncer"
)

func TestEachSaveSaysWhatBecomesOfIt(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	x := r.inXPM(t, model.Client{Name: "Kowhai Orchards Ltd", Phone: "06 555 0101"})
	id := r.local(t, model.Client{Name: "Kowhai Orchards Ltd", Phone: "06 555 0101"})
	if err := r.svc.Link(ctx, id, x.UUID); err != nil {
		t.Fatal(err)
	}
	setPolicy := func(d syncer.Direction, l syncer.Level) {
		t.Helper()
		if err := syncer.SavePolicy(ctx, r.st, syncer.Policy{Direction: d, Level: l, DefaultCountryCode: "61"}); err != nil {
			t.Fatal(err)
		}
	}
	save := func(svc *linking.Service, phone string) string {
		t.Helper()
		lc, err := r.st.Client(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		lc.Client.Phone = phone
		line, err := svc.SaveSaying(ctx, &lc)
		if err != nil {
			t.Fatal(err)
		}
		r.eng.Wait()
		return line
	}
	setPolicy(syncer.ToXPM, syncer.Everything)
	if got := save(r.svc, "06 555 0102"); got != "Sent to XPM." {
		t.Errorf("To XPM, online: %q", got)
	}
	off := linking.New(r.st, func() linking.API { return nil }, r.eng)
	if got := save(off, "06 555 0103"); !strings.HasPrefix(got, "Waiting to send — offline") {
		t.Errorf("To XPM, offline: %q", got)
	}
	setPolicy(syncer.ToXPM, syncer.NameOnly)
	if got := save(r.svc, "06 555 0104"); got != "Kept here only — Sync level is Client name only." {
		t.Errorf("name only: %q", got)
	}
	setPolicy(syncer.FromXPM, syncer.Everything)
	if got := save(r.svc, "06 555 0105"); !strings.HasPrefix(got, "Kept here only — Sync direction is From XPM") {
		t.Errorf("from XPM: %q", got)
	}
	if got := save(r.svc, "06 555 0105"); got != "Nothing changed." {
		t.Errorf("no change: %q", got)
	}
}
