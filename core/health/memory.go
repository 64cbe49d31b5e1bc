package health

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"xpmsync/core/store"
)

// TrendDays is how long the per-sync counts are kept and shown.
const TrendDays = 90

// Dismissal is a "Not a problem" the user gave a finding.
type Dismissal struct {
	Fingerprint string
	By          string
	At          time.Time
}

// Dismissals reads every "Not a problem", by finding key.
func Dismissals(ctx context.Context, st *store.Store) (map[string]Dismissal, error) {
	rows, err := st.DB().QueryContext(ctx, `SELECT key, fingerprint, dismissed_by, dismissed_at FROM health_dismissals`)
	if err != nil {
		return nil, fmt.Errorf("read the dismissed findings: %w", err)
	}
	defer rows.Close()
	out := map[string]Dismissal{}
	for rows.Next() {
		var k, at string
		var d Dismissal
		if err := rows.Scan(&k, &d.Fingerprint, &d.By, &at); err != nil {
			return nil, fmt.Errorf("read the dismissed findings: %w", err)
		}
		d.At, _ = time.Parse(time.RFC3339Nano, at)
		out[k] = d
	}
	return out, rows.Err()
}

// Dismiss remembers that the user said a finding is not a problem. It stays hidden while the
// data it was found in stays the same.
func Dismiss(ctx context.Context, st *store.Store, f Finding, by string) error {
	_, err := st.DB().ExecContext(ctx, `INSERT INTO health_dismissals(key, check_id, fingerprint, dismissed_by, dismissed_at)
		VALUES(?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET fingerprint=excluded.fingerprint,
		dismissed_by=excluded.dismissed_by, dismissed_at=excluded.dismissed_at`,
		f.Key(), f.Check, f.Fingerprint, by, st.Now().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("remember %q as not a problem: %w", CheckByID(f.Check).Name, err)
	}
	return nil
}

// Open splits findings into those still open and those the user dismissed, for data unchanged
// since. A dismissal whose data changed no longer hides its finding.
func Open(fs []Finding, dismissed map[string]Dismissal) (open, hidden []Finding) {
	open = make([]Finding, 0, len(fs)) // nearly all are open; 80,000 grown by appending are copied over and over
	for _, f := range fs {
		if d, ok := dismissed[f.Key()]; ok && d.Fingerprint == f.Fingerprint {
			hidden = append(hidden, f)
			continue
		}
		open = append(open, f)
	}
	return open, hidden
}

// TrendPoint is the open findings per check recorded after one sync.
type TrendPoint struct {
	At     time.Time
	Counts map[string]int // check ID → open findings
	Total  int
}

// RecordTrend stores the open findings per check after sync run runID and forgets counts older
// than TrendDays.
func RecordTrend(ctx context.Context, st *store.Store, runID int64, open []Finding) error {
	n := map[string]int{}
	for _, f := range open {
		n[f.Check]++
	}
	now := st.Now()
	return st.WithTx(ctx, func(tx *sql.Tx) error {
		for _, c := range Checks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO health_trend(at, run_id, check_id, count) VALUES(?,?,?,?)
				ON CONFLICT(at, check_id) DO UPDATE SET run_id = excluded.run_id, count = excluded.count`,
				now.Format(time.RFC3339Nano), runID, c.ID, n[c.ID]); err != nil {
				return fmt.Errorf("record the data health trend: %w", err)
			}
		}
		cut := now.AddDate(0, 0, -TrendDays).Format(time.RFC3339Nano)
		if _, err := tx.ExecContext(ctx, `DELETE FROM health_trend WHERE at < ?`, cut); err != nil {
			return fmt.Errorf("forget old data health counts: %w", err)
		}
		return nil
	})
}

// Trend reads the counts recorded over the last TrendDays, oldest first.
func Trend(ctx context.Context, st *store.Store) ([]TrendPoint, error) {
	cut := st.Now().AddDate(0, 0, -TrendDays).Format(time.RFC3339Nano)
	rows, err := st.DB().QueryContext(ctx, `SELECT at, check_id, count FROM health_trend WHERE at >= ? ORDER BY at`, cut)
	if err != nil {
		return nil, fmt.Errorf("read the data health trend: %w", err)
	}
	defer rows.Close()
	var out []TrendPoint
	var last string // the stored time of the point being filled: one point per recording
	for rows.Next() {
		var at, id string
		var n int
		if err := rows.Scan(&at, &id, &n); err != nil {
			return nil, fmt.Errorf("read the data health trend: %w", err)
		}
		if len(out) == 0 || at != last {
			last = at
			t, _ := time.Parse(time.RFC3339Nano, at)
			out = append(out, TrendPoint{At: t, Counts: map[string]int{}})
		}
		p := &out[len(out)-1]
		p.Counts[id] = n
		p.Total += n
	}
	return out, rows.Err()
}
