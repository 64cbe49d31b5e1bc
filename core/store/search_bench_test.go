package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"

	"xpmsync/core/model"
)

var (
	benchFirst = []string{"Aroha", "Ben", "Chloe", "Daniel", "Emma", "Finn", "Grace", "Hemi", "Isla", "Jack", "Kiri", "Liam",
		"Mia", "Noah", "Olivia", "Priya", "Quinn", "Ruby", "Sam", "Tama", "Uma", "Vikram", "Wiremu", "Xin", "Yusuf", "Zoe"}
	benchLast = []string{"Smith", "Williams", "Brown", "Taylor", "Wilson", "Ngata", "Patel", "Singh", "Chen", "Walker",
		"Harris", "Kereama", "Martin", "Thompson", "White", "Young", "King", "Lee", "Parata", "Clarke"}
	benchKind = []string{"Ltd", "Trust", "Family Trust", "Holdings Ltd", "& Co", "Partnership", ""}
)

// fillBench makes a practice of n clients: four in five local (half of those linked), the rest
// XPM clients not imported, each with two contacts.
func fillBench(tb testing.TB, s *Store, n int) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	var remote []model.Client
	err := s.WithTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			f, l := benchFirst[r.IntN(len(benchFirst))], benchLast[r.IntN(len(benchLast))]
			c := model.Client{
				UUID:       fmt.Sprintf("xpm-%06d", i),
				Name:       fmt.Sprintf("%s %s %s", f, l, benchKind[r.IntN(len(benchKind))]),
				Email:      fmt.Sprintf("%s.%s%d@example.co.nz", f, l, i),
				Phone:      fmt.Sprintf("09 %03d %04d", r.IntN(1000), r.IntN(10000)),
				ClientCode: fmt.Sprintf("C%05d", i),
				Contacts: []model.Contact{
					{UUID: fmt.Sprintf("k-%06d-a", i), Name: f + " " + l, Email: fmt.Sprintf("%s@example.com", f), Mobile: "021 555 0101"},
					{UUID: fmt.Sprintf("k-%06d-b", i), Name: benchFirst[r.IntN(len(benchFirst))] + " " + l},
				},
			}
			if i%5 == 4 {
				remote = append(remote, c)
				continue
			}
			lc := LocalClient{Client: c}
			if i%2 == 0 {
				lc.XPMUUID = c.UUID
				remote = append(remote, c)
			} else {
				lc.Client.UUID = ""
			}
			if _, err := s.InsertClientTx(ctx, tx, &lc); err != nil {
				return err
			}
		}
		_, err := s.UpsertXPMClientsTx(ctx, tx, 1, remote)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkSearch50k: one op is one search-as-you-type query, as the Clients tab runs it on a
// keystroke, against 50,000 clients: the list (loaded once per filter and sort) narrowed by
// what is typed. The queries are the successive keystrokes of a few searches, so short (broad)
// and long (narrow) prefixes both count. Target: under 50 ms on each engine; the postgres
// variant needs the test cluster (make bench starts one through tools/pg-cluster.sh when
// PostgreSQL is installed) and is skipped without it.
func BenchmarkSearch50k(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		s, err := OpenDir(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		benchSearch(b, s)
	})
	b.Run("postgres", func(b *testing.B) { benchSearch(b, openPostgresTemp(b)) })
}

func benchSearch(b *testing.B, s *Store) {
	fillBench(b, s, 50_000)
	var typed []string
	for _, word := range []string{"kereama", "smith trust", "wiremu", "c0421", "021 555", "chen holdings"} {
		for i := 1; i <= len(word); i++ {
			typed = append(typed, word[:i])
		}
	}
	ctx := context.Background()
	list, err := s.ClientList(ctx, RowQuery{})
	if err != nil || len(list.Keys) != 50_000 {
		b.Fatalf("list of %d clients: %v", len(list.Keys), err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := s.NarrowList(ctx, list, typed[i%len(typed)]); err != nil {
			b.Fatal(err)
		}
	}
}
