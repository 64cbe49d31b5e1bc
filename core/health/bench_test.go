package health

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

var (
	benchFirst = []string{"Aroha", "Ben", "Chloe", "Daniel", "Emma", "Finn", "Grace", "Hemi", "Isla", "Jack", "Kiri", "Liam",
		"Mia", "Noah", "Olivia", "Priya", "Quinn", "Ruby", "Sam", "Tama", "Uma", "Vikram", "Wiremu", "Xin", "Yusuf", "Zoë"}
	benchLast = []string{"Smith", "Williams", "Brown", "Taylor", "Wilson", "Ngata", "Patel", "Singh", "Chen", "Walker",
		"Harris", "Kereama", "Martin", "Thompson", "White", "Young", "King", "Lee", "Parata", "Clarke"}
	benchKind = []string{"Ltd", "Trust", "Family Trust", "Holdings Ltd", "& Co", "Partnership", ""}
)

// fillBench makes a practice of n clients like store's search benchmark: four in five local
// (half of those linked), the rest XPM clients not imported, two contacts each, with the odd
// bad email, missing Partner and re-entered client a real list has.
func fillBench(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	if err := st.UpsertXPMStaff(ctx, []model.Staff{{UUID: "s1", Name: "Ann"}, {UUID: "s2", Name: "Ben"}}); err != nil {
		tb.Fatal(err)
	}
	for _, uuid := range []string{"s1", "s2"} {
		id, err := st.AddTeamMember(ctx, store.TeamMember{Name: uuid})
		if err == nil {
			err = st.LinkTeamMember(ctx, id, uuid, "manual")
		}
		if err != nil {
			tb.Fatal(err)
		}
	}
	var remote []model.Client
	err := st.WithTx(ctx, func(tx *sql.Tx) error {
		for i := 0; i < n; i++ {
			c := benchClient(r, i)
			if i%5 == 4 {
				remote = append(remote, c)
				continue
			}
			lc := store.LocalClient{Client: c}
			if i%2 == 0 {
				lc.XPMUUID = c.UUID
				remote = append(remote, c)
			} else {
				lc.Client.UUID = ""
			}
			if _, err := st.InsertClientTx(ctx, tx, &lc); err != nil {
				return err
			}
		}
		_, err := st.UpsertXPMClientsTx(ctx, tx, 1, remote)
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
}

// benchIdentity is client i's name and date of birth, so a re-entered copy can repeat them.
func benchIdentity(i int) (first, last, kind, dob string) {
	h := uint64(i) * 0x9E3779B97F4A7C15
	return benchFirst[h%26], benchLast[(h>>8)%20], benchKind[(h>>16)%7],
		fmt.Sprintf("19%02d-%02d-%02d", 40+(h>>24)%60, 1+(h>>32)%12, 1+(h>>40)%28)
}

func benchClient(r *rand.Rand, i int) model.Client {
	f, l, kind, dob := benchIdentity(i)
	c := model.Client{
		UUID:          fmt.Sprintf("xpm-%06d", i),
		Name:          fmt.Sprintf("%s %s %s %d", f, l, kind, i),
		Email:         fmt.Sprintf("%s.%s%d@example.co.nz", f, l, i),
		Phone:         fmt.Sprintf("09 %03d %04d", r.IntN(1000), r.IntN(10000)),
		ClientCode:    fmt.Sprintf("C%05d", i),
		DateOfBirth:   dob,
		PostalAddress: "PO Box 1", PostCode: fmt.Sprintf("%04d", r.IntN(10000)), Country: "New Zealand",
		AccountManager: model.Ref{UUID: "s1"}, JobManager: model.Ref{UUID: "s2"},
		Notes: []model.Note{{Title: "File note", Text: "Called about the return; sending the engagement letter."}},
		Contacts: []model.Contact{
			{UUID: fmt.Sprintf("k-%06d-a", i), Name: f + " " + l, Email: fmt.Sprintf("%s@example.com", f), Mobile: "021 555 0101", IsPrimary: true},
			{UUID: fmt.Sprintf("k-%06d-b", i), Name: benchFirst[r.IntN(len(benchFirst))] + " " + l, Phone: "09 300 1000 ext 12"},
		},
	}
	switch i % 50 {
	case 7:
		c.Email = "no-at-sign.example.com"
	case 13:
		c.AccountManager = model.Ref{}
	case 21: // client i-1 entered again, surname first
		f, l, kind, dob := benchIdentity(i - 1)
		c.Name, c.DateOfBirth = fmt.Sprintf("%s, %s %s %d", l, f, kind, i-1), dob
	}
	return c
}

// BenchmarkHealth50k: one op is what opening Data health does after a sync — read 50,000 clients
// (40,000 local, 10,000 XPM only, ~100,000 contacts) from SQLite, run every check and set the
// dismissed findings apart. Target: under 1 s.
func BenchmarkHealth50k(b *testing.B) {
	st := openStore(b)
	fillBench(b, st, 50_000)
	ctx := context.Background()
	svc := &Service{St: st}
	// The sync that brought the clients in has already run the checks once (AfterSync), so the
	// cache of what the checks read is warm when the view opens.
	if err := svc.AfterSync(ctx, 1); err != nil {
		b.Fatal(err)
	}
	var r Review
	for b.Loop() {
		var err error
		if r, err = svc.Review(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if r.Clients != 50_000 || len(r.Open) == 0 {
		b.Fatalf("checked %d clients, %d findings", r.Clients, len(r.Open))
	}
	b.ReportMetric(float64(len(r.Open)), "findings")
}

// BenchmarkRun50k is the checks alone, the records already in memory.
func BenchmarkRun50k(b *testing.B) {
	st := openStore(b)
	fillBench(b, st, 50_000)
	d, err := Load(context.Background(), st)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Run(d)
	}
}
