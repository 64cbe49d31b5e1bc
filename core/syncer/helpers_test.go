package syncer

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"xpmsync/core/model"
	"xpmsync/core/store"
	"xpmsync/core/store/storetest"
)

// clock is a settable test clock shared by the store, the engine and the API double.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type rig struct {
	t   *testing.T
	ctx context.Context
	clk *clock
	st  *store.Store
	api *memAPI
	eng *Engine
	evs []store.Event
	mu  sync.Mutex
}

func newRig(t *testing.T, p Policy) *rig {
	t.Helper()
	st := storetest.Open(t)
	r := &rig{t: t, ctx: context.Background(), clk: newClock(), st: st}
	st.SetClock(r.clk.Now)
	r.api = newMemAPI(r.clk.Now)
	r.eng = New(st, r.api, Options{Now: r.clk.Now, InFlightGrace: -1, Logger: slog.New(slog.DiscardHandler), Events: func(e store.Event) {
		r.mu.Lock()
		r.evs = append(r.evs, e)
		r.mu.Unlock()
	}})
	t.Cleanup(r.eng.Wait)
	if p.DefaultCountryCode == "" {
		p.DefaultCountryCode = "61"
	}
	if err := SavePolicy(r.ctx, st, p); err != nil {
		t.Fatal(err)
	}
	return r
}

func (r *rig) sync(kind Kind) Result {
	r.t.Helper()
	r.clk.Advance(time.Minute)
	res, err := r.eng.Sync(r.ctx, kind, TriggerSchedule, nil)
	if err != nil {
		r.t.Fatalf("%s sync: %v", kind, err)
	}
	r.clk.Advance(time.Minute)
	return res
}

func (r *rig) local(uuid string) store.LocalClient {
	r.t.Helper()
	lc, err := r.st.ClientByXPMTx(r.ctx, r.st.DB(), uuid)
	if err != nil {
		r.t.Fatalf("local client for %s: %v", uuid, err)
	}
	return lc
}

func (r *rig) events(kind model.EventKind) []store.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []store.Event
	for _, e := range r.evs {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

func person(name, email, mobile string) model.Contact {
	return model.Contact{Name: name, Email: email, Mobile: mobile}
}

func sampleClient(name string, contacts ...model.Contact) model.Client {
	return model.Client{Name: name, Email: "office@" + slug(name) + ".com.au", Phone: "02 9000 0000", Address: "1 George St",
		City: "Sydney", Region: "NSW", PostCode: "2000", Country: "Australia", Website: "https://" + slug(name) + ".com.au",
		Tax: model.TaxDetails{BusinessStructure: "Company"}, Contacts: contacts}
}

func slug(s string) string {
	out := []rune{}
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r >= 'a' && r <= 'z' {
			out = append(out, r)
		}
	}
	return string(out)
}

// poison makes the database refuse to insert a client named name, as a full disk or a broken
// constraint would, in the words of the run's engine.
func (r *rig) poison(name string) {
	r.t.Helper()
	trigger := `CREATE TRIGGER poison BEFORE INSERT ON clients WHEN NEW.name = '` + name + `'
		BEGIN SELECT RAISE(ABORT, 'disk says no'); END`
	if r.st.Postgres() {
		trigger = `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF NEW.name = '` + name + `' THEN RAISE EXCEPTION 'disk says no'; END IF; RETURN NEW; END $$;
			CREATE TRIGGER poison BEFORE INSERT ON clients FOR EACH ROW EXECUTE FUNCTION poison()`
	}
	if _, err := r.st.DB().Exec(trigger); err != nil {
		r.t.Fatal(err)
	}
}
