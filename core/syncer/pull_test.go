package syncer

import (
	"errors"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/xpm"
)

func seedThree(r *rig) {
	r.api.put(sampleClient("Acme Pty Ltd", person("Jane Citizen", "jane@acme.com.au", "0411 111 111")))
	r.api.put(sampleClient("Brown Family Trust", person("Bob Brown", "bob@brown.id.au", "")))
	r.api.put(sampleClient("Chen & Co", person("Li Chen", "li@chen.co", "+64 21 555 1234"), person("Mei Chen", "mei@chen.co", "")))
}

// Seed 000: XPM clients are listed to pick, not created locally, unless import-all is on.
func TestPullKeepsXPMClientsPickableWithoutCreatingThem(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	seedThree(r)
	res := r.sync(Full)
	if res.Clients != 3 || res.Contacts != 4 || res.Created != 0 {
		t.Fatalf("result = %+v", res)
	}
	if n, _ := r.st.XPMClientCount(r.ctx); n != 3 {
		t.Fatalf("mirror holds %d clients, want 3", n)
	}
	if n, _ := r.st.ClientCount(r.ctx); n != 0 {
		t.Fatalf("%d local clients created without the user picking them", n)
	}
	if len(r.events("sync_started")) != 1 || len(r.events("sync_finished")) != 1 {
		t.Fatalf("events = %+v", r.evs)
	}
	run, err := r.st.LastRun(r.ctx)
	if err != nil || run.Status != "ok" || run.Clients != 3 || run.Kind != "full" {
		t.Fatalf("last run = %+v, %v", run, err)
	}
}

func TestImportAllCreatesLinkedLocalClientsWithCleanContacts(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	seedThree(r)
	res := r.sync(Full)
	if res.Created != 3 {
		t.Fatalf("created %d, want 3", res.Created)
	}
	acme := r.local("c-0001")
	if acme.LinkHow != "import" || acme.Client.Name != "Acme Pty Ltd" || acme.Client.Website != "https://acmeptyltd.com.au" {
		t.Fatalf("acme = %+v", acme)
	}
	if len(acme.Client.Contacts) != 1 || acme.Client.Contacts[0].Mobile != "+61411111111" {
		t.Fatalf("acme contacts = %+v (local mobile should take +61)", acme.Client.Contacts)
	}
	chen := r.local("c-0005")
	if len(chen.Client.Contacts) != 2 || chen.Client.Contacts[0].Mobile != "+64215551234" && chen.Client.Contacts[1].Mobile != "+64215551234" {
		t.Fatalf("chen contacts = %+v (international number must keep its own code)", chen.Client.Contacts)
	}
	if len(r.events("client_created")) != 3 {
		t.Fatalf("client_created events = %d", len(r.events("client_created")))
	}
}

func TestSecondIdenticalSyncChangesNothing(t *testing.T) {
	for _, kind := range []Kind{Full, Delta} {
		t.Run(kind.String(), func(t *testing.T) {
			r := newRig(t, Policy{ImportAll: true})
			seedThree(r)
			r.sync(Full)
			before, _ := r.st.HistoryOfRun(r.ctx, 0)
			evs := len(r.evs)
			res := r.sync(kind)
			if res.Created != 0 || res.Updated != 0 || res.Pushed != 0 || res.Conflicts != 0 || res.Flagged != 0 {
				t.Fatalf("second sync changed something: %+v", res)
			}
			after, _ := r.st.HistoryOfRun(r.ctx, res.RunID)
			if len(after) != 0 || len(before) != 0 {
				t.Fatalf("history rows written: %+v", after)
			}
			// Only the run's own start and finish are new.
			if got := len(r.evs) - evs; got != 2 {
				t.Fatalf("%d new events, want 2 (started, finished): %+v", got, r.evs[evs:])
			}
		})
	}
}

func TestDeltaAsksForChangesSinceLastStartWithOverlap(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	seedThree(r)
	r.clk.Advance(time.Hour)
	first := r.clk.Now().Add(time.Minute) // r.sync advances a minute before starting
	r.sync(Full)
	r.clk.Advance(time.Hour)
	r.api.edit("c-0003", func(c *model.Client) { c.Name = "Brown Family Trust No. 2" })
	res := r.sync(Delta)
	if want := first.Add(-5 * time.Minute); !r.api.lastList.ModifiedSince.Equal(want) || !r.api.lastList.Detailed {
		t.Fatalf("delta asked since %v (detailed %v), want %v", r.api.lastList.ModifiedSince, r.api.lastList.Detailed, want)
	}
	if res.Clients != 1 || res.Updated != 1 || res.Kind != Delta {
		t.Fatalf("delta result = %+v", res)
	}
	if got := r.local("c-0003").Client.Name; got != "Brown Family Trust No. 2" {
		t.Fatalf("name = %q", got)
	}
}

func TestDeltaWithNoChangeMakesTwoCalls(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	seedThree(r)
	r.clk.Advance(time.Hour)
	r.sync(Full)
	r.clk.Advance(time.Hour)
	res := r.sync(Delta)
	if res.APICalls != 2 || res.Clients != 0 {
		t.Fatalf("delta with no change: %+v, want 2 calls (clients + staff)", res)
	}
}

