package syncer

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/store"
	"xpmsync/core/words"
	"xpmsync/core/xpm"
)

// cursorKey is the sync_state key of the start time of the last complete client list.
const cursorKey = "clients.cursor"

// runState is what one sync run carries between batches.
type runState struct {
	e          *Engine
	policy     Policy
	runID      int64
	res        Result // the committer's while a list streams; the run's after
	links      store.StaffLinks
	liveBefore int               // XPM clients the mirror held before a full list (sanity check)
	bulk       *store.BulkWriter // the connection the batches commit on (nil: the store's pool)
	progress   func(Progress)

	// While a client list streams, two goroutines work on the run (see listClients); each
	// owns one of these, and the fields above are set before the list starts and only read
	// while it runs.
	listed listedState
	saved  savedState
}

// listedState belongs to the list goroutine while a list streams.
type listedState struct {
	seen     map[string]bool        // clients received this run (a retried list repeats some)
	owner    map[string]string      // contact UUID → name of a live XPM client holding it
	unlinked func(uuid string) bool // the client was not linked when the run began (nil: no import planning ahead)
}

// savedState belongs to the committer while a list streams.
type savedState struct {
	linked   map[string]int64             // XPM UUID → local client ID
	issues   map[string][]store.SyncIssue // current issues per XPM client
	flagged  []int64                      // local clients flagged deleted this run (merge check)
	failures int                          // clients that could not be saved this run
	failed   map[string]bool              // their UUIDs, not retried within the run
}

func (e *Engine) run(ctx context.Context, kind Kind, trigger string, progress func(Progress)) (Result, error) {
	// Once the run's last write is done, not before: emptying the log holds writers back.
	defer e.st.ShrinkWALLater()
	start := e.now()
	calls0 := e.api.n.Load()
	policy, err := LoadPolicy(ctx, e.st)
	if err != nil {
		return Result{Kind: kind}, err
	}
	cursor, err := e.st.State(ctx, e.st.DB(), cursorKey)
	if err != nil {
		return Result{Kind: kind}, err
	}
	since := time.Time{}
	if kind == Delta {
		if t, err := time.Parse(time.RFC3339Nano, cursor); err == nil {
			since = t.Add(-e.opts.Overlap)
		} else {
			kind = Full // no complete list yet: a delta has nothing to start from
		}
	}
	runID, err := e.st.StartRun(ctx, kind.String(), trigger)
	if err != nil {
		return Result{Kind: kind}, err
	}
	rs := &runState{e: e, policy: policy, runID: runID, res: Result{RunID: runID, Kind: kind}, progress: progress,
		listed: listedState{seen: map[string]bool{}, owner: map[string]string{}}, saved: savedState{failed: map[string]bool{}}}
	e.emit(ctx, store.Event{RunID: runID, Kind: model.EventSyncStarted, Details: fmt.Sprintf("%s sync (%s), %s, %s", kind, trigger, policy.Direction, policy.Level)})
	e.log.Info("sync started", "run", runID, "kind", kind.String(), "trigger", trigger)

	err = rs.pull(ctx, kind, since, start)
	if err == nil {
		_, err = e.flush(ctx, &rs.res)
	}
	rs.res.APICalls = e.api.n.Load() - calls0
	rs.res.Duration = e.now().Sub(start)
	status, msg := "ok", summarize(rs.res)
	switch {
	case errors.Is(err, context.Canceled):
		status, msg = "cancelled", "Sync cancelled; what was fetched before is kept."
	case err != nil:
		status, msg = "failed", problem.Words(err)
	}
	fctx := context.WithoutCancel(ctx)
	if ferr := e.st.FinishRun(fctx, store.Run{ID: runID, Status: status, Message: msg, Clients: rs.res.Clients,
		Contacts: rs.res.Contacts, Staff: rs.res.Staff, Changes: rs.res.Created + rs.res.Updated, APICalls: int(rs.res.APICalls)}); ferr != nil && err == nil {
		err = ferr
	}
	if err != nil {
		e.emit(fctx, store.Event{RunID: runID, Kind: model.EventSyncFailed, Result: "failed", Details: msg})
		e.log.Warn("sync failed", "run", runID, "err", err)
		return rs.res, fmt.Errorf("%s sync: %w", kind, err)
	}
	e.emit(fctx, store.Event{RunID: runID, Kind: model.EventSyncFinished, Details: msg})
	e.afterSync(fctx, runID)
	e.log.Info("sync finished", "run", runID, "clients", rs.res.Clients, "updated", rs.res.Updated, "created", rs.res.Created,
		"calls", rs.res.APICalls, "took", rs.res.Duration)
	return rs.res, nil
}

