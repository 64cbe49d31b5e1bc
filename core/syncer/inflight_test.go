package syncer

import (
	"context"
	"log/slog"
	"testing"

	"xpmsync/core/model"
	"xpmsync/core/store"
)

// panickyAPI panics on its first staff list, as a bug deep in a sync would.
type panickyAPI struct {
	*memAPI
	panicked bool
}

func (p *panickyAPI) ListStaff(ctx context.Context) ([]model.Staff, error) {
	if !p.panicked {
		p.panicked = true
		panic("a bug")
	}
	return p.memAPI.ListStaff(ctx)
}

// A sync that ends in a panic still lands: the next one runs instead of waiting for ever.
func TestASyncThatPanicsDoesNotHoldTheNextOne(t *testing.T) {
	r := newRig(t, Policy{Direction: FromXPM, Level: Everything})
	api := &panickyAPI{memAPI: r.api}
	eng := New(r.st, api, Options{Now: r.clk.Now, InFlightGrace: -1, Logger: slog.New(slog.DiscardHandler), Events: func(store.Event) {}})
	t.Cleanup(eng.Wait)
	func() {
		defer func() {
			if recover() == nil {
				t.Fatal("the panic did not reach the caller")
			}
		}()
		_, _ = eng.Sync(r.ctx, Delta, TriggerSchedule, nil)
	}()
	if eng.Running() {
		t.Fatal("the engine still says a sync is running")
	}
	if _, err := eng.Sync(r.ctx, Delta, TriggerSchedule, nil); err != nil {
		t.Fatalf("the next sync: %v", err)
	}
}