// A list that breaks off keeps the batches already committed but does not move the cursor,
// so the next delta asks again from the same point.
func TestBrokenListKeepsCommittedBatchesAndCursor(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	r.eng.opts.BatchSize = 2
	for i := 0; i < 5; i++ {
		r.api.put(sampleClient("Client " + string(rune('A'+i))))
	}
	r.api.failListAfter = 3
	_, err := r.eng.Sync(r.ctx, Full, TriggerSchedule, nil)
	if !errors.Is(err, xpm.ErrTruncated) {
		t.Fatalf("err = %v, want the truncation", err)
	}
	if n, _ := r.st.ClientCount(r.ctx); n != 2 {
		t.Fatalf("%d local clients after a break after 3 (batch of 2), want the first committed batch of 2", n)
	}
	if c, _ := r.st.State(r.ctx, r.st.DB(), cursorKey); c != "" {
		t.Fatalf("cursor moved to %q on a failed list", c)
	}
	run, _ := r.st.LastRun(r.ctx)
	if run.Status != "failed" || len(r.events("sync_failed")) != 1 {
		t.Fatalf("run = %+v", run)
	}
	res := r.sync(Delta) // no cursor: runs as a full list
	if res.Kind != Full || res.Created != 3 {
		t.Fatalf("retry = %+v", res)
	}
	if n, _ := r.st.ClientCount(r.ctx); n != 5 {
		t.Fatalf("%d local clients, want 5", n)
	}
}

func TestManualResyncIsThrottledPerButton(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	seedThree(r)
	if _, err := r.eng.Sync(r.ctx, Delta, TriggerManual, nil); err != nil {
		t.Fatal(err)
	}
	at := r.eng.ManualResyncAvailableAt(Delta)
	if want := r.clk.Now().Add(5 * time.Minute); !at.Equal(want) {
		t.Fatalf("available at %v, want %v", at, want)
	}
	r.clk.Advance(4 * time.Minute)
	if _, err := r.eng.Sync(r.ctx, Delta, TriggerManual, nil); !errors.Is(err, ErrThrottled) {
		t.Fatalf("second press after 4 min: %v, want throttled", err)
	}
	if _, err := r.eng.Sync(r.ctx, Full, TriggerManual, nil); err != nil {
		t.Fatalf("the other button is separate: %v", err)
	}
	if _, err := r.eng.Sync(r.ctx, Delta, TriggerSchedule, nil); err != nil {
		t.Fatalf("the schedule is not throttled: %v", err)
	}
	r.clk.Advance(time.Minute)
	if _, err := r.eng.Sync(r.ctx, Delta, TriggerManual, nil); err != nil {
		t.Fatalf("after 5 min: %v", err)
	}
}

// Switching import-all on brings in the XPM clients already listed, at the next sync, even a
// delta that fetches none of them.
func TestImportAllSwitchedOnLaterImportsTheListedClients(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	seedThree(r)
	r.api.put(model.Client{Name: "Old Archived Ltd", IsArchived: true})
	r.clk.Advance(time.Hour)
	r.sync(Full)
	if n, _ := r.st.ClientCount(r.ctx); n != 0 {
		t.Fatalf("%d clients before import-all", n)
	}
	if err := SavePolicy(r.ctx, r.st, Policy{ImportAll: true, DefaultCountryCode: "61"}); err != nil {
		t.Fatal(err)
	}
	r.clk.Advance(time.Hour)
	res := r.sync(Delta)
	if res.Clients != 0 || res.Created != 3 {
		t.Fatalf("delta after switching import-all on: %+v", res)
	}
	if n, _ := r.st.ClientCount(r.ctx); n != 3 {
		t.Fatalf("%d local clients, want the 3 live ones (not the archived one)", n)
	}
}

// One client that cannot be saved is reported and skipped; the rest of its batch is kept, and
// the next sync tries it again.
func TestOneUnsavableClientDoesNotSinkTheBatch(t *testing.T) {
	r := newRig(t, Policy{ImportAll: true})
	seedThree(r)
	r.api.put(model.Client{Name: "Poison Ltd"})
	r.poison("Poison Ltd")
	res := r.sync(Full)
	if res.Created != 3 {
		t.Fatalf("created %d, want the 3 others", res.Created)
	}
	if ev := r.events("client_failed"); len(ev) != 1 || ev[0].ClientName != "Poison Ltd" || ev[0].Result != "failed" {
		t.Fatalf("client_failed events = %+v", ev)
	}
	if c, _ := r.st.State(r.ctx, r.st.DB(), cursorKey); c != "" {
		t.Fatalf("the cursor moved past a client that was not saved: %q", c)
	}
	drop := `DROP TRIGGER poison`
	if r.st.Postgres() {
		drop += ` ON clients`
	}
	if _, err := r.st.DB().Exec(drop); err != nil {
		t.Fatal(err)
	}
	if res := r.sync(Full); res.Created != 1 {
		t.Fatalf("retry created %d", res.Created)
	}
}

func TestPolicyRoundTripAndValidation(t *testing.T) {
	r := newRig(t, DefaultPolicy())
	want := Policy{Direction: ToXPM, Level: NameOnly, ImportAll: true, DefaultCountryCode: "64"}
	if err := r.eng.SavePolicy(r.ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := r.eng.Policy(r.ctx)
	if err != nil || got != want {
		t.Fatalf("policy = %+v, %v; want %+v", got, err, want)
	}
	if len(r.events("settings_changed")) != 1 {
		t.Fatalf("settings change not recorded")
	}
	for _, bad := range []string{"", "NZ", "+6 4", "12345"} {
		if err := SavePolicy(r.ctx, r.st, Policy{DefaultCountryCode: bad}); err == nil {
			t.Errorf("country code %q accepted", bad)
		}
	}
	if got, _ := LoadPolicy(r.ctx, r.st); got != want {
		t.Fatalf("a refused save changed the policy: %+v", got)
	}
}