// summarize words a finished run for the history: only what happened, and a delta that found
// nothing new says so rather than "0 clients checked; 0 created, 0 updated, …".
func summarize(r Result) string {
	changes := words.Changes(words.Run{Created: r.Created, Updated: r.Updated, Pushed: r.Pushed, Conflicts: r.Conflicts,
		Flagged: r.Flagged, Invalid: r.Invalid})
	if r.Clients == 0 && r.Contacts == 0 {
		if changes == words.NoChanges {
			return "No client had changed in XPM since the last sync."
		}
		return "No client had changed in XPM since the last sync; " + changes + "."
	}
	return fmt.Sprintf("%s and %s checked; %s.", words.Count(r.Clients, "client"), words.Count(r.Contacts, "contact"), changes)
}

func (rs *runState) pull(ctx context.Context, kind Kind, since, start time.Time) (err error) {
	if err := rs.pullStaff(ctx, kind); err != nil {
		return err
	}
	if rs.bulk, err = rs.e.st.NewBulkWriter(ctx); err != nil {
		return err
	}
	defer func() {
		if cerr := rs.bulk.Close(); cerr != nil && err == nil {
			err = cerr
		}
		rs.bulk = nil
	}()
	step := "Fetching all clients from XPM"
	if !since.IsZero() {
		step = "Fetching clients changed in XPM since " + since.Local().Format("2 Jan 15:04")
	}
	rs.progress(Progress{Step: step})
	if kind == Full && rs.policy.ImportAll {
		// A full import plans each new client on the list goroutine (see fetched); the
		// committer still decides whether the plan is used.
		before, err := rs.e.st.LinkedClientIDs(ctx)
		if err != nil {
			return err
		}
		rs.listed.unlinked = func(uuid string) bool { return before[uuid] == 0 }
	}
	last, err := rs.listClients(ctx, kind, since, step)
	if err != nil {
		return err
	}
	// The last batch carries the cursor: it only moves once everything it covers is stored.
	if err := rs.commit(ctx, last, ts(start)); err != nil {
		return err
	}
	rs.progress(Progress{Step: step, Done: rs.res.Clients, Total: rs.res.Clients})
	if kind == Full {
		if err := rs.checkGone(ctx); err != nil {
			return err
		}
	}
	if rs.policy.ImportAll {
		if err := rs.importRest(ctx); err != nil {
			return err
		}
	}
	return rs.checkMerges(ctx)
}

// pullStaff mirrors XPM's staff and reads the staff links, and for a full sync how many
// clients the mirror held before.
func (rs *runState) pullStaff(ctx context.Context, kind Kind) error {
	e, st := rs.e, rs.e.st
	rs.progress(Progress{Step: "Fetching staff from XPM"})
	staff, err := e.api.ListStaff(ctx)
	if err != nil {
		return fmt.Errorf("fetch staff: %w", err)
	}
	if err := st.UpsertXPMStaff(ctx, staff); err != nil {
		return err
	}
	rs.res.Staff = len(staff)
	if rs.links, err = st.StaffLinksTx(ctx, st.DB()); err != nil {
		return err
	}
	if kind == Full {
		if rs.liveBefore, err = st.XPMClientCount(ctx); err != nil {
			return err
		}
	}
	return nil
}

