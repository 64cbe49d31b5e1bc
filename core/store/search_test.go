package store

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"xpmsync/core/model"
)

func names(t *testing.T, s *Store, q RowQuery) []string {
	t.Helper()
	rows, err := s.ClientRows(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := s.ClientRowKeys(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != len(rows) {
		t.Fatalf("%+v: %d keys but %d rows", q, len(keys), len(rows))
	}
	// The tab's way: the list without text, narrowed by what is typed, must be the same rows.
	bare := q
	bare.Text = ""
	list, err := s.ClientList(context.Background(), bare)
	if err != nil {
		t.Fatal(err)
	}
	narrowed, err := s.NarrowList(context.Background(), list, q.Text)
	if err != nil {
		t.Fatal(err)
	}
	if len(narrowed) != len(keys) {
		t.Fatalf("%+v: narrowed to %d rows, query gives %d", q, len(narrowed), len(keys))
	}
	for i := range keys {
		if narrowed[i] != keys[i] {
			t.Fatalf("%+v: row %d narrowed %+v, queried %+v", q, i, narrowed[i], keys[i])
		}
	}
	byKey, err := s.ClientRowsByKeys(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i, r := range rows {
		if keys[i] != r.Key() || byKey[i].Name != r.Name || byKey[i].Differs != (r.Name == "Differs Ltd") {
			t.Fatalf("%+v: row %d is %+v by keys but %+v whole", q, i, byKey[i], r)
		}
		out = append(out, r.Name)
	}
	return out
}

func same(a []string, b ...string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestClientListFiltersAndSorts(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	jane, err := s.AddTeamMember(ctx, TeamMember{Name: "Jane Partner"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.LinkTeamMember(ctx, jane, "staff-jane", "manual"); err != nil {
		t.Fatal(err)
	}
	bob, err := s.AddTeamMember(ctx, TeamMember{Name: "Bob Manager"})
	if err != nil {
		t.Fatal(err)
	}
	group := []model.Ref{{UUID: "g1", Name: "Farmers"}}
	remote := []model.Client{
		{UUID: "x-same", Name: "Same Ltd", Email: "same@example.com", AccountManager: model.Ref{UUID: "staff-jane"}},
		{UUID: "x-diff", Name: "Differs Ltd", Phone: "09 111 1111"},
		{UUID: "x-arch", Name: "Archived Ltd", IsArchived: true},
		{UUID: "x-only", Name: "Only In XPM", Groups: group, AccountManager: model.Ref{UUID: "staff-jane"}},
		{UUID: "x-bad", Name: "Bad Contacts Ltd"},
	}
	if _, err := s.UpsertXPMClients(ctx, 1, remote); err != nil {
		t.Fatal(err)
	}
	add := func(lc LocalClient) {
		t.Helper()
		lc.Client.UUID = lc.XPMUUID
		if _, err := s.InsertClient(ctx, &lc); err != nil {
			t.Fatal(err)
		}
	}
	add(LocalClient{Client: model.Client{Name: "Same Ltd", Email: "same@example.com"}, XPMUUID: "x-same", PartnerStaffID: jane})
	add(LocalClient{Client: model.Client{Name: "Differs Ltd", Phone: "09 222 2222"}, XPMUUID: "x-diff", ManagerStaffID: bob})
	add(LocalClient{Client: model.Client{Name: "Archived Ltd", IsArchived: true}, XPMUUID: "x-arch", Review: "archived"})
	add(LocalClient{Client: model.Client{Name: "Conflicted Ltd"}, Review: "conflict"})
	add(LocalClient{Client: model.Client{Name: "Unlinked Farm", Groups: group}})
	add(LocalClient{Client: model.Client{Name: "Bad Contacts Ltd"}, XPMUUID: "x-bad"})
	if err := s.WithTx(ctx, func(tx *sql.Tx) error {
		return s.ReplaceIssuesTx(ctx, tx, "x-bad", 0, []SyncIssue{{Record: "contact", Name: "No Name", Reason: "no name"}})
	}); err != nil {
		t.Fatal(err)
	}

	cases := []struct {
		q    RowQuery
		want []string
	}{
		{RowQuery{}, []string{"Archived Ltd", "Bad Contacts Ltd", "Conflicted Ltd", "Differs Ltd", "Only In XPM", "Same Ltd", "Unlinked Farm"}},
		{RowQuery{Filter: FilterLinked}, []string{"Archived Ltd", "Bad Contacts Ltd", "Differs Ltd", "Same Ltd"}},
		{RowQuery{Filter: FilterNotLinked}, []string{"Conflicted Ltd", "Unlinked Farm"}},
		{RowQuery{Filter: FilterXPMOnly}, []string{"Only In XPM"}},
		{RowQuery{Filter: FilterDifferences}, []string{"Differs Ltd"}},
		{RowQuery{Filter: FilterConflict}, []string{"Conflicted Ltd"}},
		{RowQuery{Filter: FilterInvalid}, []string{"Bad Contacts Ltd"}},
		{RowQuery{Filter: FilterArchived}, []string{"Archived Ltd"}},
		{RowQuery{PartnerID: jane}, []string{"Only In XPM", "Same Ltd"}},
		{RowQuery{ManagerID: bob}, []string{"Differs Ltd"}},
		{RowQuery{Group: "farmers"}, []string{"Only In XPM", "Unlinked Farm"}},
		{RowQuery{Group: "farmers", Filter: FilterLocal}, []string{"Unlinked Farm"}},
		{RowQuery{Text: "ltd", Filter: FilterLinked, PartnerID: jane}, []string{"Same Ltd"}},
		{RowQuery{Text: "only xp"}, []string{"Only In XPM"}},
		{RowQuery{Text: "l"}, []string{"Archived Ltd", "Bad Contacts Ltd", "Conflicted Ltd", "Differs Ltd", "Same Ltd"}}, // every word is a prefix: "Unlinked" is not "l…"
	}
	for _, c := range cases {
		if got := names(t, s, c.q); !same(got, c.want...) {
			t.Errorf("%+v: got %v, want %v", c.q, got, c.want)
		}
	}

	// Last change first: editing a client moves it to the top.
	s.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
	lc, err := s.Client(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	lc.Client.Phone = "09 333 3333"
	if err := s.UpdateClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if got := names(t, s, RowQuery{SortBy: "changed", Filter: FilterLocal}); got[0] != lc.Client.Name {
		t.Errorf("sorted by last change: %v, want %q first", got, lc.Client.Name)
	}

	fc, err := s.ClientFilterChoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(fc.Partners) != 1 || fc.Partners[0].Name != "Jane Partner" || len(fc.Managers) != 1 || !same(fc.Groups, "Farmers") {
		t.Errorf("filter choices: %+v", fc)
	}
}

// Re-indexing a client replaces its search entry (the entry of its old name no longer matches).
func TestReindexReplacesEntry(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	id, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Old Name Ltd"}})
	if err != nil {
		t.Fatal(err)
	}
	lc, _ := s.Client(ctx, id)
	lc.Client.Name = "New Name Ltd"
	if err := s.UpdateClient(ctx, &lc); err != nil {
		t.Fatal(err)
	}
	if got := names(t, s, RowQuery{Text: "old"}); len(got) != 0 {
		t.Errorf("old name still found: %v", got)
	}
	if got := names(t, s, RowQuery{Text: "new na"}); !same(got, "New Name Ltd") {
		t.Errorf("new name: %v", got)
	}
	var n int
	_ = s.db.QueryRow(`SELECT count(*) FROM client_search`).Scan(&n)
	if n != 1 {
		t.Errorf("index holds %d entries for one client", n)
	}
}

// A word typed with punctuation inside is searched as the words it joins, in a row: "o'b" is
// the start of O'Brien, not any client with an "o" word and a "b" word.
func TestPunctuatedWordsSearchAsPhrases(t *testing.T) {
	s := openTemp(t)
	fillOddities(t, s)
	ctx := context.Background()
	l, err := s.ClientList(ctx, RowQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"o'b":      "[L ODD01  O'Brien & Co]",
		"o'brien":  "[L ODD01  O'Brien & Co]",
		"smith-j":  "[L ODD02  Smith-Jones Holdings Ltd]",
		"555-0103": "[L ODD02  Smith-Jones Holdings Ltd]",
		"jones-s":  "[]",
		"co o'b":   "[L ODD01  O'Brien & Co]",
		"b'o":      "[]",
		"o b":      "[L ODD01  O'Brien & Co]", // two words, each a prefix, as before
		"b o":      "[L ODD01  O'Brien & Co]",
	} {
		if got := fmt.Sprint(foundNames(t, s, l, q)); got != want {
			t.Errorf("%q found %s, want %s", q, got, want)
		}
	}
}
