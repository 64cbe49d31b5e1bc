package activity

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"xpmsync/core/export"
	"xpmsync/core/store"
)

// Window is how far back the Integration Progress tab looks (seed 004: the past 72 hours).
const Window = 72 * time.Hour

// Keep is how long events are kept before Prune deletes them.
const Keep = 30 * 24 * time.Hour

// MaxRows caps one listing so a first import of a very large practice still loads quickly.
const MaxRows = 20000

// Filter narrows the listing; zero fields mean "all".
type Filter struct {
	Group  string // one of Groups
	Result string // one of Results
	Client string // part of the client's name
}

// Log reads and tidies the event history in a store.
type Log struct {
	st  *store.Store
	now func() time.Time
	loc *time.Location

	mu         sync.Mutex
	lastPruned time.Time
}

// New makes a Log over st, using the store's clock and the local time zone.
func New(st *store.Store) *Log {
	return &Log{st: st, now: st.Now, loc: time.Local}
}

// SetLocation sets the zone hours and exported times are shown in (tests; default local).
func (l *Log) SetLocation(loc *time.Location) { l.loc = loc }

// Location is the zone hours and exported times are shown in.
func (l *Log) Location() *time.Location { return l.loc }

// Recent lists the past 72 hours of events that pass the filter, newest first.
func (l *Log) Recent(ctx context.Context, f Filter) ([]store.Event, error) {
	q, ok, err := l.query(ctx, f)
	if err != nil || !ok {
		return nil, err
	}
	return l.st.Events(ctx, q)
}

func (l *Log) query(ctx context.Context, f Filter) (store.EventQuery, bool, error) {
	since := l.now().Add(-Window)
	q := store.EventQuery{Since: since, Result: f.Result, Client: f.Client, Limit: MaxRows}
	if f.Group == "" {
		return q, true, nil
	}
	kinds, err := l.st.EventKinds(ctx, since)
	if err != nil {
		return q, false, err
	}
	for _, k := range kinds {
		if string(k.Group()) == f.Group {
			q.Kinds = append(q.Kinds, k)
		}
	}
	return q, len(q.Kinds) > 0, nil
}

// Prune deletes events older than 30 days and says how many went.
func (l *Log) Prune(ctx context.Context) (int64, error) {
	n, err := l.st.PruneEvents(ctx, l.now().Add(-Keep))
	if err != nil {
		return 0, err
	}
	return n, nil
}

// PruneJob is a scheduler job: it prunes at most once an hour, however often it is called.
func (l *Log) PruneJob(ctx context.Context, now time.Time) error {
	l.mu.Lock()
	due := l.lastPruned.IsZero() || now.Sub(l.lastPruned) >= time.Hour
	if due {
		l.lastPruned = now
	}
	l.mu.Unlock()
	if !due {
		return nil
	}
	if _, err := l.Prune(ctx); err != nil {
		return fmt.Errorf("tidy the integration history: %w", err)
	}
	return nil
}

// Waiting counts what waits on the user.
type Waiting struct {
	Imports int // imported people and entities waiting for Import, Ignore or Link (seed 004)
	Clients int // clients flagged for review: conflict, deleted, archived, merged, invalid
}

// Waiting counts the items that wait on the user.
func (l *Log) Waiting(ctx context.Context) (Waiting, error) {
	var w Waiting
	var err error
	if w.Imports, err = l.st.PendingImportCount(ctx); err != nil {
		return w, err
	}
	w.Clients, err = l.st.ReviewCount(ctx)
	return w, err
}

// Bucket is one hour of the results chart.
type Bucket struct {
	Start  time.Time // the hour's start, in the Log's zone
	OK     int       // syncs that finished well in this hour
	Failed int       // syncs that failed in this hour
}

// Hourly counts sync results per hour over the past 72 hours: 72 buckets, oldest first, the
// last one being the hour now running.
func (l *Log) Hourly(ctx context.Context) ([]Bucket, error) {
	now := l.now().In(l.loc)
	cur := time.Date(now.Year(), now.Month(), now.Day(), now.Hour(), 0, 0, 0, l.loc)
	n := int(Window / time.Hour)
	first := cur.Add(-time.Duration(n-1) * time.Hour)
	buckets := make([]Bucket, n)
	for i := range buckets {
		buckets[i].Start = first.Add(time.Duration(i) * time.Hour)
	}
	runs, err := l.st.RunsSince(ctx, first)
	if err != nil {
		return nil, err
	}
	for _, r := range runs {
		i := int(r.FinishedAt.Sub(first) / time.Hour)
		if i < 0 || i >= n {
			continue
		}
		switch r.Status {
		case "ok":
			buckets[i].OK++
		case "failed":
			buckets[i].Failed++
		}
	}
	return buckets, nil
}

// CSVHeader is the first row of the activity export.
var CSVHeader = []string{"Time", "Action", "Client", "Result", "Details", "XPM client UUID", "Sync run"}

// WriteCSV writes the past 72 hours of events that pass the filter, newest first, with
// absolute times in the Log's zone; cells are made safe for spreadsheets.
func (l *Log) WriteCSV(ctx context.Context, w io.Writer, f Filter) error {
	evs, err := l.Recent(ctx, f)
	if err != nil {
		return err
	}
	cw := export.NewWriter(w)
	if err := cw.Write(CSVHeader...); err != nil {
		return err
	}
	for _, e := range evs {
		run := ""
		if e.RunID != 0 {
			run = fmt.Sprint(e.RunID)
		}
		if err := cw.Write(e.At.In(l.loc).Format("2006-01-02 15:04:05"), e.Kind.Label(), e.ClientName,
			ResultOf(string(e.Kind), e.Result), e.Details, e.XPMUUID, run); err != nil {
			return err
		}
	}
	return cw.Flush()
}
