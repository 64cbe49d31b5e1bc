package linking_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"xpmsync/core/auth"
	"xpmsync/core/linking"
	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
	"xpmsync/core/syncer"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

type rig struct {
	st   *store.Store
	fake *xpmfake.Server
	api  *xpm.Client
	eng  *syncer.Engine
	svc  *linking.Service
}

func newRig(t *testing.T) *rig {
	t.Helper()
	st := storetest.Open(t)
	fake, api := xpmtest.Connect(t, xpmfake.Config{Seed: 3, DisableRateLimits: true},
		xpmtest.InProcess(), xpmtest.Retry(xpm.RetryPolicy{MaxAttempts: 1}))
	eng := syncer.New(st, api, syncer.Options{})
	t.Cleanup(eng.Wait)
	r := &rig{st: st, fake: fake, api: api, eng: eng}
	r.svc = linking.New(st, func() linking.API { return api }, eng)
	return r
}

// inXPM puts a client in the fake XPM and in the mirror, as a sync would.
func (r *rig) inXPM(t *testing.T, c model.Client) model.Client {
	t.Helper()
	c = r.fake.PutClient(c)
	got, err := r.api.GetClient(context.Background(), c.UUID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.st.UpsertXPMClients(context.Background(), 1, []model.Client{got}); err != nil {
		t.Fatal(err)
	}
	return got
}

func (r *rig) local(t *testing.T, c model.Client) int64 {
	t.Helper()
	id, err := r.st.InsertClient(context.Background(), &store.LocalClient{Client: c})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSuggestionsNeverLinkAndRespectDismissal(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	exact := r.inXPM(t, model.Client{Name: "O'Brien & Co. Ltd", Email: "Office@OBrien.co.nz"})
	sameName := r.inXPM(t, model.Client{Name: "Harbour View Trust", Email: "trustees@harbour.nz"})
	similar := r.inXPM(t, model.Client{Name: "Ngata Family Trust"})
	r.inXPM(t, model.Client{Name: "Unrelated Ltd"})
	a := r.local(t, model.Client{Name: "obrien co ltd", Email: "office@obrien.co.nz"})
	b := r.local(t, model.Client{Name: "HARBOUR VIEW TRUST", Email: "accounts@harbour.nz"})
	c := r.local(t, model.Client{Name: "Ngata Ltd"})

	ex, part, err := r.svc.RefreshSuggestions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ex != 1 || part != 2 {
		t.Fatalf("exact %d, partial %d; want 1 and 2", ex, part)
	}
	got, _ := r.svc.Suggestions(ctx, linking.Exact)
	if len(got) != 1 || got[0].ClientID != a || got[0].XPMUUID != exact.UUID {
		t.Fatalf("exact suggestions: %+v", got)
	}
	queue, _ := r.svc.Suggestions(ctx, linking.Partial)
	pairs := map[int64]string{}
	for _, s := range queue {
		pairs[s.ClientID] = s.XPMUUID
	}
	if pairs[b] != sameName.UUID || pairs[c] != similar.UUID {
		t.Fatalf("resolve-matches queue: %+v", queue)
	}
	if n, _ := r.st.LinkedClientIDs(ctx); len(n) != 0 {
		t.Fatalf("suggesting linked %d clients; nothing may be linked without a click", len(n))
	}

	if err := r.svc.Dismiss(ctx, c, similar.UUID); err != nil {
		t.Fatal(err)
	}
	if err := r.svc.Link(ctx, a, exact.UUID); err != nil {
		t.Fatal(err)
	}
	ex, part, _ = r.svc.RefreshSuggestions(ctx)
	if ex != 0 || part != 1 {
		t.Fatalf("after a link and a dismissal: exact %d, partial %d; want 0 and 1", ex, part)
	}
}

func TestDuplicateRules(t *testing.T) {
	x := model.Client{Name: "O'Brien & Co. Ltd", Email: "office@obrien.co.nz"}
	cases := []struct{ name, email, want string }{
		{"obrien co ltd", "", "same name"},
		{"O BRIEN CO LTD", "", ""}, // a space is not punctuation: "o brien" is another name
		{"Someone Else", " OFFICE@obrien.co.nz ", "same email"},
		{"O'Brien & Co Ltd", "office@obrien.co.nz", "same name and email"},
		{"O'Brien Holdings", "other@obrien.co.nz", ""},
	}
	for _, c := range cases {
		if got := linking.IsDuplicate(c.name, c.email, x); got != c.want {
			t.Errorf("IsDuplicate(%q, %q) = %q, want %q", c.name, c.email, got, c.want)
		}
	}
}

func TestCreateInXPMOffersLinkInsteadOfDuplicate(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	// In XPM but not yet mirrored: the check must ask XPM itself.
	existing := r.fake.PutClient(model.Client{Name: "O'Brien & Co. Ltd"})
	dup := r.local(t, model.Client{Name: "OBrien Co Ltd"})
	before := len(r.fake.Clients())
	out, err := r.svc.CreateInXPM(ctx, dup)
	if err != nil {
		t.Fatal(err)
	}
	if out.Queued || len(out.Duplicates) != 1 || out.Duplicates[0].Client.UUID != existing.UUID {
		t.Fatalf("outcome %+v; want the existing client offered, nothing created", out)
	}
	if err := r.svc.Link(ctx, dup, out.Duplicates[0].Client.UUID); err != nil {
		t.Fatalf("link instead: %v", err)
	}
	if lc, _ := r.st.Client(ctx, dup); lc.XPMUUID != existing.UUID {
		t.Fatalf("linked to %q", lc.XPMUUID)
	}

	fresh := r.local(t, model.Client{Name: "Brand New Bakery Ltd", Email: "hello@newbakery.nz"})
	out, err = r.svc.CreateInXPM(ctx, fresh)
	if err != nil || !out.Queued {
		t.Fatalf("create: %+v, %v", out, err)
	}
	r.eng.Wait()
	if n := len(r.fake.Clients()); n != before+1 {
		t.Fatalf("XPM has %d clients, want %d (one created)", n, before+1)
	}
	// A second press finds the client just created instead of creating it twice.
	again := r.local(t, model.Client{Name: "brand new bakery ltd."})
	out, err = r.svc.CreateInXPM(ctx, again)
	if err != nil || out.Queued || len(out.Duplicates) != 1 {
		t.Fatalf("second create: %+v, %v", out, err)
	}
}

func TestTwoWayFieldSync(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	x := r.inXPM(t, model.Client{Name: "Kereama & Co", Phone: "09 111 1111", Fax: "09 333 0000"})
	id := r.local(t, model.Client{Name: "Kereama & Co", Phone: "09 222 2222", Fax: "09 444 0000"})
	if err := r.svc.Link(ctx, id, x.UUID); err != nil {
		t.Fatal(err)
	}
	d, err := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, df := range d.Diffs {
		keys = append(keys, df.Field.Key)
	}
	if strings.Join(keys, ",") != "Phone,Fax" {
		t.Fatalf("differences %v, want Phone and Fax", keys)
	}
	res, err := r.svc.ApplySync(ctx, id, []linking.Choice{{Key: "Phone", Dir: linking.ToLocal}, {Key: "Fax", Dir: linking.ToXPM}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ToLocal) != 1 || len(res.ToXPM) != 1 {
		t.Fatalf("result %+v", res)
	}
	lc, _ := r.st.Client(ctx, id)
	remote, _ := r.fake.Client(x.UUID)
	if lc.Client.Phone != "09 111 1111" || remote.Fax != "09 444 0000" || remote.Phone != "09 111 1111" {
		t.Fatalf("local phone %q; XPM fax %q phone %q", lc.Client.Phone, remote.Fax, remote.Phone)
	}
	d, _ = r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	if len(d.Diffs) != 0 {
		t.Fatalf("still different after the sync: %+v", d.Diffs)
	}
	hist := map[string]string{}
	for _, h := range d.History {
		hist[h.Field] = h.Source + ":" + h.New
	}
	if hist["Phone"] != "user:09 111 1111" || hist["Fax"] != "local:09 444 0000" {
		t.Fatalf("history %v", hist)
	}
	if d.LastRefreshed.IsZero() {
		t.Fatal("a push reads XPM back, so the refresh time must be set")
	}
}

func TestRefreshAndOffline(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	x := r.inXPM(t, model.Client{Name: "Tui Orchards", Phone: "07 555 0000"})
	id := r.local(t, model.Client{Name: "Tui Orchards", Phone: "07 555 0000"})
	if err := r.svc.Link(ctx, id, x.UUID); err != nil {
		t.Fatal(err)
	}
	if err := r.fake.EditClient(x.UUID, func(c *model.Client) { c.Phone = "07 555 9999" }); err != nil {
		t.Fatal(err)
	}
	if err := r.svc.Refresh(ctx, id); err != nil {
		t.Fatal(err)
	}
	d, _ := r.svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
	if len(d.Diffs) != 1 || d.Diffs[0].XPM != "07 555 9999" || d.LastRefreshed.IsZero() {
		t.Fatalf("after refresh: diffs %+v, refreshed %v", d.Diffs, d.LastRefreshed)
	}

	off := linking.New(r.st, func() linking.API { return nil }, r.eng)
	err := off.Refresh(ctx, id)
	if !errors.Is(err, auth.ErrNotConnected) || !strings.Contains(problem.Words(err), "not connected") {
		t.Fatalf("offline refresh: %v / %q", err, problem.Words(err))
	}
	if _, err := off.CreateInXPM(ctx, r.local(t, model.Client{Name: "Offline Ltd"})); !errors.Is(err, auth.ErrNotConnected) {
		t.Fatalf("create offline must refuse (the duplicate check needs XPM): %v", err)
	}
	// Offline, a choice for XPM waits in the outbox; the local record is not touched.
	if res, err := off.ApplySync(ctx, id, []linking.Choice{{Key: "Phone", Dir: linking.ToXPM}}); err != nil || !res.Waiting {
		t.Fatalf("push offline: %+v, %v", res, err)
	}
	if d, _ := off.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id}); d.Outbox.Waiting != 1 {
		t.Fatalf("waiting to send: %d, want 1", d.Outbox.Waiting)
	}
	if lc, _ := r.st.Client(ctx, id); lc.Client.Phone != "07 555 0000" {
		t.Fatal("a failed sync changed the local record")
	}
	cands, offline, err := off.SearchXPM(ctx, "tui")
	if err != nil || !offline || len(cands) != 1 || cands[0].LinkedTo != id {
		t.Fatalf("offline search: %+v offline=%v err=%v", cands, offline, err)
	}
	if err := off.Unlink(ctx, id); err != nil {
		t.Fatal(err)
	}
	if lc, _ := r.st.Client(ctx, id); lc.XPMUUID != "" {
		t.Fatal("still linked after Disconnect")
	}
}

func TestProblems(t *testing.T) {
	p := linking.Problems(" ", "jo@example.com (home)", "call me", "")
	if p["Name"] == "" || p["Email"] == "" || p["Phone"] == "" || p["Fax"] != "" {
		t.Fatalf("problems %v", p)
	}
	if p := linking.Problems("Jo Ltd", "jo@example.com", "+64 (9) 555-0101", ""); len(p) != 0 {
		t.Fatalf("valid client refused: %v", p)
	}
}

// The "Has differences" filter (SQL) and the red fields (Go) must agree on every field.
func TestDifferenceFilterAgreesWithRedFields(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	svc := linking.New(st, nil, nil)
	for i, f := range model.ClientFields {
		if f.Class == model.ClassStaffRole {
			continue
		}
		uuid := "x-" + f.Key
		x := model.Client{UUID: uuid, Name: "Client " + f.Key}
		local := x
		f.Set(&local, "local value")
		if f.Key == "Name" {
			f.Set(&x, "xpm value")
		}
		if _, err := st.UpsertXPMClients(ctx, 1, []model.Client{x}); err != nil {
			t.Fatal(err)
		}
		id, err := st.InsertClient(ctx, &store.LocalClient{Client: local, XPMUUID: uuid})
		if err != nil {
			t.Fatal(err)
		}
		keys, err := st.ClientRowKeys(ctx, store.RowQuery{Filter: store.FilterDifferences})
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != i+1 || keys[len(keys)-1].ID != id && !containsID(keys, id) {
			t.Errorf("%s: the filter lists %d clients, want %d including this one", f.Key, len(keys), i+1)
		}
		d, err := svc.DetailOf(ctx, store.RowKey{Kind: store.KindLocal, ID: id})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Diffs) != 1 || d.Diffs[0].Field.Key != f.Key {
			t.Errorf("%s: red fields %+v", f.Key, d.Diffs)
		}
	}
}

