package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store/pgtest"
)

// openTemp opens an empty store on this run's engine (see storetest; that package imports
// this one, so the store's own tests choose here the same way).
func openTemp(t *testing.T) *Store {
	t.Helper()
	var s *Store
	var err error
	if pgtest.Postgres() {
		s, err = OpenPostgres(context.Background(), pgtest.NewDatabaseFrom(t, PostgresSchemaID(), prepareTemplate))
	} else {
		s, err = OpenDir(t.TempDir())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func prepareTemplate(dbURL string) error {
	s, err := OpenPostgres(context.Background(), dbURL)
	if err != nil {
		return err
	}
	return s.Close()
}

func TestFreshDatabaseIsAtLatestVersionAndPrivate(t *testing.T) {
	s := openTemp(t)
	v, err := s.Version(context.Background())
	if err != nil || v != LatestVersion() || v < 1 {
		t.Fatalf("version = %d, %v; want %d", v, err, LatestVersion())
	}
	if runtime.GOOS != "windows" && !s.Postgres() {
		fi, err := os.Stat(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Fatalf("database mode = %v, want 0600", fi.Mode().Perm())
		}
	}
}

// Every earlier version must upgrade to the latest without losing the rows it held.
func TestMigratesFromEveryEarlierVersion(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, m := range ms {
		dir := t.TempDir()
		path := filepath.Join(dir, FileName)
		s, err := openAt(path, m.version)
		if err != nil {
			t.Fatalf("open at version %d: %v", m.version, err)
		}
		if _, err := s.db.ExecContext(ctx, `INSERT INTO settings(key, value) VALUES('probe', 'kept')`); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s, err = Open(path)
		if err != nil {
			t.Fatalf("upgrade from %d: %v", m.version, err)
		}
		v, _ := s.Version(ctx)
		got, _ := s.Setting(ctx, "probe", "")
		s.Close()
		if v != LatestVersion() || got != "kept" {
			t.Fatalf("from %d: version %d, probe %q", m.version, v, got)
		}
	}
}

func openAt(path string, version int) (*Store, error) {
	s, err := openRaw(path)
	if err != nil {
		return nil, err
	}
	return s, s.migrateTo(context.Background(), version)
}

func TestRefusesDatabaseFromNewerVersion(t *testing.T) {
	dir := t.TempDir()
	s, err := OpenDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`PRAGMA user_version = 999`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	before, _ := os.ReadFile(filepath.Join(dir, FileName))
	_, err = OpenDir(dir)
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("err = %v, want ErrTooNew", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, FileName))
	if string(before) != string(after) {
		t.Fatal("opening a newer database changed it")
	}
}

func TestSearchFindsLocalAndXPMClientsByNameEmailContactAndCode(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	_, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Kereama & Co", Email: "office@kereama.co.nz",
		Contacts: []model.Contact{{Name: "Aroha Kereama", Email: "aroha@kereama.co.nz"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertXPMClients(ctx, 1, []model.Client{
		{UUID: "u1", Name: "Bloggs Electrical Ltd", ClientCode: "BLOG01", Contacts: []model.Contact{{UUID: "c1", Name: "Jo Bloggs"}}},
		{UUID: "u2", Name: "Ōtaki Trust", IsDeleted: true},
	}); err != nil {
		t.Fatal(err)
	}
	cases := map[string][]string{
		"aroha":   {"Kereama & Co"},
		"kere":    {"Kereama & Co"},
		"blog01":  {"Bloggs Electrical Ltd"},
		"jo blog": {"Bloggs Electrical Ltd"},
		"otaki":   nil, // deleted in XPM and never imported: not offered
		`"'`:      {"Bloggs Electrical Ltd", "Kereama & Co"},
	}
	for text, want := range cases {
		rows, err := s.ClientRows(ctx, RowQuery{Text: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, r.Name)
		}
		if len(got) != len(want) {
			t.Fatalf("%q: got %v, want %v", text, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%q: got %v, want %v", text, got, want)
			}
		}
	}
}

func TestSharedContactIsOneRowAcrossClients(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	shared := model.Contact{UUID: "k1", Name: "Leanne Smith", Mobile: "0411 111 111"}
	a, _ := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Smith Pty Ltd", Contacts: []model.Contact{shared}}})
	_, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "Smith Family Trust", Contacts: []model.Contact{shared}}})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := s.ContactCount(ctx)
	if n != 1 {
		t.Fatalf("contacts = %d, want 1 shared row", n)
	}
	others, err := s.OtherClientsOfContact(ctx, "k1", a)
	if err != nil || len(others) != 1 || others[0] != "Smith Family Trust" {
		t.Fatalf("others = %v, %v", others, err)
	}
}

