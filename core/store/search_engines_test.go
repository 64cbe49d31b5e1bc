package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store/pgtest"
)

// openPostgresTemp is a fresh, migrated PostgreSQL store whatever the run's engine (skipped
// without a test cluster).
func openPostgresTemp(tb testing.TB) *Store {
	tb.Helper()
	s, err := OpenPostgres(context.Background(), pgtest.NewDatabaseFrom(tb, PostgresSchemaID(), prepareTemplate))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// searchOddities are names, emails and phones where the engines' word rules could part:
// accents and macrons, apostrophes, hyphens, "&", digits inside words, mixed scripts.
var searchOddities = []struct{ name, email, phone string }{
	{"Zoë Māori Whānau Trust", "zoe@whanau.nz", "+64 9 555 0101"},
	{"O'Brien & Co", "accounts@obrien.co.nz", "(09) 555-0102"},
	{"Smith-Jones Holdings Ltd", "sj@smith-jones.com", "021 555 0103 ext 12"},
	{"Ångström Café", "cafe@angstrom.se", "+46 8 555 0104"},
	{"ACME 2000 Ltd", "info@acme2000.example", "0800 2000"},
	{"Müller GmbH", "mueller@example.de", ""},
	{"李 Trading", "li@example.cn", "555 0105"},
	{"Straße & Söhne", "", "555 0106"},
	{"Ærø Œuvre Ørsted", "", ""},
	{"Łódź Đorđević Þór", "", ""},
	{"Ĳssel Ŀlorenç Ħamrun", "", ""},
}

func fillOddities(tb testing.TB, s *Store) {
	tb.Helper()
	ctx := context.Background()
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		for i, o := range searchOddities {
			lc := LocalClient{Client: model.Client{Name: o.name, Email: o.email, Phone: o.phone, ClientCode: fmt.Sprintf("ODD%02d", i),
				Contacts: []model.Contact{{UUID: fmt.Sprintf("odd-%02d", i), Name: "Contact of " + o.name}}}}
			if _, err := s.InsertClientTx(ctx, tx, &lc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// The search as you type finds the same clients on PostgreSQL (tsvector) as on SQLite (FTS5)
// for the same practice: the benchmark's corpus, odd names, and what a user may type.
func TestSearchFindsTheSameClientsOnPostgresAsOnSQLite(t *testing.T) {
	pg := openPostgresTemp(t)
	lite, err := OpenDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	for _, s := range []*Store{lite, pg} {
		fillBench(t, s, 2_000)
		fillOddities(t, s)
	}
	queries := []string{"", "  ", "!!", "k", "ke", "kereama", "smith trust", "Smith Family", "c0042", "021 555", "09",
		"example.co.nz", "@example", "chen holdings", "wiremu kereama", "zoe", "zoë", "maori", "māori", "whanau",
		"o'brien", "obrien", "brien", "smith-jones", "jones", "angstrom", "ångström", "cafe", "acme2000", "2000",
		"muller", "müller", "李", "strasse", "straße", "söhne", "sohne", "ext 12", "odd0", "contact of", "& co", "xyzzy",
		"aero", "aerø", "ærø", "oeuvre", "œuvre", "orsted", "ørsted", "lodz", "łódź", "dordevic", "đorđević", "thor", "þór", "ijssel", "ĳssel", "llorenc", "ŀlorenç", "hamrun", "ħamrun",
		"o'b", "o'", "smith-j", "smith-jones hold", "555-01", "(09) 555-0", "sj@smith", "zoë māori-wh", "-", "o''b"}
	ctx := context.Background()
	lists := map[*Store]ClientList{}
	for _, s := range []*Store{lite, pg} {
		if lists[s], err = s.ClientList(ctx, RowQuery{}); err != nil {
			t.Fatal(err)
		}
	}
	if len(lists[lite].Keys) != len(lists[pg].Keys) {
		t.Fatalf("lists of %d and %d clients", len(lists[lite].Keys), len(lists[pg].Keys))
	}
	for _, q := range queries {
		want := foundNames(t, lite, lists[lite], q)
		got := foundNames(t, pg, lists[pg], q)
		if !slices.Equal(want, got) {
			t.Errorf("%q: SQLite finds %d clients, PostgreSQL %d; first difference %s", q, len(want), len(got), firstDifference(want, got))
		}
		if q == "kereama" && len(want) == 0 {
			t.Fatal("the corpus has no Kereama: the comparison would prove nothing")
		}
	}
}

// foundNames are the clients a search finds, as code and name, sorted (the engines may order
// equal names differently).
func foundNames(t *testing.T, s *Store, l ClientList, q string) []string {
	t.Helper()
	keys, err := s.NarrowList(context.Background(), l, q)
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	rows, err := s.ClientRowsByKeys(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = string(r.Kind) + " " + r.Code + " " + r.XPMUUID + " " + r.Name
	}
	slices.Sort(out)
	return out
}

func firstDifference(a, b []string) string {
	for i := 0; i < len(a) || i < len(b); i++ {
		switch {
		case i >= len(a):
			return "PostgreSQL also finds " + b[i]
		case i >= len(b):
			return "SQLite also finds " + a[i]
		case a[i] != b[i]:
			return fmt.Sprintf("SQLite %q, PostgreSQL %q", a[i], b[i])
		}
	}
	return "none"
}