func containsID(keys []store.RowKey, id int64) bool {
	for _, k := range keys {
		if k.ID == id {
			return true
		}
	}
	return false
}

// "Needs a look" lists exactly the clients whose detail needs a look: a client that differs from
// XPM (however it came to differ, even with no review flag) and one a sync flagged; not a
// client that agrees with XPM nor one that is not linked.
func TestNeedsALookListsEveryClientTheDetailShowsDiffering(t *testing.T) {
	st := storetest.Open(t)
	ctx := context.Background()
	svc := linking.New(st, nil, nil)
	add := func(name, localPhone, xpmPhone, review string, linked bool) int64 {
		t.Helper()
		x := model.Client{UUID: "x-" + name, Name: name, Phone: xpmPhone}
		if _, err := st.UpsertXPMClients(ctx, 1, []model.Client{x}); err != nil {
			t.Fatal(err)
		}
		local := store.LocalClient{Client: x, Review: review}
		local.Client.Phone = localPhone
		if !linked {
			local.Client.UUID = ""
		} else {
			local.XPMUUID = x.UUID
		}
		id, err := st.InsertClient(ctx, &local)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	differs := add("Differs Ltd", "09 555 0101", "09 555 0202", "", true)
	flagged := add("Flagged Ltd", "09 555 0303", "09 555 0303", "conflict", true)
	add("Agrees Ltd", "09 555 0404", "09 555 0404", "", true)
	add("Local Only Ltd", "09 555 0505", "09 555 0606", "", false)
	keys, err := st.ClientRowKeys(ctx, store.RowQuery{Filter: store.FilterReview})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.ClientRowKeys(ctx, store.RowQuery{Filter: store.FilterLocal})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range rows {
		d, err := svc.DetailOf(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		if d.NeedsALook() != containsID(keys, k.ID) {
			t.Errorf("%s: the detail needs a look %v, the filter lists it %v", d.Client.Name, d.NeedsALook(), containsID(keys, k.ID))
		}
	}
	if len(keys) != 2 || !containsID(keys, differs) || !containsID(keys, flagged) {
		t.Errorf("Needs a look lists %v; want the differing and the flagged client", keys)
	}
}
