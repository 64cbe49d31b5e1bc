package syncer_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
)

func openStore(tb testing.TB, p syncer.Policy) *store.Store {
	tb.Helper()
	st := storetest.Open(tb)
	if err := syncer.SavePolicy(context.Background(), st, p); err != nil {
		tb.Fatal(err)
	}
	return st
}

// snapshot is everything a sync decides, without times or row IDs: local clients with their
// contacts, the XPM mirror, and the sync summary.
func snapshot(t *testing.T, st *store.Store) string {
	t.Helper()
	var lines []string
	q := func(query string) {
		rows, err := st.DB().Query(query)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				parts = append(parts, v.String)
			}
			lines = append(lines, strings.Join(parts, "|"))
		}
	}
	q(`SELECT 'client', xpm_uuid, name, email, data, review, link_how FROM clients`)
	q(`SELECT 'contact', cl.xpm_uuid, k.xpm_uuid, k.name, k.email, k.mobile, k.phone, cc.position, cc.is_primary
		FROM client_contacts cc JOIN clients cl ON cl.id = cc.client_id JOIN contacts k ON k.id = cc.contact_id`)
	q(`SELECT 'mirror', uuid, data, is_archived, is_deleted, gone FROM xpm_clients`)
	q(`SELECT 'staff', uuid, data, gone FROM xpm_staff`)
	q(`SELECT 'issue', record, client_uuid, xpm_uuid, name, field, value, reason FROM sync_issues`)
	q(`SELECT 'baseline', c.xpm_uuid, b.data FROM client_baselines b JOIN clients c ON c.id = b.client_id`)
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// With the fake answering 5xx, 429, truncated and malformed XML, syncs fail or retry but never
// leave half-applied or wrong data: once the faults stop, the store holds exactly what a clean
// run produced.
func TestFaultsEndWithExactlyTheDataOfACleanRun(t *testing.T) {
	ctx := context.Background()
	fake, api := startFake(t, xpmfake.Config{Clients: 250, Seed: 42, PMModule: true, DisableRateLimits: true})
	pol := syncer.Policy{Direction: syncer.FromXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"}
	quiet := syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true}

	clean := openStore(t, pol)
	if _, err := syncer.New(clean, api, quiet).Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatalf("clean run: %v", err)
	}
	want := snapshot(t, clean)
	if n, _ := clean.ClientCount(ctx); n < 200 {
		t.Fatalf("clean run imported only %d clients", n)
	}

	st := openStore(t, pol)
	small := quiet
	small.BatchSize = 40 // a list that breaks off mid-way has committed some batches
	eng := syncer.New(st, api, small)
	faults := []struct {
		name string
		f    xpmfake.Faults
	}{
		{"truncated", xpmfake.Faults{TruncateXML: true}},
		{"malformed", xpmfake.Faults{MalformedXML: true}},
		{"5xx and 429", xpmfake.Faults{Rate5xx: 0.4, Burst429: 3, RetryAfter: 1}},
	}
	failures := 0
	for _, fc := range faults {
		fake.SetFaults(fc.f)
		for _, kind := range []syncer.Kind{syncer.Full, syncer.Delta} {
			_, err := eng.Sync(ctx, kind, syncer.TriggerSchedule, nil)
			if err != nil {
				failures++
				if !errors.Is(err, xpm.ErrTruncated) && !errors.Is(err, xpm.ErrMalformed) && !errors.Is(err, xpm.ErrUnavailable) {
					var rl *xpm.RateLimitError
					if !errors.As(err, &rl) {
						t.Errorf("%s: unexpected error %v", fc.name, err)
					}
				}
			}
		}
	}
	if failures < 4 {
		t.Fatalf("only %d of 6 faulty syncs failed: the faults were not in effect", failures)
	}
	fake.SetFaults(xpmfake.Faults{})
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerSchedule, nil); err != nil {
		t.Fatalf("after the faults: %v", err)
	}
	if got := snapshot(t, st); got != want {
		t.Fatalf("data after faults differs from a clean run:\n%s", firstDiff(got, want))
	}
	// And a further sync is a no-op.
	res, err := eng.Sync(ctx, syncer.Delta, syncer.TriggerSchedule, nil)
	if err != nil || res.Updated != 0 || res.Created != 0 {
		t.Fatalf("follow-up delta: %+v, %v", res, err)
	}
	if got := snapshot(t, st); got != want {
		t.Fatalf("follow-up changed data:\n%s", firstDiff(got, want))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got  %.300s\n want %.300s", i, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d vs %d", len(al), len(bl))
}