// listClients streams XPM's client list into batches. Decoding and storing overlap: full
// batches go to a committer goroutine while the next batch is parsed, so a large practice
// costs max(parse, store) rather than their sum. The channel holds none: a batch waits in the
// sender, so at most two are in memory. It returns the last, partial batch, not yet stored.
func (rs *runState) listClients(ctx context.Context, kind Kind, since time.Time, step string) (fetched, error) {
	l := &lister{rs: rs, kind: kind, step: step, batches: make(chan fetched), done: make(chan error, 1), batch: rs.newFetched()}
	go l.commitAll(ctx)
	listErr := rs.e.api.ListClients(ctx, xpm.ListOptions{Detailed: true, ModifiedSince: since}, l.add)
	// The list is read: the committer has at most two batches left, so their pages are
	// copied into the database file as they commit rather than all in Close.
	rs.bulk.Hurry()
	close(l.batches)
	commitErr := <-l.done
	rs.res.Clients, rs.res.Contacts = l.clients, l.contacts
	switch {
	case commitErr != nil:
		return fetched{}, commitErr
	case listErr != nil:
		return fetched{}, fmt.Errorf("fetch clients: %w", listErr)
	}
	return l.batch, nil
}

// lister is the list goroutine's side of listClients.
type lister struct {
	rs                *runState
	kind              Kind
	step              string
	batches           chan fetched
	done              chan error
	batch             fetched
	handed            int // batches handed to the committer
	clients, contacts int
}

// commitAll is the committer goroutine: it stores each full batch in turn.
func (l *lister) commitAll(ctx context.Context) {
	for b := range l.batches {
		if err := l.rs.commit(ctx, b, ""); err != nil {
			l.done <- err // seen by the list callback, which stops the list
			for range l.batches {
			}
			return
		}
	}
	l.done <- nil
}

// add takes one listed client and hands a full batch to the committer.
func (l *lister) add(c model.Client) error {
	rs := l.rs
	l.countNew(c)
	if !c.IsDeleted {
		for _, ct := range c.Contacts {
			rs.listed.owner[ct.UUID] = c.Name
		}
	}
	l.batch.add(c, rs)
	if len(l.batch.clients) < l.batchSize() {
		return nil
	}
	select {
	case l.batches <- l.batch:
	case err := <-l.done: // the committer stopped early: stop the list too
		l.done <- err
		return err
	}
	l.handed++
	l.batch = rs.newFetched()
	total := 0 // a full list is about as long as the mirror: a good estimate for the bar
	if l.kind == Full && rs.liveBefore > l.clients {
		total = rs.liveBefore
	}
	rs.progress(Progress{Step: l.step, Done: l.clients, Total: total})
	return nil
}

// firstBatch caps the first batch: the committer, the sync's slowest part, waits for it
// idle, and 100 clients are decoded in a fifth of the time of 500 (a full sync's writing
// starts some 50 ms sooner).
const firstBatch = 100

// batchSize is how many clients the batch being filled takes.
func (l *lister) batchSize() int {
	if l.handed == 0 {
		return min(firstBatch, l.rs.e.opts.BatchSize)
	}
	return l.rs.e.opts.BatchSize
}

// countNew counts a client (and its live contacts) the first time the list shows it.
func (l *lister) countNew(c model.Client) {
	if l.rs.listed.seen[c.UUID] {
		return
	}
	l.rs.listed.seen[c.UUID] = true
	l.clients++
	for _, ct := range c.Contacts {
		if !ct.IsDeleted {
			l.contacts++
		}
	}
}

// checkGone flags clients a full list no longer shows, unless the list is suspiciously short.
func (rs *runState) checkGone(ctx context.Context) error {
	clients := rs.res.Clients
	if clients < rs.liveBefore/2 && rs.liveBefore > 20 {
		// Far fewer clients than last time is more likely a fault than mass deletion: flag
		// nothing, and say so.
		rs.e.emit(ctx, store.Event{RunID: rs.runID, Kind: model.EventGoneCheckSkipped, Result: "warning",
			Details: fmt.Sprintf("XPM listed %d clients where %d were listed before; clients missing from this list were not flagged. The next full resync checks again.", clients, rs.liveBefore)})
		return nil
	}
	rs.progress(Progress{Step: "Checking for clients XPM no longer lists"})
	gone, err := rs.e.st.MarkGoneExcept(ctx, rs.runID, len(rs.listed.seen))
	if err != nil {
		return err
	}
	return rs.flagGone(ctx, gone)
}

