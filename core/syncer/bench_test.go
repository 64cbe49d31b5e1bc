package syncer_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"xpmsync/core/syncer"
	"xpmsync/core/xpmfake"
)

// benchClients is the size issue 5 sets: a large practice (addendum §7).
var benchClients = envInt("XPMSYNC_BENCH_CLIENTS", 15000)

var benchPolicy = syncer.Policy{Direction: syncer.FromXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"}

func benchFake(b *testing.B) (*xpmfake.Server, syncer.API) {
	b.Helper()
	fake, api := startFake(b, xpmfake.Config{Clients: benchClients, Seed: 2026, PMModule: true, DisableRateLimits: true})
	contacts := 0
	for _, c := range fake.Clients() {
		contacts += len(c.Contacts)
	}
	b.Logf("fake practice: %d clients, %d client-contact links, %d distinct contacts", len(fake.Clients()), contacts, len(fake.Contacts()))
	return fake, api
}

// resetPeakRSS starts a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM).
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMB reads the process's peak resident set since the last reset, in MB (0 off Linux).
func peakRSSMB() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkFullSync: one op is a full sync of the whole practice from the fake over loopback
// (rate limits off) into a fresh database, importing every client.
func BenchmarkFullSync(b *testing.B) {
	_, api := benchFake(b)
	ctx := context.Background()
	var calls int64
	peak := 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := openStore(b, benchPolicy)
		eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true})
		resetPeakRSS()
		b.StartTimer()
		res, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if res.Created != benchClients-res.Invalid && res.Created < benchClients*9/10 {
			b.Fatalf("created %d of %d", res.Created, benchClients)
		}
		calls += res.APICalls
		peak = max(peak, peakRSSMB())
		st.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(calls)/float64(b.N), "api-calls")
	b.ReportMetric(peak, "peak-rss-MB")
}

// BenchmarkBareInsert: the local floor — the same rows (mirror, clients, contacts, links)
// written with plain prepared INSERTs in one transaction, no parsing, rules or indexing.
func BenchmarkBareInsert(b *testing.B) {
	fake := xpmfake.New(xpmfake.Config{Clients: benchClients, Seed: 2026, PMModule: true})
	clients := fake.Clients()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := openStore(b, benchPolicy)
		b.StartTimer()
		err := st.WithTx(ctx, func(tx *sql.Tx) error {
			mirror, err := tx.Prepare(`INSERT INTO xpm_clients(uuid, name, email, phone, client_code, data, fetched_at) VALUES(?,?,?,?,?,?,?)`)
			if err != nil {
				return err
			}
			local, err := tx.Prepare(`INSERT INTO clients(name, email, phone, client_code, data, xpm_uuid, link_how, created_at, updated_at) VALUES(?,?,?,?,?,?,?,?,?)`)
			if err != nil {
				return err
			}
			contact, err := tx.Prepare(`INSERT INTO contacts(xpm_uuid, name, salutation, email, phone, mobile, updated_at) VALUES(?,?,?,?,?,?,?)
				ON CONFLICT(xpm_uuid) DO UPDATE SET name=excluded.name RETURNING id`)
			if err != nil {
				return err
			}
			link, err := tx.Prepare(`INSERT OR REPLACE INTO client_contacts(client_id, contact_id, position, is_primary) VALUES(?,?,?,?)`)
			if err != nil {
				return err
			}
			now := time.Now().UTC().Format(time.RFC3339Nano)
			for _, c := range clients {
				data, _ := json.Marshal(c)
				if _, err := mirror.Exec(c.UUID, c.Name, c.Email, c.Phone, c.ClientCode, string(data), now); err != nil {
					return err
				}
				lc := c
				lc.Contacts = nil
				ldata, _ := json.Marshal(lc)
				res, err := local.Exec(c.Name, c.Email, c.Phone, c.ClientCode, string(ldata), c.UUID, "import", now, now)
				if err != nil {
					return err
				}
				id, _ := res.LastInsertId()
				for _, k := range c.Contacts {
					var kid int64
					if err := contact.QueryRow(k.UUID, k.Name, k.Salutation, k.Email, k.Phone, k.Mobile, now).Scan(&kid); err != nil {
						return err
					}
					if _, err := link.Exec(id, kid, k.Position, k.IsPrimary); err != nil {
						return err
					}
				}
			}
			return nil
		})
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		st.Close()
		b.StartTimer()
	}
}

// BenchmarkDeltaNoChange: one op is a "Resync now" when nothing changed in XPM.
func BenchmarkDeltaNoChange(b *testing.B) {
	_, api := benchFake(b)
	ctx := context.Background()
	st := openStore(b, benchPolicy)
	// The engine's clock runs an hour ahead so the seeded clients fall before the delta window.
	later := func() time.Time { return time.Now().Add(time.Hour) }
	eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true, Now: later})
	if _, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		b.Fatal(err)
	}
	var calls int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := eng.Sync(ctx, syncer.Delta, syncer.TriggerSchedule, nil)
		if err != nil {
			b.Fatal(err)
		}
		if res.Clients != 0 || res.Updated != 0 {
			b.Fatalf("delta with no change fetched %d, updated %d", res.Clients, res.Updated)
		}
		calls += res.APICalls
	}
	b.ReportMetric(float64(calls)/float64(b.N), "api-calls")
}

// envInt lets a profiling run use a smaller practice; the figures quoted use the default.
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