// The life of linked clients through the real client and the fake: an edit, an archive, a
// delete and a merge in XPM; a local edit pushed To XPM; a client created here in XPM.
func TestLifecycleAgainstTheFake(t *testing.T) {
	ctx := context.Background()
	fake, api := startFake(t, xpmfake.Config{Clients: 40, Seed: 9, PMModule: true, DisableRateLimits: true})
	st := openStore(t, syncer.Policy{Direction: syncer.FromXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"})
	eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true})
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		t.Fatal(err)
	}
	var live []string
	imported := 0
	for _, c := range fake.Clients() {
		if !c.IsArchived && !c.IsDeleted {
			imported++
		}
		if !c.IsArchived && !c.IsDeleted && len(c.Contacts) > 0 {
			live = append(live, c.UUID)
		}
	}
	if len(live) < 4 {
		t.Fatalf("only %d live clients with contacts", len(live))
	}
	a, b, c, d := live[0], live[1], live[2], live[3]
	if err := fake.EditClient(a, func(x *model.Client) { x.Name += " (renamed)" }); err != nil {
		t.Fatal(err)
	}
	must(t, fake.ArchiveClient(b))
	must(t, fake.DeleteClient(c))
	must(t, fake.MergeClients(d, a))
	res, err := eng.Sync(ctx, syncer.Delta, syncer.TriggerCLI, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Clients < 4 || res.Flagged != 3 {
		t.Fatalf("delta: %+v", res)
	}
	local := func(uuid string) store.LocalClient {
		lc, err := st.ClientByXPMTx(ctx, st.DB(), uuid)
		if err != nil {
			t.Fatal(err)
		}
		return lc
	}
	want, _ := fake.Client(a)
	if got := local(a); got.Client.Name != want.Name || got.Review != "" {
		t.Errorf("renamed client: %q review %q, want %q", got.Client.Name, got.Review, want.Name)
	}
	for uuid, review := range map[string]string{b: "archived", c: "deleted", d: "merged"} {
		if got := local(uuid).Review; got != review {
			t.Errorf("%s review = %q, want %q", uuid, got, review)
		}
	}

	must(t, eng.SavePolicy(ctx, syncer.Policy{Direction: syncer.ToXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"}))
	lc := local(a)
	lc.Client.Phone = "09 555 0101"
	must(t, eng.SaveLocalClient(ctx, &lc))
	if n, err := eng.FlushOutbox(ctx); err != nil || n != 1 {
		t.Fatalf("flush: %d, %v", n, err)
	}
	if got, _ := fake.Client(a); got.Phone != "09 555 0101" || got.Name != want.Name {
		t.Fatalf("XPM after the push: phone %q name %q", got.Phone, got.Name)
	}

	nc := store.LocalClient{Client: model.Client{Name: "Brand New Holdings Ltd", Email: "hello@brandnew.co.nz"}}
	must(t, eng.SaveLocalClient(ctx, &nc))
	must(t, eng.CreateInXPM(ctx, nc.ID))
	if n, err := eng.FlushOutbox(ctx); err != nil || n != 1 {
		t.Fatalf("create flush: %d, %v", n, err)
	}
	got, err := st.Client(ctx, nc.ID)
	if err != nil || got.XPMUUID == "" {
		t.Fatalf("not linked: %+v %v", got, err)
	}
	if x, ok := fake.Client(got.XPMUUID); !ok || x.Name != "Brand New Holdings Ltd" {
		t.Fatalf("XPM has %+v", x)
	}
	res, err = eng.Sync(ctx, syncer.Delta, syncer.TriggerCLI, nil)
	if err != nil || res.Created != 0 || res.Conflicts != 0 {
		t.Fatalf("sync after create: %+v %v (the created client must not come back as a duplicate)", res, err)
	}
	if n, _ := st.ClientCount(ctx); n != imported+1 {
		t.Fatalf("%d local clients, want %d imported + 1 created", n, imported)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