// importRest creates the XPM clients that are in the mirror but not here yet: import-all was
// just switched on, or a delta could not bring them. It runs after the gone-check so that it
// never marks a vanished client as seen.
func (rs *runState) importRest(ctx context.Context) error {
	if more, err := rs.e.st.HasUnimportedXPMClients(ctx); err != nil || !more {
		return err // after a full import, usually none: the list below would read every mirrored client
	}
	rows, err := rs.e.st.ClientRows(ctx, store.RowQuery{Filter: store.FilterXPMOnly})
	if err != nil {
		return err
	}
	var batch fetched
	for _, r := range rows {
		if r.Archived || r.Deleted || r.Gone || rs.saved.linked[r.XPMUUID] != 0 || rs.saved.failed[r.XPMUUID] {
			continue
		}
		x, err := rs.e.st.XPMClientByUUID(ctx, r.XPMUUID)
		if err != nil {
			return err
		}
		batch.clients = append(batch.clients, x.Client)
		if len(batch.clients) == rs.e.opts.BatchSize {
			if err := rs.commit(ctx, batch, ""); err != nil {
				return err
			}
			batch.clients = batch.clients[:0]
		}
	}
	return rs.commit(ctx, batch, "")
}

func ts(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func currentIssues(ctx context.Context, st *store.Store) (map[string][]store.SyncIssue, error) {
	all, err := st.SyncIssues(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string][]store.SyncIssue{}
	for _, is := range all {
		out[is.ClientUUID] = append(out[is.ClientUUID], is)
	}
	return out, nil
}

func sameIssues(a, b []store.SyncIssue) bool {
	return slices.EqualFunc(a, b, func(x, y store.SyncIssue) bool {
		return x.Record == y.Record && x.XPMUUID == y.XPMUUID && x.Name == y.Name && x.Field == y.Field && x.Value == y.Value && x.Reason == y.Reason
	})
}

// errClientFailed stops a batch tried without savepoints: it is tried again with them.
var errClientFailed = errors.New("a client could not be saved")

// fetched is a batch of clients from the list with what the list goroutine, which waits on
// the store most of the time, prepared for the committer: each client's mirror record and,
// for the clients a full import will create, their import plan and local record.
type fetched struct {
	clients []model.Client
	mirror  []string   // store.XPMClientJSON of clients[i]; nil or "": encoded by the committer
	plans   []*planned // plans[i] for clients[i]; nil or short: none
}

// planned is an import plan made ahead, with its local client (store.LocalJSON) and its
// baseline (store.BaselineJSON) encoded.
type planned struct {
	plan            clientPlan
	local, baseline string
}

func (rs *runState) newFetched() fetched {
	f := fetched{clients: make([]model.Client, 0, rs.e.opts.BatchSize), mirror: make([]string, 0, rs.e.opts.BatchSize)}
	if rs.listed.unlinked != nil {
		f.plans = make([]*planned, 0, rs.e.opts.BatchSize)
	}
	return f
}

// add appends c with its mirror record, planning its import when import-all will create it.
// An encoding that fails is left to the committer, which reports it.
func (f *fetched) add(c model.Client, rs *runState) {
	f.clients = append(f.clients, c)
	if rs.listed.unlinked == nil || c.IsDeleted || c.IsArchived || !rs.listed.unlinked(c.UUID) {
		data, _ := store.XPMClientJSON(&c)
		f.mirror = append(f.mirror, data)
		if rs.listed.unlinked != nil {
			f.plans = append(f.plans, nil)
		}
		return
	}
	// The local client is the XPM client less its contacts (importPlan): one encoding serves both.
	mirror, local, _ := store.XPMAndLocalJSON(&c)
	f.mirror = append(f.mirror, mirror)
	p := &planned{plan: importPlan(rs.policy, &c, rs.links), local: local}
	p.baseline = store.BaselineJSON(p.plan.Baseline)
	p.plan.Baseline = nil // encoded; the map would only hold the batch's memory
	f.plans = append(f.plans, p)
}

// plan is what was planned ahead for client i, or nil.
func (f *fetched) plan(i int) *planned {
	if i < len(f.plans) {
		return f.plans[i]
	}
	return nil
}

// commit stores one batch in one transaction: the mirror, then the rules for linked
// clients, then import-all; cursor != "" also advances the delta cursor in the same commit.
//
// A client that cannot be saved must not cost the rest of its batch, which takes a savepoint
// per client; but a savepoint copies every page it touches to a journal first, which made it
// the largest cost of a sync. So a batch is first tried without them, and only when one of its
// clients fails is it rolled back and tried again client by client.
func (rs *runState) commit(ctx context.Context, batch fetched, cursor string) error {
	if rs.saved.linked == nil && len(batch.clients) > 0 {
		// Read lazily: a delta that brings nothing (the common case) never needs them.
		var err error
		if rs.saved.linked, err = rs.e.st.LinkedClientIDs(ctx); err != nil {
			return err
		}
		if rs.saved.issues, err = currentIssues(ctx, rs.e.st); err != nil {
			return err
		}
	}
	err := rs.commitBatch(ctx, batch, cursor, false)
	if errors.Is(err, errClientFailed) && ctx.Err() == nil {
		err = rs.commitBatch(ctx, batch, cursor, true)
	}
	return err
}

// commitBatch is one attempt at commit; isolate puts each client in its own savepoint.
func (rs *runState) commitBatch(ctx context.Context, b fetched, cursor string, isolate bool) error {
	st := rs.e.st
	bs := &batchState{res: rs.res, linked: maps.Clone(rs.saved.linked), issues: map[string][]store.SyncIssue{}}
	apply := rs.applyJoined
	if isolate {
		apply = rs.applyIsolated
	}
	withTx := st.WithTx
	if rs.bulk != nil {
		withTx = rs.bulk.WithTx
	}
	err := withTx(ctx, func(tx *sql.Tx) error {
		bs.events = bs.events[:0]
		// Every statement below is prepared once for the batch, not once per client.
		q := store.NewTxStmts(tx)
		w := st.NewClientWriter(q)
		if _, err := w.UpsertXPMClientsJSON(ctx, rs.runID, b.clients, b.mirror); err != nil {
			return err
		}
		// What was encoded ahead is let go as soon as it is written, so a batch's memory
		// shrinks while it commits; an attempt made again encodes and plans afresh.
		clear(b.mirror)
		for i := range b.clients {
			if err := apply(ctx, q, w, &b.clients[i], b.plan(i), bs); err != nil {
				return err
			}
			if i < len(b.plans) {
				b.plans[i] = nil
			}
		}
		return rs.finishBatchTx(ctx, q, w, cursor, bs.events)
	})
	if err != nil {
		return err
	}
	rs.res, rs.saved.linked = bs.res, bs.linked
	maps.Copy(rs.saved.issues, bs.issues)
	rs.saved.flagged = append(rs.saved.flagged, bs.flagged...)
	rs.e.feed(bs.events...)
	return nil
}

// batchState is what one batch's transaction has done so far; it becomes the run's only
// when the transaction commits.
type batchState struct {
	res     Result
	linked  map[string]int64
	issues  map[string][]store.SyncIssue
	flagged []int64
	events  []store.Event
}

// keep takes one client's result into the batch.
func (bs *batchState) keep(r Result, evs []store.Event, flagged int64) {
	bs.res = r
	bs.events = append(bs.events, evs...)
	if flagged != 0 {
		bs.flagged = append(bs.flagged, flagged)
	}
}

// applyJoined applies a client with no savepoint of its own: a failure fails the batch.
func (rs *runState) applyJoined(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, x *model.Client, ahead *planned, bs *batchState) error {
	r := bs.res
	evs, fl, err := rs.applyOne(ctx, q, w, x, ahead, bs.linked, bs.issues, &r)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("%w: %s: %w", errClientFailed, x.UUID, err)
	}
	bs.keep(r, evs, fl)
	return nil
}

