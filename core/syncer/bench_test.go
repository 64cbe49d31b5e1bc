package syncer_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
)

// benchClients is the size issue 5 sets: a large practice (addendum §7).
var benchClients = envInt("XPMSYNC_BENCH_CLIENTS", 15000)

var benchPolicy = syncer.Policy{Direction: syncer.FromXPM, Level: syncer.Everything, ImportAll: true, DefaultCountryCode: "61"}

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
	api := benchFake(b)
	ctx := context.Background()
	var calls int64
	var cpu time.Duration
	peak := 0.0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, done := openBenchStore(b)
		eng := syncer.New(st, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true})
		// Start from the live heap only: garbage left by building the fake is not the sync's.
		runtime.GC()
		debug.FreeOSMemory()
		resetPeakRSS()
		cpu0 := cpuTime()
		b.StartTimer()
		res, err := eng.Sync(ctx, syncer.Full, syncer.TriggerCLI, nil)
		b.StopTimer()
		cpu += cpuTime() - cpu0
		if err != nil {
			b.Fatal(err)
		}
		if res.Created != benchClients-res.Invalid && res.Created < benchClients*9/10 {
			b.Fatalf("created %d of %d", res.Created, benchClients)
		}
		calls += res.APICalls
		peak = max(peak, peakRSSMB())
		done()
		b.StartTimer()
	}
	b.ReportMetric(float64(calls)/float64(b.N), "api-calls")
	b.ReportMetric(peak, "peak-rss-MB")
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
}

// BenchmarkBareInsert: the local floor — exactly the rows a full sync writes (mirror, clients,
// contacts, links, baselines, search index, events, summary, run record), written with plain
// prepared INSERTs in one transaction: no fetching, parsing, rules or JSON. The rows are read
// back from a full sync before the timer starts, and each op checks it wrote as many rows to
// every table as that sync did, so the two benchmarks stay comparable.
func BenchmarkBareInsert(b *testing.B) {
	api := benchFake(b)
	ctx := context.Background()
	src := openStore(b, benchPolicy)
	if _, err := syncer.New(src, api, syncer.Options{Logger: slog.New(slog.DiscardHandler), NoAutoPush: true}).
		Sync(ctx, syncer.Full, syncer.TriggerCLI, nil); err != nil {
		b.Fatal(err)
	}
	tables := syncedRows(b, src, openStore(b, benchPolicy))
	src.Close()
	var cpu time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, done := openBenchStore(b)
		cpu0 := cpuTime()
		b.StartTimer()
		err := st.WithTx(ctx, func(tx *sql.Tx) error {
			for _, t := range tables {
				ins, err := tx.PrepareContext(ctx, `INSERT INTO `+t.name+`(`+strings.Join(t.cols, ",")+`) VALUES(?`+strings.Repeat(",?", len(t.cols)-1)+`)`)
				if err != nil {
					return err
				}
				for _, row := range t.rows {
					if _, err := ins.ExecContext(ctx, row...); err != nil {
						return fmt.Errorf("%s: %w", t.name, err)
					}
				}
			}
			return nil
		})
		b.StopTimer()
		cpu += cpuTime() - cpu0
		if err != nil {
			b.Fatal(err)
		}
		for _, t := range tables {
			if n := rowCount(b, st, t.name); n != t.count {
				b.Fatalf("bare insert left %d rows in %s, the full sync %d", n, t.name, t.count)
			}
		}
		done()
		b.StartTimer()
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s")
}

// openBenchStore opens a fresh store for one op; done closes it, deletes its files and waits
// until the system has written what the op left dirty, so no op pays for the one before
// (without it one op in four took 40 % longer, whichever benchmark it was).
func openBenchStore(b *testing.B) (st *store.Store, done func()) {
	b.Helper()
	dir, err := os.MkdirTemp("", "xpmsync-bench-")
	if err != nil {
		b.Fatal(err)
	}
	if st, err = store.OpenDir(dir); err != nil {
		b.Fatal(err)
	}
	if err := syncer.SavePolicy(context.Background(), st, benchPolicy); err != nil {
		b.Fatal(err)
	}
	return st, func() {
		st.Close()
		os.RemoveAll(dir)
		settleDisk()
	}
}

// tableRows is what a full sync wrote to one table.
type tableRows struct {
	name  string
	cols  []string
	rows  [][]any
	count int
}

// insertOrder puts parents before children (foreign keys are on); tables not named here follow.
var insertOrder = []string{"xpm_staff", "staff", "sync_runs", "xpm_clients", "clients", "contacts", "client_contacts",
	"client_baselines", "search_refs", "client_search", "sync_issues", "events", "field_history", "outbox", "sync_state"}

// syncedRows reads every row the full sync wrote to synced, table by table: every table that a
// fresh database (fresh) leaves empty. A table a fresh database fills must be untouched.
func syncedRows(b *testing.B, synced, fresh *store.Store) []tableRows {
	b.Helper()
	rows, err := synced.DB().Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'
		AND name NOT LIKE 'client\_search\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		b.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			b.Fatal(err)
		}
		names = append(names, n)
	}
	rows.Close()
	slices.SortStableFunc(names, func(x, y string) int {
		i, j := slices.Index(insertOrder, x), slices.Index(insertOrder, y)
		if i < 0 {
			i = len(insertOrder)
		}
		if j < 0 {
			j = len(insertOrder)
		}
		return i - j
	})
	var out []tableRows
	for _, name := range names {
		n, before := rowCount(b, synced, name), rowCount(b, fresh, name)
		if before > 0 {
			if n != before {
				b.Fatalf("the sync changed %s, which a fresh database fills: the bare insert cannot copy it", name)
			}
			continue
		}
		if n == 0 {
			continue
		}
		sel := `SELECT * FROM ` + name
		if name == "client_search" { // a virtual table: its rowid is not among its columns
			sel = `SELECT rowid AS rowid, * FROM ` + name
		}
		rs, err := synced.DB().Query(sel)
		if err != nil {
			b.Fatal(err)
		}
		t := tableRows{name: name, count: n}
		t.cols, _ = rs.Columns()
		for rs.Next() {
			vals := make([]any, len(t.cols))
			ptrs := make([]any, len(t.cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				b.Fatal(err)
			}
			t.rows = append(t.rows, vals)
		}
		rs.Close()
		out = append(out, t)
	}
	return out
}

func rowCount(b *testing.B, st *store.Store, table string) int {
	b.Helper()
	var n int
	if err := st.DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}

// BenchmarkDeltaNoChange: one op is a "Resync now" when nothing changed in XPM.
func BenchmarkDeltaNoChange(b *testing.B) {
	api := benchFake(b)
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
