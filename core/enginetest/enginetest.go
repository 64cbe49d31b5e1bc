// Package enginetest gives the tests of the packages above the engine (screens/, app/) a real
// practice to drive: an empty SQLite store in a temporary folder and, when asked, the sync
// engine over the fake XPM. A tab's test then checks real behaviour — search over the real
// index, the outbox, imports, the history — while the screens package still names neither
// core/store nor core/syncer: its tabs see only the interfaces they declare and core/view, and
// its tests reach the engine through this package.
//
// It is test support, like core/xpmtest: nothing outside tests imports it.
package enginetest

import (
	"context"
	"testing"

	"xpmsync/core/store"
	"xpmsync/core/syncer"
	"xpmsync/core/view"
	"xpmsync/core/xpm"
	"xpmsync/core/xpmfake"
	"xpmsync/core/xpmtest"
)

// Practice is one practice's data and, once Connect is called, its engine and XPM.
type Practice struct {
	Store  *store.Store
	Fake   *xpmfake.Server // nil until Connect
	API    *xpm.Client     // nil until Connect
	Engine *syncer.Engine  // nil until Connect
}

// New returns a practice with an empty SQLite store in a temporary folder, closed when the
// test ends; it has never connected to XPM.
func New(tb testing.TB) *Practice {
	tb.Helper()
	st, err := store.OpenDir(tb.TempDir())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return &Practice{Store: st}
}

// Connect signs the practice in to a fake XPM built from cfg (see xpmtest.Connect) and starts
// the sync engine over it; the test waits for the engine's background work before it ends.
func (p *Practice) Connect(tb testing.TB, cfg xpmfake.Config, opts ...xpmtest.Option) {
	tb.Helper()
	p.Fake, p.API = xpmtest.Connect(tb, cfg, opts...)
	p.Engine = syncer.New(p.Store, p.API, syncer.Options{})
	tb.Cleanup(p.Engine.Wait)
}

// SavePolicy stores the sync settings as a user did before the test began: no "settings
// changed" event is recorded, unlike the Sync Settings tab's save.
func (p *Practice) SavePolicy(tb testing.TB, pol view.Policy) {
	tb.Helper()
	if err := syncer.SavePolicy(context.Background(), p.Store, pol); err != nil {
		tb.Fatal(err)
	}
}

// RecordRun records one sync run of kind ("delta", "full") started by trigger and finished
// with status ("ok", "failed"), as the engine does, at the store's clock.
func (p *Practice) RecordRun(tb testing.TB, kind, trigger, status string) {
	tb.Helper()
	ctx := context.Background()
	id, err := p.Store.StartRun(ctx, kind, trigger)
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.Store.FinishRun(ctx, store.Run{ID: id, Status: status}); err != nil {
		tb.Fatal(err)
	}
}