// applyIsolated applies a client in its own savepoint: one that cannot be saved is reported
// and skipped without losing the rest of the batch.
func (rs *runState) applyIsolated(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, x *model.Client, ahead *planned, bs *batchState) error {
	if _, err := q.ExecContext(ctx, `SAVEPOINT client`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	r := bs.res
	before, wasLinked := bs.linked[x.UUID]
	mark := w.Mark()
	evs, fl, err := rs.applyOne(ctx, q, w, x, ahead, bs.linked, bs.issues, &r)
	if err != nil {
		if wasLinked {
			bs.linked[x.UUID] = before
		} else {
			delete(bs.linked, x.UUID)
		}
		if evs, err = rs.skipClient(ctx, q, w, mark, x, err); err != nil {
			return err
		}
		r, fl = bs.res, 0
	}
	if _, err := q.ExecContext(ctx, `RELEASE client`); err != nil {
		return fmt.Errorf("release savepoint: %w", err)
	}
	bs.keep(r, evs, fl)
	return nil
}

// skipClient rolls a failed client back to its savepoint and reports it, unless the run must
// stop (cancelled, or too many failures): then the error is returned.
func (rs *runState) skipClient(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, mark int, x *model.Client, failure error) ([]store.Event, error) {
	if _, rerr := q.ExecContext(ctx, `ROLLBACK TO client`); rerr != nil {
		return nil, fmt.Errorf("roll back client %s: %w", x.UUID, rerr)
	}
	w.Rewind(mark)
	rs.saved.failures++
	rs.saved.failed[x.UUID] = true
	if ctx.Err() != nil || rs.saved.failures > maxClientFailures {
		return nil, failure
	}
	rs.e.log.Warn("client not saved", "uuid", x.UUID, "err", failure)
	return []store.Event{{RunID: rs.runID, Kind: model.EventClientFailed, Result: "failed", XPMUUID: x.UUID, ClientName: x.Name,
		Details: "Could not be saved; the next sync tries again: " + failure.Error()}}, nil
}

// finishBatchTx moves the cursor (unless a client failed, so the next delta fetches it
// again), records the batch's events and flushes the search index in one piece.
func (rs *runState) finishBatchTx(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, cursor string, events []store.Event) error {
	st := rs.e.st
	if cursor != "" && rs.saved.failures == 0 {
		if err := st.SetState(ctx, q, cursorKey, cursor); err != nil {
			return err
		}
	}
	for _, ev := range events {
		if err := st.AddEventTx(ctx, q, ev); err != nil {
			return err
		}
	}
	// After the last savepoint: the batch's index entries reach the index in one piece.
	return w.Flush(ctx)
}

// issueWords says in plain words what a sync issue means for the practice.
func issueWords(is store.SyncIssue) string {
	if is.Record == "client" {
		return "No contact imported for this client: " + is.Reason + ". Fix it in XPM; the next sync picks it up."
	}
	return fmt.Sprintf("Contact %q not imported: %s. Fix it in XPM; the next sync picks it up.", is.Name, is.Reason)
}

// maxClientFailures stops a run whose clients keep failing: something bigger is wrong.
const maxClientFailures = 20

// applyOne stores what one XPM client means locally inside q's transaction, saving clients
// through w, and returns its events and, when it was flagged deleted, its local ID. ahead is
// its import plan when one was made ahead (used only if the client is still to be imported).
// linked and issues are updated on success.
func (rs *runState) applyOne(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, x *model.Client, ahead *planned, linked map[string]int64,
	issues map[string][]store.SyncIssue, res *Result) ([]store.Event, int64, error) {
	st := rs.e.st
	var pl clientPlan
	var events []store.Event
	var flagged int64
	id, isLinked := linked[x.UUID]
	switch {
	case isLinked:
		lc, err := st.ClientTx(ctx, q, id)
		if err != nil {
			return nil, 0, err
		}
		base, hb, err := st.BaselineTx(ctx, q, id)
		if err != nil {
			return nil, 0, err
		}
		pl = planLinked(rs.policy, lc, x, base, hb, rs.links)
		evs, err := rs.applyLinked(ctx, q, w, &pl, x, base, res)
		if err != nil {
			return nil, 0, err
		}
		events = append(events, evs...)
		if pl.Event == "deleted" {
			flagged = id
		}
	case rs.policy.ImportAll && !x.IsDeleted && !x.IsArchived:
		var ev store.Event
		var err error
		if pl, ev, err = rs.importOne(ctx, q, w, x, ahead); err != nil {
			return nil, 0, err
		}
		linked[x.UUID] = ev.ClientID
		res.Created++
		events = append(events, ev)
	default:
		return nil, 0, nil // an XPM client nobody picked: the mirror is all we keep (seed 000)
	}
	if !sameIssues(pl.Issues, rs.saved.issues[x.UUID]) {
		if err := st.ReplaceIssuesTx(ctx, q, x.UUID, rs.runID, pl.Issues); err != nil {
			return nil, 0, err
		}
		issues[x.UUID] = pl.Issues
		for _, is := range pl.Issues {
			events = append(events, store.Event{RunID: rs.runID, Kind: model.EventNotImported, Result: "skipped", XPMUUID: x.UUID,
				ClientName: x.Name, Details: issueWords(is)})
		}
	}
	res.Invalid += len(pl.Issues)
	return events, flagged, nil
}

// importOne creates the local client of XPM client x, with ahead's plan when one was made,
// and returns the plan and its event.
func (rs *runState) importOne(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, x *model.Client, ahead *planned) (clientPlan, store.Event, error) {
	var pl clientPlan
	var local, baseline string
	if ahead != nil {
		pl, local, baseline = ahead.plan, ahead.local, ahead.baseline
	} else {
		pl = importPlan(rs.policy, x, rs.links)
		baseline = store.BaselineJSON(pl.Baseline)
	}
	id, err := w.InsertJSON(ctx, &pl.Local, local)
	if err != nil {
		return pl, store.Event{}, err
	}
	if err := rs.e.st.SetBaselineJSON(ctx, q, id, baseline); err != nil {
		return pl, store.Event{}, err
	}
	return pl, store.Event{RunID: rs.runID, Kind: model.EventClientCreated, ClientID: id, XPMUUID: x.UUID,
		ClientName: x.Name, Details: "Imported from XPM with " + words.Count(len(pl.Local.Client.Contacts), "contact")}, nil
}

// applyLinked saves a linked client's plan inside q's transaction and returns the events it made.
func (rs *runState) applyLinked(ctx context.Context, q *store.TxStmts, w *store.ClientWriter, pl *clientPlan, x *model.Client, oldBase map[string]string, res *Result) ([]store.Event, error) {
	st := rs.e.st
	id := pl.Local.ID
	var evs []store.Event
	ev := func(kind model.EventKind, result, details string) {
		evs = append(evs, store.Event{RunID: rs.runID, Kind: kind, Result: result, ClientID: id, XPMUUID: x.UUID,
			ClientName: pl.Local.Client.Name, Details: details})
	}
	if pl.Changed {
		if err := w.Update(ctx, &pl.Local); err != nil {
			return nil, err
		}
		res.Updated++
		if names := rs.takenFromXPM(pl); len(names) > 0 {
			ev(model.EventClientUpdated, "ok", "Updated from XPM: "+strings.Join(names, ", "))
		}
	}
	for _, h := range pl.History {
		h.ClientID, h.RunID = id, rs.runID
		if err := st.AddHistoryTx(ctx, q, h); err != nil {
			return nil, err
		}
	}
	if len(pl.Conflicts) > 0 {
		res.Conflicts++
		ev(model.EventConflict, "warning", fmt.Sprintf("Changed in both places since the last sync: %s. %s kept; the other value is in the client's history.",
			strings.Join(pl.Conflicts, ", "), winnerWords(rs.policy.Direction)))
	}
	if pl.SetReview && pl.Review != "" {
		res.Flagged++
	}
	if kind, result, words := reviewEvent(pl.Event); kind != "" {
		ev(kind, result, words)
	}
	if !maps.Equal(pl.Baseline, oldBase) && pl.Baseline != nil {
		if err := st.SetBaselineQ(ctx, q, id, pl.Baseline); err != nil {
			return nil, err
		}
	}
	queued, err := rs.queuePlanPush(ctx, q, pl)
	if err != nil {
		return nil, err
	}
	if queued {
		ev(model.EventPushQueued, "pending", "Local values queued for XPM: "+model.FieldLabels(slices.Sorted(maps.Keys(pl.Push))))
	}
	return evs, nil
}

// takenFromXPM labels the fields whose XPM value was applied locally.
func (rs *runState) takenFromXPM(pl *clientPlan) []string {
	var names []string
	for _, f := range pl.Fields {
		if f.Outcome == TookXPM || (f.Outcome == DirectionWins && rs.policy.Direction == FromXPM) {
			names = append(names, f.Label)
		}
	}
	return names
}

// reviewEvent is the event of what XPM did to the client itself ("" kind: nothing).
func reviewEvent(what string) (kind model.EventKind, result, words string) {
	switch what {
	case "deleted":
		return model.EventClientDeleted, "warning", "Deleted in XPM (or merged into another client). Kept here and flagged for review."
	case "archived":
		return model.EventClientArchived, "warning", "Archived in XPM. Kept here and flagged for review."
	case "unarchived":
		return model.EventClientUnarchived, "ok", "No longer archived in XPM."
	}
	return "", "", ""
}

// queuePlanPush queues the plan's local values for XPM; queued says whether any were.
func (rs *runState) queuePlanPush(ctx context.Context, q *store.TxStmts, pl *clientPlan) (queued bool, err error) {
	if len(pl.Push) == 0 && len(pl.PushContacts) == 0 {
		return false, nil
	}
	n, err := rs.e.queuePushTx(ctx, q.Tx(), pl.Local, pl.Push, pl.PushContacts)
	if err != nil {
		return false, err
	}
	return n > 0, nil
}

func winnerWords(d Direction) string {
	if d == ToXPM {
		return "The value in XPM Sync was"
	}
	return "The value in XPM was"
}

// flagGone flags linked clients that a full list no longer returned.
func (rs *runState) flagGone(ctx context.Context, gone []string) error {
	st := rs.e.st
	if len(gone) == 0 {
		return nil
	}
	if rs.saved.linked == nil {
		var err error
		if rs.saved.linked, err = st.LinkedClientIDs(ctx); err != nil {
			return err
		}
	}
	return st.WithTxEvents(ctx, rs.e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		for _, u := range gone {
			id, ok := rs.saved.linked[u]
			if !ok {
				continue
			}
			lc, err := st.ClientTx(ctx, tx, id)
			if err != nil {
				return err
			}
			if lc.Review == "deleted" || lc.Review == "merged" {
				continue
			}
			lc.Review = "deleted"
			if err := st.UpdateClientTx(ctx, tx, &lc); err != nil {
				return err
			}
			rs.res.Flagged++
			rs.saved.flagged = append(rs.saved.flagged, id)
			if err := rec.Record(store.Event{RunID: rs.runID, Kind: model.EventClientGone, Result: "warning", ClientID: id, XPMUUID: u,
				ClientName: lc.Client.Name, Details: "No longer listed by XPM (deleted or merged there). Kept here and flagged for review."}); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkMerges looks at the clients flagged deleted this run: XPM moves a merged client's
// contacts to the client it was merged into (addendum §8), so a contact now held by a live
// client is a strong hint. Nothing is merged automatically; the hint goes to the user.
func (rs *runState) checkMerges(ctx context.Context) error {
	if len(rs.saved.flagged) == 0 {
		return nil
	}
	st := rs.e.st
	return st.WithTxEvents(ctx, rs.e.feed, func(tx *sql.Tx, rec *store.Recorder) error {
		for _, id := range rs.saved.flagged {
			lc, err := st.ClientTx(ctx, tx, id)
			if err != nil {
				return err
			}
			into := ""
			for _, c := range lc.Client.Contacts {
				if n, ok := rs.listed.owner[c.UUID]; ok && c.UUID != "" && n != lc.Client.Name {
					into = n
					break
				}
			}
			if into == "" {
				continue
			}
			lc.Review = "merged"
			if err := st.UpdateClientTx(ctx, tx, &lc); err != nil {
				return err
			}
			if err := rec.Record(store.Event{RunID: rs.runID, Kind: model.EventClientMerged, Result: "warning", ClientID: id, XPMUUID: lc.XPMUUID,
				ClientName: lc.Client.Name, Details: fmt.Sprintf("Gone from XPM and its contacts now belong to %q: possibly merged into it. Check and link by hand.", into)}); err != nil {
				return err
			}
		}
		return nil
	})
}
