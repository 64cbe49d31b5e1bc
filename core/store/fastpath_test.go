package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"testing"

	"xpmsync/core/model"
)

// indexRow reads one list row's search-index text.
func indexRow(t *testing.T, s *Store, kind RowKind, ref string) string {
	t.Helper()
	var name, email, phone, contacts, code string
	err := s.DB().QueryRow(`SELECT s.name, s.email, s.phone, s.contacts, s.code FROM client_search s
		JOIN search_refs r ON r.id = s.rowid WHERE r.kind = ? AND r.ref = ?`, string(kind), ref).Scan(&name, &email, &phone, &contacts, &code)
	if err != nil {
		t.Fatalf("index row %s %s: %v", kind, ref, err)
	}
	return fmt.Sprintf("%q %q %q %q %q", name, email, phone, contacts, code)
}

// found lists the names of the Clients-list rows a search finds, in list order.
func found(t *testing.T, s *Store, text string) []string {
	t.Helper()
	rows, err := s.ClientRows(context.Background(), RowQuery{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Name)
	}
	return out
}

// The writer builds a local client's index text in Go; it must be exactly what reading the
// stored contacts back gives (reindexLocalTx), including shared, repeated and deleted contacts.
func TestWriterIndexTextMatchesTheTables(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	a := &LocalClient{Client: model.Client{Name: "Alpha Pty Ltd", Email: "a@alpha.example", Phone: "02 1111 1111", ClientCode: "ALP",
		Contacts: []model.Contact{
			{UUID: "k-shared", Name: "Sam Shared", Email: "sam@x.example", Mobile: "0411 111 111"},
			{Name: "Priya Private", Email: "priya@alpha.example", Phone: "02 2222 2222"},
			{UUID: "k-gone", Name: "Gone Person", IsDeleted: true},
		}}, XPMUUID: "x-alpha", LinkHow: "import"}
	b := &LocalClient{Client: model.Client{Name: "Beta Trust", Contacts: []model.Contact{
		{UUID: "k-shared", Name: "Sam Shared", Email: "sam@new.example"},
		{UUID: "k-twice", Name: "Tom First"},
		{UUID: "k-twice", Name: "Tom Second", Email: "tom@beta.example"},
		{Name: "Quinn Own"},
	}}}
	// Each entry is compared as soon as it is written: a shared contact changed later by
	// another client leaves earlier entries as they were, with either way of indexing.
	check := func(lc *LocalClient) {
		t.Helper()
		ref := strconv.FormatInt(lc.ID, 10)
		got := indexRow(t, s, KindLocal, ref)
		if err := s.WithTx(ctx, func(tx *sql.Tx) error { return s.reindexLocalTx(ctx, tx, lc.ID) }); err != nil {
			t.Fatal(err)
		}
		if want := indexRow(t, s, KindLocal, ref); got != want {
			t.Errorf("%s indexed as\n %s\nthe tables give\n %s", lc.Client.Name, got, want)
		}
	}
	for _, lc := range []*LocalClient{a, b} {
		if _, err := s.InsertClient(ctx, lc); err != nil {
			t.Fatal(err)
		}
		check(lc)
	}
	b.Client.Contacts = []model.Contact{b.Client.Contacts[2], {Name: "Una Added", Mobile: "0422 222 222"}}
	b.Client.Name = "Beta Trust (renamed)"
	if err := s.UpdateClient(ctx, b); err != nil {
		t.Fatal(err)
	}
	check(b)
	for _, q := range []string{"priya", "tom beta", "una", "renamed"} {
		if got := found(t, s, q); len(got) != 1 {
			t.Errorf("search %q found %v", q, got)
		}
	}
	if got := found(t, s, "quinn"); len(got) != 0 {
		t.Errorf("a contact taken off Beta is still found: %v", got)
	}
}

// Saving the same rows again replaces their index entries: one entry per row, never two.
func TestReindexingKeepsOneEntryPerRow(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	xs := []model.Client{{UUID: "x-1", Name: "One Ltd"}, {UUID: "x-2", Name: "Two Ltd"}}
	lc := &LocalClient{Client: model.Client{Name: "Local Only"}}
	if _, err := s.InsertClient(ctx, lc); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		xs[0].Email = fmt.Sprintf("v%d@one.example", i)
		if _, err := s.UpsertXPMClients(ctx, int64(i+1), xs); err != nil {
			t.Fatal(err)
		}
		err := s.WithTx(ctx, func(tx *sql.Tx) error {
			w := s.NewClientWriter(NewTxStmts(tx))
			lc.Client.Email = fmt.Sprintf("v%d@local.example", i)
			if err := w.Update(ctx, lc); err != nil {
				return err
			}
			if err := w.Update(ctx, lc); err != nil { // twice in one batch
				return err
			}
			return w.Flush(ctx)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var entries, refs int
	if err := s.DB().QueryRow(`SELECT (SELECT count(*) FROM client_search), (SELECT count(*) FROM search_refs)`).Scan(&entries, &refs); err != nil {
		t.Fatal(err)
	}
	if entries != 3 || refs != 3 {
		t.Fatalf("%d index entries and %d keys for 3 rows", entries, refs)
	}
	if got := found(t, s, "v2"); fmt.Sprint(got) != "[Local Only One Ltd]" {
		t.Fatalf("search for the latest values found %v", got)
	}
	if got := found(t, s, "v1"); len(got) != 0 {
		t.Fatalf("search for replaced values found %v", got)
	}
}

// A client rolled back to its savepoint leaves no index entry behind once Rewind drops it.
func TestRewindDropsTheEntriesOfARolledBackClient(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		q := NewTxStmts(tx)
		w := s.NewClientWriter(q)
		if _, err := w.Insert(ctx, &LocalClient{Client: model.Client{Name: "Kept Ltd"}}); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `SAVEPOINT c`); err != nil {
			return err
		}
		mark := w.Mark()
		if _, err := w.Insert(ctx, &LocalClient{Client: model.Client{Name: "Dropped Ltd"}}); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `ROLLBACK TO c`); err != nil {
			return err
		}
		w.Rewind(mark)
		if _, err := q.ExecContext(ctx, `RELEASE c`); err != nil {
			return err
		}
		return w.Flush(ctx)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := found(t, s, "ltd"); fmt.Sprint(got) != "[Kept Ltd]" {
		t.Fatalf("search found %v", got)
	}
	var refs int
	if err := s.DB().QueryRow(`SELECT count(*) FROM search_refs`).Scan(&refs); err != nil || refs != 1 {
		t.Fatalf("%d index keys (%v), want 1", refs, err)
	}
}

