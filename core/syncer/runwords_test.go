package syncer_test

import (
	"context"
	"log/slog"
	"regexp"
	"testing"

	"xpmsync/core/syncer"
	"xpmsync/core/xpmfake"
)

// The history words a run by what happened: a first import by its counts and only the
// changes it made, a delta that found nothing new in plain words, never "0 created, 0 …".
func TestRunMessagesSayOnlyWhatHappened(t *testing.T) {
	ctx := context.Background()
	_, api := startFake(t, xpmfake.Config{Clients: 30, Seed: 3, PMModule: true, DisableRateLimits: true})
	st := openStore(t, syncer.Policy{Direction: syncer.FromXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"})
	eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true})
	last := func() string {
		t.Helper()
		r, err := st.LastRun(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return r.Message
	}
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	if msg := last(); !regexp.MustCompile(`^30 clients and [1-9]\d* contacts checked; [1-9]\d* created(, [1-9]\d* [a-zA-Z ()]+)*\.$`).MatchString(msg) {
		t.Errorf("first import worded %q", msg)
	}
	if _, err := eng.Sync(ctx, syncer.Delta, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	if msg := last(); msg != "No client had changed in XPM since the last sync." {
		t.Errorf("a delta with nothing new worded %q", msg)
	}
}
