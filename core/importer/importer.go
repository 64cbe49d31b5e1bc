// Package importer brings a linked client's details, people and entities over from XPM with a
// person's review (seed 004): the client's own details are replaced at once, and each
// relationship and contact XPM holds becomes an item to import, ignore, or link to what the
// practice already recorded. Items are matched by their XPM UUID, so nothing is duplicated and
// a later import offers only what is still undecided or new. It knows nothing of the UI.
package importer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"xpmsync/core/auth"
	"xpmsync/core/model"
	"xpmsync/core/problem"
	"xpmsync/core/store"
)

// API is what an import needs from XPM; *xpm.Client satisfies it.
type API interface {
	GetClient(ctx context.Context, uuid string) (model.Client, error)
}

// Event kinds an import records for the Integration Progress tab.
const (
	KindStarted  = model.EventImportStarted
	KindFinished = model.EventImportFinished
	KindFailed   = model.EventImportFailed
	KindImported = model.EventItemImported
	KindIgnored  = model.EventItemIgnored
	KindLinked   = model.EventItemLinked
)

// ErrNotLinked means the local client has no XPM client to import from.
var ErrNotLinked = problem.New("This client is not linked to an XPM client", "Link it on the Clients tab first, then import again.", problem.None)

// Options tunes an Importer; the zero value is fine.
type Options struct {
	Logger *slog.Logger      // nil = slog.Default()
	Events func(store.Event) // live feed of recorded events, called after they commit
}

// Importer imports from XPM into one store. Safe for concurrent use.
type Importer struct {
	st   *store.Store
	api  func() API
	opts Options
	log  *slog.Logger
}

// New makes an importer; api gives the current XPM connection, or nil when not connected.
func New(st *store.Store, api func() API, opts Options) *Importer {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Importer{st: st, api: api, opts: opts, log: opts.Logger.With("component", "importer")}
}

// Progress is reported while an import runs.
type Progress struct {
	Done, Total int    // clients finished, clients asked for
	Client      string // the client being imported now
}

// ClientResult is how the import of one client went.
type ClientResult struct {
	ClientID  int64
	Name      string
	Details   []string // labels of the client details replaced from XPM
	Pending   int      // people, entities and contacts waiting for review after this import
	New       int      // of those, found for the first time
	Decided   int      // found, but imported or linked before (matched by XPM UUID): not offered
	Present   int      // of those, found already here under their XPM UUID by this import
	Refreshed int      // people and entities already brought over, updated from XPM
	Removed   int      // people and entities XPM no longer has, removed here
	Withdrawn int      // undecided items XPM no longer has, taken off the list
	Err       error    // why this client was not imported; nil = imported
}

// Summary sums up one import run.
type Summary struct {
	Clients []ClientResult
}

// Pending is how many items the run left waiting for review.
func (s Summary) Pending() int {
	n := 0
	for _, c := range s.Clients {
		n += c.Pending
	}
	return n
}

// Failed lists the clients that were not imported.
func (s Summary) Failed() []ClientResult {
	var out []ClientResult
	for _, c := range s.Clients {
		if c.Err != nil {
			out = append(out, c)
		}
	}
	return out
}

// Text says in a sentence or two how the run went.
func (s Summary) Text() string {
	ok := len(s.Clients) - len(s.Failed())
	msg := fmt.Sprintf("Imported %s from XPM", plural(ok, "client", "clients"))
	if len(s.Clients) == 1 && ok == 1 {
		c := s.Clients[0]
		msg = "Imported " + c.Name + " from XPM"
		if len(c.Details) > 0 {
			msg += " (details replaced: " + strings.Join(c.Details, ", ") + ")"
		}
	}
	switch p := s.Pending(); p {
	case 0:
		msg += "; nothing new to review."
	default:
		msg += fmt.Sprintf("; %s to review.", plural(p, "new item", "new items"))
	}
	if f := s.Failed(); len(f) == 1 {
		msg += fmt.Sprintf(" %s was not imported: %s", f[0].Name, problem.Words(f[0].Err))
	} else if len(f) > 1 {
		msg += fmt.Sprintf(" %d clients were not imported; see Integration Progress for why.", len(f))
	}
	return msg
}

// Run imports each client in turn: details replaced, relationships and contacts recorded as
// items to review. A client that fails is recorded and the run goes on; only cancellation (or
// no connection at all) stops it, with what was done so far kept.
func (im *Importer) Run(ctx context.Context, clientIDs []int64, progress func(Progress)) (Summary, error) {
	if progress == nil {
		progress = func(Progress) {}
	}
	var sum Summary
	var api API
	if im.api != nil {
		api = im.api()
	}
	if api == nil {
		return sum, auth.ErrNotConnected
	}
	for i, id := range clientIDs {
		name := ""
		if lc, err := im.st.Client(ctx, id); err == nil {
			name = lc.Client.Name
		}
		progress(Progress{Done: i, Total: len(clientIDs), Client: name})
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		res := im.importOne(ctx, api, id)
		sum.Clients = append(sum.Clients, res)
		if errors.Is(res.Err, context.Canceled) {
			return sum, res.Err
		}
	}
	progress(Progress{Done: len(clientIDs), Total: len(clientIDs)})
	return sum, nil
}

// PendingCount is how many items wait for review over every client (the Integration Progress
// tab's "Review new items (N)").
func (im *Importer) PendingCount(ctx context.Context) (int, error) {
	return im.st.PendingImportCount(ctx)
}

// Pending lists the items waiting for review for one client (0 = every client).
func (im *Importer) Pending(ctx context.Context, clientID int64) ([]store.ImportItem, error) {
	return im.st.ImportItems(ctx, clientID, store.ItemNew)
}

// emit records an event outside any transaction and feeds it live.
func (im *Importer) emit(ctx context.Context, ev store.Event) {
	if err := im.st.AddEvent(ctx, ev); err != nil {
		im.log.Warn("could not record event", "kind", ev.Kind, "err", err)
		return
	}
	im.feed(ev)
}

func (im *Importer) feed(evs ...store.Event) {
	if im.opts.Events == nil {
		return
	}
	for _, ev := range evs {
		im.opts.Events(ev)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