// TxStmts prepares a statement once however often it runs, and stops caching at its bound
// (SQL built on the fly still runs, unprepared).
func TestTxStmtsReusesStatementsWithinABound(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		q := NewTxStmts(tx)
		for i := range 3 * maxTxStmts {
			if _, err := q.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES(?, ?)`, fmt.Sprint("k", i), "v"); err != nil {
				return err
			}
		}
		if len(q.m) != 1 {
			t.Errorf("%d statements prepared for one query", len(q.m))
		}
		for i := range 2 * maxTxStmts {
			var n int
			if err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT count(*) + %d FROM settings`, i)).Scan(&n); err != nil {
				return err
			}
			if n < 3*maxTxStmts+i {
				t.Errorf("query %d read %d", i, n)
			}
		}
		if len(q.m) > maxTxStmts {
			t.Errorf("%d statements kept, bound is %d", len(q.m), maxTxStmts)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The stored JSON is byte for byte what json.Marshal gives, HTML escaping and bad UTF-8 included.
func TestStoredJSONIsJSONMarshal(t *testing.T) {
	c := model.Client{UUID: "x-1", Name: "Tom & Jerry <Pty> Ltd \u2028 \xff", Email: "t@j.example",
		Contacts: []model.Contact{{UUID: "k", Name: "Zoë", IsPrimary: true}}}
	for range 2 { // the second time through a reused buffer
		got, err := XPMClientJSON(&c)
		want, _ := json.Marshal(&c)
		if err != nil || got != string(want) {
			t.Fatalf("mirror JSON\n %s\nwant\n %s (%v)", got, want, err)
		}
		got, err = LocalJSON(c)
		c2 := c
		c2.Contacts = nil
		want, _ = json.Marshal(c2)
		if err != nil || got != string(want) {
			t.Fatalf("local JSON\n %s\nwant\n %s (%v)", got, want, err)
		}
	}
}

// A baseline is stored as json.Marshal would store it, whatever its keys and values hold.
func TestBaselineEncodingIsJSONMarshal(t *testing.T) {
	maps := []map[string]string{nil, {}, {"Name": "Acme", "Email": "a@acme.example", "contact/k1/Mobile": "+61 411 111 111"},
		{"b": "quote \" and \\ back", "a": "<html> & co", "é": "Zoë \u2028 \x00 \t", "bad": "\xff\xfe", "": ""}}
	for _, m := range maps {
		want, _ := json.Marshal(m)
		if got := encodeStringMap(m); got != string(want) {
			t.Errorf("encoded\n %s\nwant\n %s", got, want)
		}
	}
	s := openTemp(t)
	ctx := context.Background()
	id, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Based Ltd"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetBaselineQ(ctx, s.DB(), id, maps[3]); err != nil {
		t.Fatal(err)
	}
	var want map[string]string // as read back from json.Marshal's text (bad UTF-8 becomes U+FFFD)
	raw, _ := json.Marshal(maps[3])
	_ = json.Unmarshal(raw, &want)
	got, ok, err := s.BaselineTx(ctx, s.DB(), id)
	if err != nil || !ok || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("read back %v, %v, %v; want %v", got, ok, err, want)
	}
}

// The mirror and local forms made from one encoding are exactly those made one at a time.
func TestXPMAndLocalJSONMatchEncodingEachOnItsOwn(t *testing.T) {
	tricky := `,"Contacts":null, <b>&amp;</b> "quoted" \ ` + "\u2028 é"
	cases := []model.Client{
		{UUID: "u0", Name: "No Contacts Ltd"},
		{UUID: "u1", Name: "Empty Contacts Ltd", Contacts: []model.Contact{}},
		{UUID: "u2", Name: tricky, Email: tricky, Notes: []model.Note{{Title: tricky}},
			Contacts: []model.Contact{{UUID: "k1", Name: tricky, Email: "a@b.example", IsPrimary: true}, {Name: "Second", Position: tricky}},
			Groups:   []model.Ref{{UUID: "g", Name: tricky}}},
	}
	for _, c := range cases {
		mirror, local, err := XPMAndLocalJSON(&c)
		if err != nil {
			t.Fatal(err)
		}
		wantMirror, _ := XPMClientJSON(&c)
		wantLocal, _ := LocalJSON(c)
		if mirror != wantMirror || local != wantLocal {
			t.Errorf("%s:\nmirror %s\nwant   %s\nlocal %s\nwant  %s", c.UUID, mirror, wantMirror, local, wantLocal)
		}
	}
}