func TestUpsertIsIdempotent(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	cs := []model.Client{{UUID: "u1", Name: "A"}, {UUID: "u2", Name: "B"}}
	if n, err := s.UpsertXPMClients(ctx, 1, cs); err != nil || n != 2 {
		t.Fatalf("first = %d, %v", n, err)
	}
	if n, err := s.UpsertXPMClients(ctx, 2, cs); err != nil || n != 0 {
		t.Fatalf("second = %d, %v; want 0 changes", n, err)
	}
	gone, err := s.MarkGoneExcept(ctx, 2, 0)
	if err != nil || len(gone) != 0 {
		t.Fatalf("gone = %v, %v", gone, err)
	}
	if _, err := s.UpsertXPMClients(ctx, 3, cs[:1]); err != nil {
		t.Fatal(err)
	}
	if gone, _ = s.MarkGoneExcept(ctx, 3, 1); len(gone) != 1 || gone[0] != "u2" {
		t.Fatalf("gone = %v, want [u2] (run 3 listed 1 of 2)", gone)
	}
	// A run that lists every live client finds none missing, however it is told.
	if _, err := s.UpsertXPMClients(ctx, 4, cs); err != nil {
		t.Fatal(err)
	}
	for _, listed := range []int{0, 2} {
		if gone, err = s.MarkGoneExcept(ctx, 4, listed); err != nil || len(gone) != 0 {
			t.Fatalf("listed %d: gone = %v, %v; want none", listed, gone, err)
		}
	}
	if _, err := s.UpsertXPMClients(ctx, 5, cs[1:]); err != nil {
		t.Fatal(err)
	}
	if gone, _ = s.MarkGoneExcept(ctx, 5, 1); len(gone) != 1 || gone[0] != "u1" {
		t.Fatalf("gone = %v, want [u1] (run 5 listed 1 of 2)", gone)
	}
}

func TestClearDataKeepsSettings(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.InsertClient(ctx, &LocalClient{Client: model.Client{Name: "A", Contacts: []model.Contact{{Name: "B"}}}}); err != nil {
		t.Fatal(err)
	}
	s.UpsertXPMClients(ctx, 1, []model.Client{{UUID: "u", Name: "X"}})
	s.SetSetting(ctx, "sync.direction", "to")
	if err := s.ClearData(ctx); err != nil {
		t.Fatal(err)
	}
	rows, _ := s.ClientRows(ctx, RowQuery{})
	n, _ := s.ContactCount(ctx)
	v, _ := s.Setting(ctx, "sync.direction", "")
	if len(rows) != 0 || n != 0 || v != "to" {
		t.Fatalf("rows %d, contacts %d, setting %q", len(rows), n, v)
	}
}

// Every SQLite migration has its PostgreSQL twin of the same number, so both engines reach the
// same schema version (a migration added for one engine only fails here, not at a practice).
func TestBothEnginesHaveTheSameMigrations(t *testing.T) {
	lite, err := sqliteDialect.migrations()
	if err != nil {
		t.Fatal(err)
	}
	pg, err := postgresDialect.migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(lite) != len(pg) {
		t.Fatalf("%d SQLite migrations but %d PostgreSQL ones: add migrations_pg/%s", len(lite), len(pg), lite[len(lite)-1].name)
	}
	for i := range lite {
		if lite[i].version != pg[i].version || lite[i].name != pg[i].name {
			t.Errorf("migration %s has PostgreSQL twin %s; name them alike", lite[i].name, pg[i].name)
		}
	}
}
